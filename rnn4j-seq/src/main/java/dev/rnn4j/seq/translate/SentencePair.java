package dev.rnn4j.seq.translate;

/**
 * A source sentence and its translation as token ids (no START or END: the model adds them). An empty
 * target is allowed (the model then learns to write END at once); an empty source is not.
 */
public record SentencePair(int[] source, int[] target) {
  public SentencePair {
    if (source.length == 0) {
      throw new IllegalArgumentException("empty source sentence");
    }
  }

  /** What bucketing sorts by: the longer side. */
  public int length() {
    return Math.max(source.length, target.length + 1);
  }
}
