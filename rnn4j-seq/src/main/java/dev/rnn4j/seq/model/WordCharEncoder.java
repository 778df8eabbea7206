package dev.rnn4j.seq.model;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.SequenceEncoder;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word read through its characters: character embeddings, a one-layer bidirectional LSTM over them, and
 * the final output of each direction concatenated ({@code [h_fwd(last char); h_bwd(first char)]}, 2Hc wide).
 * Parameters are named {@code char_embedding.weight} and {@code char_rnn.*}.
 *
 * <p>Speed: a batch's distinct words are read in groups of similar length (up to 4, 8, 16 and
 * {@value #MAX_CHARS} characters), each group as a batch of its own padded to its own longest word, so one
 * long word does not make every word pay for 32 steps. Each group runs on a reader whose rows are the next
 * power of two (extra rows are one-character dummies nobody reads); readers are kept per (group, rows) and
 * share the parameters, so buffers are built once, not per batch. Words longer than {@code MAX_CHARS} are
 * read by their first {@code MAX_CHARS} characters.
 */
final class WordCharEncoder {
  static final int MAX_CHARS = 32;
  private static final int[] GROUP_LIMITS = {4, 8, 16, MAX_CHARS};
  private static final int MIN_ROWS = 16;

  private final Parameters named;
  private final int charVocab;
  private final int charEmbedding;
  private final int hidden;
  /** The first declaration of the parameters; initialisation goes through it, reading through the readers. */
  private final Embedding embedding;
  private final SequenceEncoder encoder;
  private final Map<Integer, Reader> readers = new HashMap<>();
  private final List<Reader> active = new ArrayList<>();
  private final List<List<Integer>> groups = new ArrayList<>();
  private Matrix features = Matrix.allocate(1, 1);
  private Matrix gradFeatures = Matrix.allocate(1, 1);

  WordCharEncoder(Parameters params, int charVocab, int charEmbedding, int hidden) {
    this.named = params.renamed(n -> "char_" + n);
    this.charVocab = charVocab;
    this.charEmbedding = charEmbedding;
    this.hidden = hidden;
    embedding = new Embedding(named, "embedding", charVocab, charEmbedding);
    encoder = new SequenceEncoder(named, CellType.LSTM, charEmbedding, hidden, 1, true, 0f);
    for (int i = 0; i < GROUP_LIMITS.length; i++) {
      groups.add(new ArrayList<>());
    }
  }

  void initialize(Rng rng) {
    Initialization.XAVIER.fill(embedding.weight().value(), Initialization.Role.EMBEDDING, 1, hidden, 1f, rng);
    encoder.initialize(rng, Initialization.XAVIER, 1f, 1f);
  }

  /** The features of {@code words[0..count)}, rows of {@code [count, 2Hc]} (a view, valid until the next call). */
  Matrix forward(int[][] words, int count, boolean training, Rng[] rngs) {
    if (features.rows() < count) {
      features = Matrix.allocate(Math.max(count, 2 * features.rows()), 2 * hidden);
      gradFeatures = Matrix.allocate(features.rows(), 2 * hidden);
    }
    for (List<Integer> g : groups) {
      g.clear();
    }
    for (int w = 0; w < count; w++) {
      int n = Math.min(MAX_CHARS, Math.max(1, words[w].length));
      int g = 0;
      while (GROUP_LIMITS[g] < n) {
        g++;
      }
      groups.get(g).add(w);
    }
    active.clear();
    for (int g = 0; g < GROUP_LIMITS.length; g++) {
      List<Integer> members = groups.get(g);
      if (members.isEmpty()) {
        continue;
      }
      int rows = Math.max(MIN_ROWS, Integer.highestOneBit(members.size() - 1) << 1);
      Reader r = readers.computeIfAbsent(g * (1 << 24) + rows, k -> new Reader(rows, GROUP_LIMITS[k >> 24]));
      r.forward(words, members, training, rngs);
      active.add(r);
    }
    gradFeatures.rows(0, count).zero();
    return features.rows(0, count);
  }

  /** Where the caller accumulates dLoss/dfeatures of the last forward (its first rows; zeroed by forward). */
  Matrix gradFeatures() {
    return gradFeatures;
  }

  /** Accumulates the gradients of the character embedding and LSTM from {@link #gradFeatures()}. */
  void backward() {
    for (Reader r : active) {
      r.backward();
    }
  }

  /** One group's batch: its own buffers over the shared parameters. */
  private final class Reader {
    final Embedding embedding = new Embedding(named, "embedding", charVocab, charEmbedding);
    final SequenceEncoder encoder = new SequenceEncoder(named, CellType.LSTM, charEmbedding, hidden, 1, true, 0f);
    final SequencePooling last = new SequencePooling(SequencePooling.Kind.LAST, 2 * hidden, hidden);
    final int rows;
    final int[] ids;
    final int[] lengths;
    final Matrix grad;
    List<Integer> members;

    Reader(int rows, int steps) {
      this.rows = rows;
      ids = new int[rows * steps];
      lengths = new int[rows];
      grad = Matrix.allocate(rows, 2 * hidden);
      embedding.ensureCapacity(rows * steps);
      encoder.ensureCapacity(rows, steps);
      last.ensureCapacity(rows, steps);
    }

    void forward(int[][] words, List<Integer> members, boolean training, Rng[] rngs) {
      this.members = members;
      int t = 1;
      for (int w : members) {
        t = Math.max(t, Math.min(MAX_CHARS, words[w].length));
      }
      Arrays.fill(ids, 0, t * rows, SequenceModel.PAD);
      Arrays.fill(lengths, 1);
      for (int k = 0; k < members.size(); k++) {
        int[] chars = words[members.get(k)];
        int n = Math.min(MAX_CHARS, chars.length);
        lengths[k] = Math.max(1, n);
        for (int s = 0; s < n; s++) {
          ids[s * rows + k] = chars[s];
        }
      }
      Matrix h = encoder.forward(embedding.forward(ids, t * rows), lengths, t, training, rngs);
      copyRows(last.forward(h, lengths, t), members, features, true);
    }

    void backward() {
      grad.zero();
      copyRows(gradFeatures, members, grad, false);
      encoder.gradOutput().copyFrom(last.backward(grad));
      embedding.gradOutput().copyFrom(encoder.backward());
      embedding.backward();
    }
  }

  /**
   * Between a reader's rows (k) and the batch's word rows (members[k]): {@code toWords} copies reader row k to
   * word row members[k], else word row members[k] to reader row k.
   */
  private static void copyRows(Matrix from, List<Integer> members, Matrix to, boolean toWords) {
    int w = from.cols();
    FloatBuffer f = from.buffer();
    FloatBuffer d = to.buffer();
    for (int k = 0; k < members.size(); k++) {
      int src = toWords ? k : members.get(k);
      int dst = toWords ? members.get(k) : k;
      d.put(to.offset() + dst * w, f, from.offset() + src * w, w);
    }
  }
}
