package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * How fresh parameters are drawn, by the role each plays. {@code fanIn} is a weight's column count (the
 * width it reads), {@code hidden} the recurrent width H.
 *
 * <ul>
 *   <li>{@link #UNIFORM}: char-rnn. Every weight U(-s, s) (s = the config's scale, 0.08), biases zero.
 *   <li>{@link #GAUSSIAN}: min-char-rnn. Every weight N(0, 1) * s (0.01), biases zero.
 *   <li>{@link #PYTORCH}: PyTorch's defaults. Recurrent weights and biases U(±1/sqrt(H)); PyTorch has two
 *       biases per gate (bias_ih + bias_hh), so ours is the sum of two such draws and has the same
 *       distribution. Decoder weight and bias U(±1/sqrt(fanIn)) (nn.Linear's Kaiming-uniform with a=sqrt(5)).
 *       Embedding N(0, 1).
 *   <li>{@link #XAVIER}: Glorot-uniform input weights per gate block, orthogonal recurrent weights per
 *       H x H block (Saxe et al. 2014), zero biases; decoder as PyTorch's; embedding N(0, 1).
 * </ul>
 * The gain over char-rnn's U(±0.08) comes from scale: with one-hot input a character's column is all the
 * first layer sees of it, and ±0.08 leaves the network near the unigram plateau for hundreds of updates.
 */
public enum Initialization {
  UNIFORM, GAUSSIAN, PYTORCH, XAVIER;

  /** What a parameter is, which decides how it is drawn. */
  public enum Role { INPUT_WEIGHT, RECURRENT_WEIGHT, BIAS, EMBEDDING, OUTPUT_WEIGHT, OUTPUT_BIAS }

  /** Parses a command-line name (case-insensitive). */
  public static Initialization parse(String name) {
    for (Initialization i : values()) {
      if (i.name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown initialization '" + name + "' (known: uniform, gaussian, pytorch, xavier)");
  }

  /** The name used on the command line and in checkpoints. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Fills {@code m} for a parameter of {@code role}. {@code blockRows} is the height of one gate block
   * (H for recurrent layers; Glorot and orthogonal draws are per block), {@code hidden} the layer's H.
   */
  public void fill(Matrix m, Role role, int blockRows, int hidden, float scale, Rng rng) {
    int fanIn = m.cols();
    switch (this) {
      case UNIFORM -> {
        if (role == Role.BIAS || role == Role.OUTPUT_BIAS) {
          m.zero();
        } else {
          uniform(m, scale, rng);
        }
      }
      case GAUSSIAN -> {
        if (role == Role.BIAS || role == Role.OUTPUT_BIAS) {
          m.zero();
        } else {
          for (int i = 0; i < m.size(); i++) {
            m.set(i, (float) (rng.nextGaussian() * scale));
          }
        }
      }
      case PYTORCH -> pytorch(m, role, hidden, fanIn, rng);
      case XAVIER -> {
        switch (role) {
          case INPUT_WEIGHT -> uniform(m, (float) Math.sqrt(6.0 / (fanIn + blockRows)), rng);
          case RECURRENT_WEIGHT -> orthogonalBlocks(m, blockRows, rng);
          case BIAS -> m.zero();
          default -> pytorch(m, role, hidden, fanIn, rng);
        }
      }
      default -> throw new IllegalStateException(name());
    }
  }

  private static void pytorch(Matrix m, Role role, int hidden, int fanIn, Rng rng) {
    switch (role) {
      case INPUT_WEIGHT, RECURRENT_WEIGHT -> uniform(m, (float) (1 / Math.sqrt(hidden)), rng);
      case BIAS -> {
        float s = (float) (1 / Math.sqrt(hidden));
        for (int i = 0; i < m.size(); i++) {
          m.set(i, (float) ((rng.nextDouble() * 2 - 1) * s + (rng.nextDouble() * 2 - 1) * s));
        }
      }
      case EMBEDDING -> {
        for (int i = 0; i < m.size(); i++) {
          m.set(i, (float) rng.nextGaussian());
        }
      }
      case OUTPUT_WEIGHT, OUTPUT_BIAS -> uniform(m, (float) (1 / Math.sqrt(role == Role.OUTPUT_BIAS ? hidden : fanIn)), rng);
      default -> throw new IllegalStateException(role.name());
    }
  }

  private static void uniform(Matrix m, float s, Rng rng) {
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) ((rng.nextDouble() * 2 - 1) * s));
    }
  }

  /** Each {@code blockRows x cols} block gets orthonormal rows (or columns, whichever are fewer). */
  static void orthogonalBlocks(Matrix m, int blockRows, Rng rng) {
    int cols = m.cols();
    for (int r0 = 0; r0 < m.rows(); r0 += blockRows) {
      int rows = Math.min(blockRows, m.rows() - r0);
      boolean tall = rows >= cols;
      int n = tall ? rows : cols;
      int k = tall ? cols : rows;
      DMatrixRMaj g = new DMatrixRMaj(n, k);
      for (int i = 0; i < g.data.length; i++) {
        g.data[i] = rng.nextGaussian();
      }
      QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, k);
      if (!qr.decompose(g)) {
        throw new IllegalStateException("QR decomposition failed");
      }
      DMatrixRMaj q = qr.getQ(null, true);
      DMatrixRMaj rr = qr.getR(null, true);
      // Sign correction so Q is uniformly distributed (Mezzadri 2007), not biased by the QR convention.
      for (int j = 0; j < k; j++) {
        double sign = Math.signum(rr.get(j, j)) >= 0 ? 1 : -1;
        for (int i = 0; i < n; i++) {
          q.set(i, j, q.get(i, j) * sign);
        }
      }
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          m.set((r0 + i) * cols + j, (float) (tall ? q.get(i, j) : q.get(j, i)));
        }
      }
    }
  }
}
