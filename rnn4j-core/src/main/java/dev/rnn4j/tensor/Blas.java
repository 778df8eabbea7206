package dev.rnn4j.tensor;

import org.bytedeco.openblas.global.openblas;

/** Matrix products through OpenBLAS (shipped as Maven artifacts by JavaCPP; nothing to install). */
public final class Blas {
  private Blas() {}

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)} is {@code x} or its transpose.
   * All three are row-major; shapes are checked.
   */
  public static void gemm(boolean transA, boolean transB, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
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
    openblas.cblas_sgemm(openblas.CblasRowMajor,
        transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans,
        m, n, k, alpha, a.pointer(), a.cols(), b.pointer(), b.cols(), beta, c.pointer(), c.cols());
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
