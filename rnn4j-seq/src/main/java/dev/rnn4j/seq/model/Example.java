package dev.rnn4j.seq.model;

/**
 * One sequence, encoded: what the model reads, and its gold labels.
 *
 * @param units     the ids the recurrent layers step over: word ids, or character ids for a character
 *                  classifier; at least one
 * @param wordChars each word's character ids, when words are read through their characters; else null
 * @param label     a classifier's gold class, or -1 when unknown (prediction)
 * @param tags      a tagger's gold class per word, or null when unknown
 */
public record Example(int[] units, int[][] wordChars, int label, int[] tags) {
  public Example {
    if (units.length == 0) {
      throw new IllegalArgumentException("an example needs at least one token");
    }
    if (wordChars != null && wordChars.length != units.length) {
      throw new IllegalArgumentException(units.length + " words but characters for " + wordChars.length);
    }
    if (tags != null && tags.length != units.length) {
      throw new IllegalArgumentException(units.length + " words but " + tags.length + " tags");
    }
  }

  public int length() {
    return units.length;
  }
}
