package dev.rnn4j.tensor;

import org.bytedeco.openblas.global.openblas;

/** Matrix products through OpenBLAS (shipped as Maven artifacts by JavaCPP; nothing to install). */
public final class Blas {
  private static final Profile.Part PRODUCTS = Profile.part("BLAS matrix products");

  private Blas() {}

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)} is {@code x} or its transpose.
   * All three are row-major; shapes are checked.
   */
  public static void gemm(boolean transA, boolean transB, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
    Profile.enter(PRODUCTS);
    multiply(transA, transB, alpha, a, b, beta, c);
    Profile.exit();
  }

  private static void multiply(boolean transA, boolean transB, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    if (k != kb || c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException("gemm shapes: " + (transA ? "T" : "") + a + " x " + (transB ? "T" : "") + b + " -> " + c);
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      scale(beta, c);
      return;
    }
    if (m == 1 && !transA) {
      // one row (sampling, batch-1 training): a matrix-vector product streams op(b) once, where sgemm
      // would pack it first
      if (transB) {
        openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasNoTrans, n, k, alpha, b.pointer(), b.cols(),
            a.pointer(), 1, beta, c.pointer(), 1);
      } else {
        openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasTrans, k, n, alpha, b.pointer(), b.cols(),
            a.pointer(), 1, beta, c.pointer(), 1);
      }
      return;
    }
    if (!transA && transB && m <= SMALL_ROWS) {
      fewRowsTimesTransposed(m, n, k, alpha, a, b, beta, c);
      return;
    }
    openblas.cblas_sgemm(openblas.CblasRowMajor,
        transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans,
        m, n, k, alpha, a.pointer(), a.cols(), b.pointer(), b.cols(), beta, c.pointer(), c.cols());
  }

  /**
   * Up to this many rows times a transposed matrix ({@code h W^T}: a step of a few streams, as batched
   * sampling runs) avoid sgemm's general path, which packs all of W on every call: for W of 1024 x 256 that
   * packing costs as much as eight matrix-vector products (measured: 137 us for 8 rows against 15 us for
   * one). Up to {@value #ROWS_AS_VECTORS} rows are that many matrix-vector products, each streaming W
   * once; more are computed as {@code (W h^T)^T}, where W is the left operand and the few rows are what
   * sgemm packs.
   */
  static final int SMALL_ROWS = 16;
  static final int ROWS_AS_VECTORS = 4;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * A thread's buffers for the transposed product: the off-heap product, and two heap arrays for turning it
   * back (grown, never shrunk: no allocation per step).
   */
  private static final class Scratch {
    Matrix product = Matrix.allocate(1, 1);
    float[] transposed = new float[1];
    float[] out = new float[1];

    Matrix product(int rows, int cols) {
      int size = rows * cols;
      if (product.size() < size) {
        product = Matrix.allocate(1, size);
        transposed = new float[size];
        out = new float[size];
      }
      return product.slice(0, size).reshape(rows, cols);
    }
  }

  private static void fewRowsTimesTransposed(int m, int n, int k, float alpha, Matrix a, Matrix b, float beta,
                                             Matrix c) {
    if (m <= ROWS_AS_VECTORS) {
      for (int r = 0; r < m; r++) {
        openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasNoTrans, n, k, alpha, b.pointer(), b.cols(),
            a.rows(r, 1).pointer(), 1, beta, c.rows(r, 1).pointer(), 1);
      }
      return;
    }
    Scratch scratch = SCRATCH.get();
    Matrix ct = scratch.product(n, m);
    openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, n, m, k, alpha,
        b.pointer(), b.cols(), a.pointer(), a.cols(), 0f, ct.pointer(), m);
    float[] t = scratch.transposed;
    float[] out = scratch.out;
    ct.buffer().get(ct.offset(), t, 0, n * m);
    java.nio.FloatBuffer cb = c.buffer();
    int co = c.offset();
    if (beta == 0f) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          out[i * n + j] = t[j * m + i];
        }
      }
    } else {
      cb.get(co, out, 0, m * n);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          out[i * n + j] = beta * out[i * n + j] + t[j * m + i];
        }
      }
    }
    cb.put(co, out, 0, m * n);
  }

  private static void scale(float beta, Matrix c) {
    for (int i = 0; i < c.size(); i++) {
      c.set(i, beta == 0f ? 0f : beta * c.get(i));
    }
  }

  /** Sets the number of threads OpenBLAS uses for one product. */
  public static void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    openblas.blas_set_num_threads(threads);
  }

  public static int threads() {
    return openblas.blas_get_num_threads();
  }
}
