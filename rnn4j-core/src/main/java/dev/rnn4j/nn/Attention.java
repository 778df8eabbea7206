package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;
import java.util.Locale;

/**
 * Global attention of decoder states over a memory of encoder states (Bahdanau et al. 2015, Luong et al.
 * 2015): for query q_t of stream b and memory entries m_s of its source (s below the source's length),
 * <pre>
 *   dot:      e_ts = q_t . m_s                                   (needs Hq == D)
 *   general:  e_ts = q_t . (W_a m_s)                             W_a [Hq, D]      (Luong's multiplicative)
 *   additive: e_ts = v . tanh(W_q q_t + W_k m_s + b)            W_q [A, Hq], W_k [A, D], b, v [1, A] (Bahdanau's)
 *   a_t = softmax_s(e_t)  over the source's real positions only   c_t = sum_s a_ts m_s
 * </pre>
 * The keys ({@code W_a m}, or {@code W_k m + b}) are one GEMM over the whole memory per batch, computed
 * when the memory is set; per stream the scores and the context are two small GEMMs. Padded memory
 * positions get weight exactly 0, so their values change nothing, and their gradient is 0.
 *
 * <p>Shapes: rows time-major. Memory {@code [S*M, D]} (row {@code s*M + m}) for M sources; queries
 * {@code [T*Q, Hq]} (row {@code t*Q + q}) for Q streams, stream q reading source {@code memoryOf[q]}
 * (training: Q = M and stream b reads source b; beam search: k streams read one source).
 *
 * <p>Backward, per stream (with {@code dA = dC M^T}): {@code de = a * (dA - sum_s a dA)},
 * {@code dM += a^T dC}, and through the score: dot {@code dq = de M, dM += de^T Q}; general
 * {@code dq = de K, dK = de^T Q, dM += dK W_a, dW_a += dK^T M}; additive with {@code u = tanh(...)},
 * {@code g = de * v * (1 - u^2)}: {@code dQp = sum_s g, dK = sum_t g, dv += sum de u}, then the projections'
 * GEMMs. Gradients accumulate into the parameters and into {@link #gradMemory()}.
 */
public final class Attention {
  /** How a query scores a memory entry. */
  public enum Score {
    DOT, GENERAL, ADDITIVE;

    public static Score parse(String s) {
      for (Score k : values()) {
        if (k.label().equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown attention '" + s + "' (dot, general, additive)");
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Score score;
  private final int queryWidth;
  private final int memoryWidth;
  /** Width of the keys: Hq (dot, general) or A (additive). */
  private final int keyWidth;
  private final Param weightA;
  private final Param weightQ;
  private final Param weightK;
  private final Param biasK;
  private final Param vector;

  // memory of the current batch
  private Matrix memory;
  private int[] lengths;
  private int sources;
  private int sourceSteps;
  /** Keys, time-major {@code [S*M, keyWidth]} (dot: the memory itself). */
  private Matrix keys;
  private Matrix gradKeys;
  private Matrix gradMemory;
  /** Per source, batch-major copies: keys {@code [M*S, keyWidth]} and memory {@code [M*S, D]}. */
  private Matrix keysBySource;
  private Matrix memoryBySource;
  private Matrix gradKeysBySource;
  private Matrix gradMemoryBySource;

  // queries of the last forward
  private Matrix queries;
  private int[] memoryOf;
  private int streams;
  private int steps;
  /** Additive: projected queries, time-major {@code [T*Q, A]}. */
  private Matrix projected;
  private Matrix gradProjected;
  private Matrix queriesByStream;
  /** Weights, batch-major {@code [Q*T, S]} (row {@code q*T + t}). */
  private Matrix weights;
  private Matrix gradScores;
  private Matrix contextByStream;
  private Matrix context;
  private Matrix gradContextByStream;
  private Matrix gradQueriesByStream;
  private Matrix gradQueries;
  private final Buffer contextStore = new Buffer();
  private final Buffer contextByStreamStore = new Buffer();
  private final Buffer gradContextByStreamStore = new Buffer();
  private final Buffer gradKeysStore = new Buffer();
  private final Buffer gradKeysBySourceStore = new Buffer();
  private final Buffer gradMemoryStore = new Buffer();
  private final Buffer gradMemoryBySourceStore = new Buffer();
  private final Buffer gradProjectedStore = new Buffer();
  private final Buffer gradQueriesStore = new Buffer();
  private final Buffer gradQueriesByStreamStore = new Buffer();
  private final Buffer gradScoresStore = new Buffer();
  private final Buffer keysStore = new Buffer();
  private final Buffer keysBySourceStore = new Buffer();
  private final Buffer memoryBySourceStore = new Buffer();
  private final Buffer projectedStore = new Buffer();
  private final Buffer queriesByStreamStore = new Buffer();
  private final Buffer weightsStore = new Buffer();

  /**
   * Declares the parameters of {@code score} as {@code name.weight} (general), {@code name.query.weight},
   * {@code name.key.weight}, {@code name.key.bias}, {@code name.v} (additive); dot has none.
   *
   * @param additiveWidth A, the width of the additive score's hidden layer (ignored otherwise)
   */
  public Attention(Parameters params, String name, Score score, int queryWidth, int memoryWidth, int additiveWidth) {
    if (score == Score.DOT && queryWidth != memoryWidth) {
      throw new IllegalArgumentException("dot attention needs queries as wide as the memory: " + queryWidth
          + " vs " + memoryWidth + " (use general or additive)");
    }
    this.score = score;
    this.queryWidth = queryWidth;
    this.memoryWidth = memoryWidth;
    this.keyWidth = score == Score.ADDITIVE ? additiveWidth : queryWidth;
    weightA = score == Score.GENERAL ? params.add(name + ".weight", queryWidth, memoryWidth) : null;
    if (score == Score.ADDITIVE) {
      weightQ = params.add(name + ".query.weight", additiveWidth, queryWidth);
      weightK = params.add(name + ".key.weight", additiveWidth, memoryWidth);
      biasK = params.add(name + ".key.bias", 1, additiveWidth);
      vector = params.add(name + ".v", 1, additiveWidth);
    } else {
      weightQ = null;
      weightK = null;
      biasK = null;
      vector = null;
    }
  }

  public Score score() {
    return score;
  }

  /** Every parameter (none for dot). */
  public Param[] params() {
    if (score == Score.GENERAL) {
      return new Param[] {weightA};
    }
    return score == Score.ADDITIVE ? new Param[] {weightQ, weightK, biasK, vector} : new Param[0];
  }

  /** The memory is not copied: it must stay unchanged until the last backward of this batch. */
  public void setMemory(Matrix memory, int[] lengths, int sources, int steps) {
    if (memory.rows() != sources * steps || memory.cols() != memoryWidth) {
      throw new IllegalArgumentException("memory must be [" + sources * steps + ", " + memoryWidth + "], got "
          + memory);
    }
    for (int m = 0; m < sources; m++) {
      if (lengths[m] < 1 || lengths[m] > steps) {
        throw new IllegalArgumentException("length of source " + m + " is " + lengths[m] + ", outside [1, "
            + steps + "]");
      }
    }
    this.memory = memory;
    this.lengths = lengths.clone();
    this.sources = sources;
    this.sourceSteps = steps;
    int rows = sources * steps;
    keysBySource = keysBySourceStore.view(rows, keyWidth);
    memoryBySource = memoryBySourceStore.view(rows, memoryWidth);
    gradKeysBySource = gradKeysBySourceStore.view(rows, keyWidth);
    gradMemoryBySource = gradMemoryBySourceStore.view(rows, memoryWidth);
    gradMemory = gradMemoryStore.view(rows, memoryWidth);
    gradMemory.zero();
    gradMemoryBySource.zero();
    if (score == Score.DOT) {
      keys = memory;
    } else {
      keys = keysStore.view(rows, keyWidth);
      gradKeys = gradKeysStore.view(rows, keyWidth);
      Blas.gemm(false, true, 1f, memory, score == Score.GENERAL ? weightA.value() : weightK.value(), 0f, keys);
      if (score == Score.ADDITIVE) {
        addRow(keys, biasK.value());
      }
    }
    toBySource(keys, keysBySource, sources, steps);
    toBySource(memory, memoryBySource, sources, steps);
  }

  /**
   * Contexts of {@code queries [steps*streams, Hq]}, stream q reading source {@code memoryOf[q]}: returns
   * {@code [steps*streams, D]}, a view valid until the next forward. {@link #weightsOf} holds the weights.
   */
  public Matrix forward(Matrix queries, int streams, int steps, int[] memoryOf) {
    if (memory == null) {
      throw new IllegalStateException("set the memory first");
    }
    if (queries.rows() != steps * streams || queries.cols() != queryWidth) {
      throw new IllegalArgumentException("queries must be [" + steps * streams + ", " + queryWidth + "], got "
          + queries);
    }
    for (int q = 0; q < streams; q++) {
      if (memoryOf[q] < 0 || memoryOf[q] >= sources) {
        throw new IllegalArgumentException("stream " + q + " reads source " + memoryOf[q] + " of " + sources);
      }
    }
    this.queries = queries;
    this.memoryOf = memoryOf.clone();
    this.streams = streams;
    this.steps = steps;
    int rows = steps * streams;
    int s = sourceSteps;
    Matrix q = queries;
    if (score == Score.ADDITIVE) {
      projected = projectedStore.view(rows, keyWidth);
      gradProjected = gradProjectedStore.view(rows, keyWidth);
      Blas.gemm(false, true, 1f, queries, weightQ.value(), 0f, projected.rows(0, rows));
      q = projected.rows(0, rows);
    }
    queriesByStream = queriesByStreamStore.view(rows, keyWidth);
    toBySource(q, queriesByStream, streams, steps);
    weights = weightsStore.view(rows * s, 1);
    gradScores = gradScoresStore.view(rows * s, 1);
    contextByStream = contextByStreamStore.view(rows, memoryWidth);
    context = contextStore.view(rows, memoryWidth);
    for (int b = 0; b < streams; b++) {
      Matrix a = weightsOf(b);
      int m = memoryOf[b];
      if (score == Score.ADDITIVE) {
        additiveScores(b, m, a);
      } else {
        Blas.gemm(false, true, 1f, queriesByStream.rows(b * steps, steps), keysBySource.rows(m * s, s), 0f, a);
      }
      softmaxRows(a, lengths[m]);
      Blas.gemm(false, false, 1f, a, memoryBySource.rows(m * s, s), 0f, contextByStream.rows(b * steps, steps));
    }
    Matrix c = context.rows(0, rows);
    fromBySource(contextByStream, c, streams, steps);
    return c;
  }

  /** The last forward's weights of stream q, {@code [steps, S]} (zero past the source's length). */
  public Matrix weightsOf(int q) {
    int s = sourceSteps;
    return weights.slice(q * steps * s, steps * s).reshape(steps, s);
  }

  /**
   * Backward of the last forward from {@code dContext [steps*streams, D]}: accumulates the parameters'
   * gradients and {@link #gradMemory()}; returns dLoss/dqueries (a view, valid until the next call).
   */
  public Matrix backward(Matrix dContext) {
    int rows = steps * streams;
    int s = sourceSteps;
    gradContextByStream = gradContextByStreamStore.view(rows, memoryWidth);
    gradQueriesByStream = gradQueriesByStreamStore.view(rows, keyWidth);
    gradQueries = gradQueriesStore.view(rows, queryWidth);
    toBySource(dContext, gradContextByStream, streams, steps);
    gradKeysBySource.zero();
    for (int b = 0; b < streams; b++) {
      int m = memoryOf[b];
      Matrix a = weightsOf(b);
      Matrix dc = gradContextByStream.rows(b * steps, steps);
      Matrix mem = memoryBySource.rows(m * s, s);
      Matrix de = gradScores.slice(b * steps * s, steps * s).reshape(steps, s);
      Blas.gemm(false, true, 1f, dc, mem, 0f, de);
      Blas.gemm(true, false, 1f, a, dc, 1f, gradMemoryBySource.rows(m * s, s));
      softmaxBackward(a, de, lengths[m]);
      Matrix dq = gradQueriesByStream.rows(b * steps, steps);
      if (score == Score.ADDITIVE) {
        additiveBackward(b, m, de, dq);
      } else {
        Blas.gemm(false, false, 1f, de, keysBySource.rows(m * s, s), 0f, dq);
        Blas.gemm(true, false, 1f, de, queriesByStream.rows(b * steps, steps), 1f, gradKeysBySource.rows(m * s, s));
      }
    }
    Matrix dq = gradQueries.rows(0, rows);
    if (score == Score.ADDITIVE) {
      Matrix dp = gradProjected.rows(0, rows);
      fromBySource(gradQueriesByStream, dp, streams, steps);
      Blas.gemm(false, false, 1f, dp, weightQ.value(), 0f, dq);
      Blas.gemm(true, false, 1f, dp, queries, 1f, weightQ.grad());
    } else {
      fromBySource(gradQueriesByStream, dq, streams, steps);
    }
    // memory gradient: the context's part, plus the keys' part through their projection
    Matrix dm = gradMemory.rows(0, sources * s);
    addFromBySource(gradMemoryBySource, dm, sources, s);
    gradMemoryBySource.zero();
    if (score == Score.DOT) {
      addFromBySource(gradKeysBySource, dm, sources, s);
    } else {
      Matrix dk = gradKeys.rows(0, sources * s);
      fromBySource(gradKeysBySource, dk, sources, s);
      Param w = score == Score.GENERAL ? weightA : weightK;
      Blas.gemm(false, false, 1f, dk, w.value(), 1f, dm);
      Blas.gemm(true, false, 1f, dk, memory, 1f, w.grad());
      if (score == Score.ADDITIVE) {
        sumRows(dk, biasK.grad());
      }
    }
    return dq;
  }

  /** dLoss/dmemory accumulated by the backward passes since the memory was set, {@code [S*M, D]}. */
  public Matrix gradMemory() {
    return gradMemory.rows(0, sources * sourceSteps);
  }

  private void additiveScores(int b, int m, Matrix a) {
    int s = sourceSteps;
    int w = keyWidth;
    FloatBuffer qb = queriesByStream.buffer();
    FloatBuffer kb = keysBySource.buffer();
    FloatBuffer vb = vector.value().buffer();
    int vo = vector.value().offset();
    int len = lengths[m];
    for (int t = 0; t < steps; t++) {
      int qo = queriesByStream.offset() + (b * steps + t) * w;
      for (int j = 0; j < len; j++) {
        int ko = keysBySource.offset() + (m * s + j) * w;
        float e = 0;
        for (int i = 0; i < w; i++) {
          e += vb.get(vo + i) * Activations.tanh(qb.get(qo + i) + kb.get(ko + i));
        }
        a.set(t, j, e);
      }
    }
  }

  /** The additive score's backward for stream b from de [steps, S]: dq (projected), dK, dv. */
  private void additiveBackward(int b, int m, Matrix de, Matrix dq) {
    int s = sourceSteps;
    int w = keyWidth;
    dq.zero();
    FloatBuffer qb = queriesByStream.buffer();
    FloatBuffer kb = keysBySource.buffer();
    FloatBuffer dkb = gradKeysBySource.buffer();
    FloatBuffer dqb = dq.buffer();
    FloatBuffer vb = vector.value().buffer();
    FloatBuffer dvb = vector.grad().buffer();
    int vo = vector.value().offset();
    int dvo = vector.grad().offset();
    int len = lengths[m];
    for (int t = 0; t < steps; t++) {
      int qo = queriesByStream.offset() + (b * steps + t) * w;
      int dqo = dq.offset() + t * w;
      for (int j = 0; j < len; j++) {
        float d = de.get(t, j);
        if (d == 0f) {
          continue;
        }
        int ko = keysBySource.offset() + (m * s + j) * w;
        int dko = gradKeysBySource.offset() + (m * s + j) * w;
        for (int i = 0; i < w; i++) {
          float u = Activations.tanh(qb.get(qo + i) + kb.get(ko + i));
          float g = d * vb.get(vo + i) * (1f - u * u);
          dqb.put(dqo + i, dqb.get(dqo + i) + g);
          dkb.put(dko + i, dkb.get(dko + i) + g);
          dvb.put(dvo + i, dvb.get(dvo + i) + d * u);
        }
      }
    }
  }

  /** Softmax of each row over its first {@code len} columns (in double); the rest 0. */
  private static void softmaxRows(Matrix a, int len) {
    int cols = a.cols();
    for (int t = 0; t < a.rows(); t++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < len; j++) {
        max = Math.max(max, a.get(t, j));
      }
      double sum = 0;
      for (int j = 0; j < len; j++) {
        sum += Math.exp(a.get(t, j) - max);
      }
      for (int j = 0; j < cols; j++) {
        a.set(t, j, j < len ? (float) (Math.exp(a.get(t, j) - max) / sum) : 0f);
      }
    }
  }

  /** de = a * (dA - sum_s a dA), in place over dA; 0 past {@code len}. */
  private static void softmaxBackward(Matrix a, Matrix d, int len) {
    int cols = a.cols();
    for (int t = 0; t < a.rows(); t++) {
      double dot = 0;
      for (int j = 0; j < len; j++) {
        dot += (double) a.get(t, j) * d.get(t, j);
      }
      for (int j = 0; j < cols; j++) {
        d.set(t, j, j < len ? (float) (a.get(t, j) * (d.get(t, j) - dot)) : 0f);
      }
    }
  }

  /** dst row {@code b*steps + t} = src row {@code t*n + b}. */
  private static void toBySource(Matrix src, Matrix dst, int n, int steps) {
    int w = src.cols();
    FloatBuffer d = dst.buffer();
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < n; b++) {
        d.put(dst.offset() + (b * steps + t) * w, src.buffer(), src.offset() + (t * n + b) * w, w);
      }
    }
  }

  /** dst row {@code t*n + b} = src row {@code b*steps + t}. */
  private static void fromBySource(Matrix src, Matrix dst, int n, int steps) {
    int w = src.cols();
    FloatBuffer d = dst.buffer();
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < n; b++) {
        d.put(dst.offset() + (t * n + b) * w, src.buffer(), src.offset() + (b * steps + t) * w, w);
      }
    }
  }

  /** dst row {@code t*n + b} += src row {@code b*steps + t}. */
  private static void addFromBySource(Matrix src, Matrix dst, int n, int steps) {
    int w = src.cols();
    FloatBuffer s = src.buffer();
    FloatBuffer d = dst.buffer();
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < n; b++) {
        int so = src.offset() + (b * steps + t) * w;
        int o = dst.offset() + (t * n + b) * w;
        for (int j = 0; j < w; j++) {
          d.put(o + j, d.get(o + j) + s.get(so + j));
        }
      }
    }
  }

  private static void addRow(Matrix m, Matrix row) {
    FloatBuffer b = m.buffer();
    int w = m.cols();
    for (int r = 0; r < m.rows(); r++) {
      for (int j = 0; j < w; j++) {
        int o = m.offset() + r * w + j;
        b.put(o, b.get(o) + row.get(j));
      }
    }
  }

  private static void sumRows(Matrix m, Matrix into) {
    int w = m.cols();
    for (int r = 0; r < m.rows(); r++) {
      for (int j = 0; j < w; j++) {
        into.set(j, into.get(j) + m.get(r, j));
      }
    }
  }

  /** Storage that only grows, seen as a matrix of the size a batch needs. */
  private static final class Buffer {
    private Matrix store;

    Matrix view(int rows, int cols) {
      int n = rows * cols;
      if (store == null || store.size() < n) {
        store = Matrix.allocate(Math.max(n, 1), 1);
      }
      return store.slice(0, n).reshape(rows, cols);
    }
  }
}
