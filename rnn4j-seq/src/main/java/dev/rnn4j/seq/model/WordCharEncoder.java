package dev.rnn4j.seq.model;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.SequenceEncoder;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.Arrays;

/**
 * A word read through its characters: character embeddings, a one-layer bidirectional LSTM over them, and
 * the final output of each direction concatenated ({@code [h_fwd(last char); h_bwd(first char)]}, 2Hc wide).
 * Parameters are named {@code char_embedding.weight} and {@code char_rnn.*}.
 *
 * <p>The words of a batch are read as one batch of their own. Its row count only grows (rounded up to a
 * multiple of 32, extra rows are one-character dummies nobody reads), so that the recurrent layer's
 * buffers are not rebuilt for every batch. Words longer than {@link #MAX_CHARS} characters are read by
 * their first {@code MAX_CHARS}: URLs and runs of symbols would otherwise set the step count of a whole batch.
 */
final class WordCharEncoder {
  static final int MAX_CHARS = 32;
  private static final int ROW_QUANTUM = 32;

  private final Embedding embedding;
  private final SequenceEncoder encoder;
  private final SequencePooling last;
  private final int hidden;
  private int rows;
  private int steps;
  private int[] ids = new int[0];
  private int[] lengths = new int[0];
  private Matrix features;
  private Matrix gradFeatures;
  private int lastSteps;

  WordCharEncoder(Parameters params, int charVocab, int charEmbedding, int hidden) {
    Parameters named = params.renamed(n -> "char_" + n);
    this.hidden = hidden;
    embedding = new Embedding(named, "embedding", charVocab, charEmbedding);
    encoder = new SequenceEncoder(named, CellType.LSTM, charEmbedding, hidden, 1, true, 0f);
    last = new SequencePooling(SequencePooling.Kind.LAST, 2 * hidden, hidden);
  }

  int width() {
    return 2 * hidden;
  }

  void initialize(Rng rng) {
    Initialization.XAVIER.fill(embedding.weight().value(), Initialization.Role.EMBEDDING, 1, hidden, 1f, rng);
    encoder.initialize(rng, Initialization.XAVIER, 1f, 1f);
  }

  /** The features of {@code words[0..count)}, rows of {@code [count, 2Hc]} (a view, valid until the next call). */
  Matrix forward(int[][] words, int count, boolean training, Rng[] rngs) {
    int t = 1;
    for (int i = 0; i < count; i++) {
      t = Math.max(t, Math.min(MAX_CHARS, words[i].length));
    }
    ensureCapacity(count, t);
    Arrays.fill(ids, 0, t * rows, 0);
    for (int w = 0; w < rows; w++) {
      if (w >= count) {
        lengths[w] = 1;
        continue;
      }
      int n = Math.max(1, Math.min(MAX_CHARS, words[w].length));
      lengths[w] = n;
      for (int s = 0; s < Math.min(n, words[w].length); s++) {
        ids[s * rows + w] = words[w][s];
      }
    }
    Matrix x = embedding.forward(ids, t * rows);
    Matrix h = encoder.forward(x, lengths, t, training, rngs);
    lastSteps = t;
    Matrix f = last.forward(h, lengths, t);
    features.copyFrom(f);
    gradFeatures.zero();
    return features.rows(0, count);
  }

  /** Where the caller accumulates dLoss/dfeatures of the last forward ({@code [rows, 2Hc]}, zeroed by forward). */
  Matrix gradFeatures() {
    return gradFeatures;
  }

  /** Accumulates the gradients of the character embedding and LSTM from {@link #gradFeatures()}. */
  void backward() {
    Matrix dh = last.backward(gradFeatures);
    encoder.gradOutput().copyFrom(dh);
    Matrix dx = encoder.backward();
    embedding.gradOutput().copyFrom(dx);
    embedding.backward();
  }

  private void ensureCapacity(int count, int t) {
    int want = Math.max(rows, (count + ROW_QUANTUM - 1) / ROW_QUANTUM * ROW_QUANTUM);
    if (want == rows && t <= steps) {
      return;
    }
    rows = want;
    steps = Math.max(steps, t);
    ids = new int[rows * steps];
    lengths = new int[rows];
    embedding.ensureCapacity(rows * steps);
    encoder.ensureCapacity(rows, steps);
    last.ensureCapacity(rows, steps);
    features = Matrix.allocate(rows, 2 * hidden);
    gradFeatures = Matrix.allocate(rows, 2 * hidden);
  }
}
