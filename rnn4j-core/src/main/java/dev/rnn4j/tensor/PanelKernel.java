package dev.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked product behind {@link PackedWeight}: {@code c (+)= a * B} for a few rows a and a
 * weight B already copied into column panels.
 *
 * <p>Layouts, all heap {@code float[]}:
 * <pre>
 *   B panels   panel p holds columns [48p, 48p + 48) for every k, row after row:  bp[p*K*48 + kk*48 + col]
 *   a blocks   rows in blocks of 8, then of 4; a block of r rows stores, for every kk, its r values side
 *              by side:                                                             ap[base + kk*r + row]
 *              the last block of 4 is padded with zero rows
 *   c          row-major, n a multiple of 48, with room for the padding rows
 * </pre>
 * One call of a block kernel keeps an {@code r x 48} tile of c in {@code 3r} vector registers (24 of the 32
 * for eight rows) and walks k once: per kk three loads of B, r broadcasts of a, 3r fused multiply-adds. So B
 * streams from cache once per block of eight rows, not once per row, and c is written once per tile. Java 17's
 * C2 keeps these {@link FloatVector} locals in registers as long as none escapes.
 *
 * <p>Needs the {@code jdk.incubator.vector} module; {@link PackedWeight} loads this class only when it is
 * there and the CPU has 512-bit vectors.
 */
final class PanelKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
  static final int LANES = 16;
  /** Columns per panel: three vectors. */
  static final int PANEL = 3 * LANES;

  private PanelKernel() {}

  /** Rows of c (and of the packed a) that {@link #multiply} touches for m rows: m rounded up to 8s then 4s. */
  static int paddedRows(int m) {
    return m / 8 * 8 + (m % 8 + 3) / 4 * 4;
  }

  /** True where 512-bit float vectors are the JIT's native width (AVX-512), not an emulation. */
  static boolean nativeWidth() {
    return FloatVector.SPECIES_PREFERRED.length() >= LANES;
  }

  /**
   * {@code c = a * B} (or {@code c += a * B} when {@code accumulate}) for the m rows packed in {@code ap}
   * (see the class comment) and {@code n / 48} panels of depth k. Rows past the last block of 8 go in
   * blocks of 4, padded: a single row would be bound by the latency of its three accumulator chains (9
   * GFLOP/s measured, against 75 for blocks of 8). A block of 4 costs more than half a block of 8 (its B
   * loads are shared by fewer rows), so 25 rows take about as long as 28 would.
   */
  static void multiply(float[] ap, int m, int k, float[] bp, int n, float[] c, boolean accumulate) {
    int panels = n / PANEL;
    for (int p = 0; p < panels; p++) {
      int b = p * k * PANEL;
      int col = p * PANEL;
      int row = 0;
      int a = 0;
      for (; row + 8 <= m; row += 8, a += 8 * k) {
        block8(ap, a, k, bp, b, c, row * n + col, n, accumulate);
      }
      for (; row < m; row += 4, a += 4 * k) {
        block4(ap, a, k, bp, b, c, row * n + col, n, accumulate);
      }
    }
  }

  private static FloatVector start(float[] c, int at, boolean accumulate) {
    return accumulate ? FloatVector.fromArray(SPECIES, c, at) : FloatVector.zero(SPECIES);
  }

  private static void block8(float[] ap, int a, int k, float[] bp, int b, float[] c, int co, int ldc,
                             boolean acc) {
    int c1 = co + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    int c6 = c5 + ldc;
    int c7 = c6 + ldc;
    FloatVector r00 = start(c, co, acc), r01 = start(c, co + 16, acc), r02 = start(c, co + 32, acc);
    FloatVector r10 = start(c, c1, acc), r11 = start(c, c1 + 16, acc), r12 = start(c, c1 + 32, acc);
    FloatVector r20 = start(c, c2, acc), r21 = start(c, c2 + 16, acc), r22 = start(c, c2 + 32, acc);
    FloatVector r30 = start(c, c3, acc), r31 = start(c, c3 + 16, acc), r32 = start(c, c3 + 32, acc);
    FloatVector r40 = start(c, c4, acc), r41 = start(c, c4 + 16, acc), r42 = start(c, c4 + 32, acc);
    FloatVector r50 = start(c, c5, acc), r51 = start(c, c5 + 16, acc), r52 = start(c, c5 + 32, acc);
    FloatVector r60 = start(c, c6, acc), r61 = start(c, c6 + 16, acc), r62 = start(c, c6 + 32, acc);
    FloatVector r70 = start(c, c7, acc), r71 = start(c, c7 + 16, acc), r72 = start(c, c7 + 32, acc);
    for (int kk = 0; kk < k; kk++) {
      int bi = b + kk * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + 16);
      FloatVector b2 = FloatVector.fromArray(SPECIES, bp, bi + 32);
      int ai = a + kk * 8;
      FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
      r00 = b0.fma(x, r00);
      r01 = b1.fma(x, r01);
      r02 = b2.fma(x, r02);
      x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
      r10 = b0.fma(x, r10);
      r11 = b1.fma(x, r11);
      r12 = b2.fma(x, r12);
      x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
      r20 = b0.fma(x, r20);
      r21 = b1.fma(x, r21);
      r22 = b2.fma(x, r22);
      x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
      r30 = b0.fma(x, r30);
      r31 = b1.fma(x, r31);
      r32 = b2.fma(x, r32);
      x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
      r40 = b0.fma(x, r40);
      r41 = b1.fma(x, r41);
      r42 = b2.fma(x, r42);
      x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
      r50 = b0.fma(x, r50);
      r51 = b1.fma(x, r51);
      r52 = b2.fma(x, r52);
      x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
      r60 = b0.fma(x, r60);
      r61 = b1.fma(x, r61);
      r62 = b2.fma(x, r62);
      x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
      r70 = b0.fma(x, r70);
      r71 = b1.fma(x, r71);
      r72 = b2.fma(x, r72);
    }
    r00.intoArray(c, co);
    r01.intoArray(c, co + 16);
    r02.intoArray(c, co + 32);
    r10.intoArray(c, c1);
    r11.intoArray(c, c1 + 16);
    r12.intoArray(c, c1 + 32);
    r20.intoArray(c, c2);
    r21.intoArray(c, c2 + 16);
    r22.intoArray(c, c2 + 32);
    r30.intoArray(c, c3);
    r31.intoArray(c, c3 + 16);
    r32.intoArray(c, c3 + 32);
    r40.intoArray(c, c4);
    r41.intoArray(c, c4 + 16);
    r42.intoArray(c, c4 + 32);
    r50.intoArray(c, c5);
    r51.intoArray(c, c5 + 16);
    r52.intoArray(c, c5 + 32);
    r60.intoArray(c, c6);
    r61.intoArray(c, c6 + 16);
    r62.intoArray(c, c6 + 32);
    r70.intoArray(c, c7);
    r71.intoArray(c, c7 + 16);
    r72.intoArray(c, c7 + 32);
  }

  private static void block4(float[] ap, int a, int k, float[] bp, int b, float[] c, int co, int ldc,
                             boolean acc) {
    int c1 = co + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    FloatVector r00 = start(c, co, acc), r01 = start(c, co + 16, acc), r02 = start(c, co + 32, acc);
    FloatVector r10 = start(c, c1, acc), r11 = start(c, c1 + 16, acc), r12 = start(c, c1 + 32, acc);
    FloatVector r20 = start(c, c2, acc), r21 = start(c, c2 + 16, acc), r22 = start(c, c2 + 32, acc);
    FloatVector r30 = start(c, c3, acc), r31 = start(c, c3 + 16, acc), r32 = start(c, c3 + 32, acc);
    for (int kk = 0; kk < k; kk++) {
      int bi = b + kk * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + 16);
      FloatVector b2 = FloatVector.fromArray(SPECIES, bp, bi + 32);
      int ai = a + kk * 4;
      FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
      r00 = b0.fma(x, r00);
      r01 = b1.fma(x, r01);
      r02 = b2.fma(x, r02);
      x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
      r10 = b0.fma(x, r10);
      r11 = b1.fma(x, r11);
      r12 = b2.fma(x, r12);
      x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
      r20 = b0.fma(x, r20);
      r21 = b1.fma(x, r21);
      r22 = b2.fma(x, r22);
      x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
      r30 = b0.fma(x, r30);
      r31 = b1.fma(x, r31);
      r32 = b2.fma(x, r32);
    }
    r00.intoArray(c, co);
    r01.intoArray(c, co + 16);
    r02.intoArray(c, co + 32);
    r10.intoArray(c, c1);
    r11.intoArray(c, c1 + 16);
    r12.intoArray(c, c1 + 32);
    r20.intoArray(c, c2);
    r21.intoArray(c, c2 + 16);
    r22.intoArray(c, c2 + 32);
    r30.intoArray(c, c3);
    r31.intoArray(c, c3 + 16);
    r32.intoArray(c, c3 + 32);
  }
}
