package dev.rnn4j.decode;

import dev.rnn4j.tensor.Matrix;

/**
 * Runs a decoder one token at a time for {@link #streams()} parallel hypotheses of one input: what greedy
 * decoding, beam search and sampling ({@link SequenceDecoder}) need. The caller starts it on its input (an
 * image, a source sentence) before decoding.
 */
public interface Stepper {
  /** How many hypotheses it runs side by side. */
  int streams();

  /** Logits per step: the target vocabulary's size. */
  int vocabSize();

  /**
   * Feeds {@code ids[k]} to stream k ({@link dev.rnn4j.text.WordVocabulary#START} first) and returns the
   * next-token logits, {@code [streams, vocabSize]}: a view valid until the next step.
   */
  Matrix step(int[] ids);

  /** Makes stream k continue from what stream {@code parents[k]} had (beam search keeps its best). */
  void reorder(int[] parents);
}
