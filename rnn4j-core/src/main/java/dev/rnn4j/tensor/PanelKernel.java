package dev.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked product behind {@link PackedWeight}: {@code c (+)= a * B} for a few rows a and a
 * weight B already copied into column panels.
 *
 * <p>Layouts, all heap {@code float[]}:
 * <pre>
 *   B panels   panel p holds columns [32p, 32p + 32) for every k, row after row:  bp[p*K*32 + kk*32 + col]
 *   a blocks   rows in blocks (see {@link #blockAt}); a block of r rows stores, for every kk, its r values
 *              side by side:                                                        ap[base + kk*r + row]
 *              the last block may be padded with zero rows
 *   c          row-major, n a multiple of 32, with room for the padding rows
 * </pre>
 * One call of a block kernel keeps an {@code r x 32} tile of c in {@code 2r} vector registers (24 of the 32
 * for twelve rows) and walks k once: per kk two loads of B, r broadcasts of a, 2r fused multiply-adds.
 * Java 17's C2 keeps these {@link FloatVector} locals in registers as long as none escapes.
 *
 * <p>What bounds the product is how often B streams from cache, once per block, more than the multiply-adds
 * (measured on the 2-core Xeon: 24 rows as two blocks of 12 take 10-20% less time than as three of 8; a
 * 25th row as a padded block of 4 cost 17% of the product). So blocks are as tall as the registers allow,
 * twelve rows, and the rows left make one block of 4, 8 or 12, padded, or a single row, which has its own
 * kernel; {@link #blockAt} says where nine and eight do better. Not thirteen: with 29 vectors live C2
 * sometimes compiled that kernel to code three times larger and a third as fast, for the whole run.
 *
 * <p>Needs the {@code jdk.incubator.vector} module; {@link VectorSupport} says whether it runs here.
 */
final class PanelKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
  static final int LANES = 16;
  /** Columns per panel: two vectors. */
  static final int PANEL = 2 * LANES;

  private PanelKernel() {}

  /** True where 512-bit float vectors are the JIT's native width (AVX-512), not an emulation. */
  static boolean nativeWidth() {
    return FloatVector.SPECIES_PREFERRED.length() >= LANES;
  }

  /**
   * Rows of the block that starts at row {@code first} of m: twelves, then the rows left as one block of 1,
   * 4, 8 or 12, padded past m with zero rows. Except where twelves would leave a single row and there are
   * at least 25 (a training replica's share of 50 streams is 25): the last 25 rows run as 9 + 8 + 8, not
   * 12 + 12 + 1. A pass over B costs 110-160 us for the 2048 x 512 recurrent weight however few rows it
   * carries, and the single row's pass was 15-20% of the product (one thread, {@code [25 x 512] x
   * [512 x 2048]}: 673-834 against 870-917 us). Thirteen rows stay 12 + 1: as 8 + 8 with three padding
   * rows they were slower (507-565 against 465-474 us).
   */
  static int blockAt(int m, int first) {
    int left = m - first;
    if (m % 12 == 1 && m >= 25 && left <= 25) {
      return left == 25 ? 9 : 8;
    }
    if (left >= 12) {
      return 12;
    }
    return left == 1 ? 1 : left <= 4 ? 4 : left <= 8 ? 8 : 12;
  }

  /** Rows of c (and of the packed a) that {@link #multiply} touches for m rows, padding included. */
  static int paddedRows(int m) {
    int row = 0;
    while (row < m) {
      row += blockAt(m, row);
    }
    return row;
  }

  /**
   * {@code c += a * B} for the m rows packed in {@code ap} (see the class comment) and {@code n / 32} panels
   * of depth k. Always accumulating (callers zero c for a plain product) keeps a branch out of the kernels:
   * one taken only later made C2 drop its compiled kernel, and the Vector API runs a hundred times slower
   * until it compiles again.
   */
  static void multiply(float[] ap, int m, int k, float[] bp, int n, float[] c) {
    int panels = n / PANEL;
    for (int p = 0; p < panels; p++) {
      int b = p * k * PANEL;
      int col = p * PANEL;
      for (int row = 0, a = 0, rows; row < m; row += rows, a += rows * k) {
        rows = blockAt(m, row);
        int co = row * n + col;
        switch (rows) {
          case 12 -> block12(ap, a, k, bp, b, c, co, n);
          case 9 -> block9(ap, a, k, bp, b, c, co, n);
          case 8 -> block8(ap, a, k, bp, b, c, co, n);
          case 4 -> block4(ap, a, k, bp, b, c, co, n);
          default -> block1(ap, a, k, bp, b, c, co);
        }
      }
    }
  }


  private static void block12(float[] ap, int a, int k, float[] bp, int b, float[] c, int co, int ldc) {
    int c1 = co + ldc;
    int c2 = co + 2 * ldc;
    int c3 = co + 3 * ldc;
    int c4 = co + 4 * ldc;
    int c5 = co + 5 * ldc;
    int c6 = co + 6 * ldc;
    int c7 = co + 7 * ldc;
    int c8 = co + 8 * ldc;
    int c9 = co + 9 * ldc;
    int c10 = co + 10 * ldc;
    int c11 = co + 11 * ldc;
    FloatVector r0a = FloatVector.fromArray(SPECIES, c, co), r0b = FloatVector.fromArray(SPECIES, c, co + 16);
    FloatVector r1a = FloatVector.fromArray(SPECIES, c, c1), r1b = FloatVector.fromArray(SPECIES, c, c1 + 16);
    FloatVector r2a = FloatVector.fromArray(SPECIES, c, c2), r2b = FloatVector.fromArray(SPECIES, c, c2 + 16);
    FloatVector r3a = FloatVector.fromArray(SPECIES, c, c3), r3b = FloatVector.fromArray(SPECIES, c, c3 + 16);
    FloatVector r4a = FloatVector.fromArray(SPECIES, c, c4), r4b = FloatVector.fromArray(SPECIES, c, c4 + 16);
    FloatVector r5a = FloatVector.fromArray(SPECIES, c, c5), r5b = FloatVector.fromArray(SPECIES, c, c5 + 16);
    FloatVector r6a = FloatVector.fromArray(SPECIES, c, c6), r6b = FloatVector.fromArray(SPECIES, c, c6 + 16);
    FloatVector r7a = FloatVector.fromArray(SPECIES, c, c7), r7b = FloatVector.fromArray(SPECIES, c, c7 + 16);
    FloatVector r8a = FloatVector.fromArray(SPECIES, c, c8), r8b = FloatVector.fromArray(SPECIES, c, c8 + 16);
    FloatVector r9a = FloatVector.fromArray(SPECIES, c, c9), r9b = FloatVector.fromArray(SPECIES, c, c9 + 16);
    FloatVector r10a = FloatVector.fromArray(SPECIES, c, c10), r10b = FloatVector.fromArray(SPECIES, c, c10 + 16);
    FloatVector r11a = FloatVector.fromArray(SPECIES, c, c11), r11b = FloatVector.fromArray(SPECIES, c, c11 + 16);
    for (int kk = 0; kk < k; kk++) {
      int bi = b + kk * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + 16);
      int ai = a + kk * 12;
      FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
      r0a = b0.fma(x, r0a);
      r0b = b1.fma(x, r0b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
      r1a = b0.fma(x, r1a);
      r1b = b1.fma(x, r1b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
      r2a = b0.fma(x, r2a);
      r2b = b1.fma(x, r2b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
      r3a = b0.fma(x, r3a);
      r3b = b1.fma(x, r3b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
      r4a = b0.fma(x, r4a);
      r4b = b1.fma(x, r4b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
      r5a = b0.fma(x, r5a);
      r5b = b1.fma(x, r5b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
      r6a = b0.fma(x, r6a);
      r6b = b1.fma(x, r6b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
      r7a = b0.fma(x, r7a);
      r7b = b1.fma(x, r7b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 8]);
      r8a = b0.fma(x, r8a);
      r8b = b1.fma(x, r8b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 9]);
      r9a = b0.fma(x, r9a);
      r9b = b1.fma(x, r9b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 10]);
      r10a = b0.fma(x, r10a);
      r10b = b1.fma(x, r10b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 11]);
      r11a = b0.fma(x, r11a);
      r11b = b1.fma(x, r11b);
    }
    r0a.intoArray(c, co);
    r0b.intoArray(c, co + 16);
    r1a.intoArray(c, c1);
    r1b.intoArray(c, c1 + 16);
    r2a.intoArray(c, c2);
    r2b.intoArray(c, c2 + 16);
    r3a.intoArray(c, c3);
    r3b.intoArray(c, c3 + 16);
    r4a.intoArray(c, c4);
    r4b.intoArray(c, c4 + 16);
    r5a.intoArray(c, c5);
    r5b.intoArray(c, c5 + 16);
    r6a.intoArray(c, c6);
    r6b.intoArray(c, c6 + 16);
    r7a.intoArray(c, c7);
    r7b.intoArray(c, c7 + 16);
    r8a.intoArray(c, c8);
    r8b.intoArray(c, c8 + 16);
    r9a.intoArray(c, c9);
    r9b.intoArray(c, c9 + 16);
    r10a.intoArray(c, c10);
    r10b.intoArray(c, c10 + 16);
    r11a.intoArray(c, c11);
    r11b.intoArray(c, c11 + 16);
  }

  private static void block9(float[] ap, int a, int k, float[] bp, int b, float[] c, int co, int ldc) {
    int c1 = co + ldc;
    int c2 = co + 2 * ldc;
    int c3 = co + 3 * ldc;
    int c4 = co + 4 * ldc;
    int c5 = co + 5 * ldc;
    int c6 = co + 6 * ldc;
    int c7 = co + 7 * ldc;
    int c8 = co + 8 * ldc;
    FloatVector r0a = FloatVector.fromArray(SPECIES, c, co), r0b = FloatVector.fromArray(SPECIES, c, co + 16);
    FloatVector r1a = FloatVector.fromArray(SPECIES, c, c1), r1b = FloatVector.fromArray(SPECIES, c, c1 + 16);
    FloatVector r2a = FloatVector.fromArray(SPECIES, c, c2), r2b = FloatVector.fromArray(SPECIES, c, c2 + 16);
    FloatVector r3a = FloatVector.fromArray(SPECIES, c, c3), r3b = FloatVector.fromArray(SPECIES, c, c3 + 16);
    FloatVector r4a = FloatVector.fromArray(SPECIES, c, c4), r4b = FloatVector.fromArray(SPECIES, c, c4 + 16);
    FloatVector r5a = FloatVector.fromArray(SPECIES, c, c5), r5b = FloatVector.fromArray(SPECIES, c, c5 + 16);
    FloatVector r6a = FloatVector.fromArray(SPECIES, c, c6), r6b = FloatVector.fromArray(SPECIES, c, c6 + 16);
    FloatVector r7a = FloatVector.fromArray(SPECIES, c, c7), r7b = FloatVector.fromArray(SPECIES, c, c7 + 16);
    FloatVector r8a = FloatVector.fromArray(SPECIES, c, c8), r8b = FloatVector.fromArray(SPECIES, c, c8 + 16);
    for (int kk = 0; kk < k; kk++) {
      int bi = b + kk * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + 16);
      int ai = a + kk * 9;
      FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
      r0a = b0.fma(x, r0a);
      r0b = b1.fma(x, r0b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
      r1a = b0.fma(x, r1a);
      r1b = b1.fma(x, r1b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
      r2a = b0.fma(x, r2a);
      r2b = b1.fma(x, r2b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
      r3a = b0.fma(x, r3a);
      r3b = b1.fma(x, r3b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
      r4a = b0.fma(x, r4a);
      r4b = b1.fma(x, r4b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
      r5a = b0.fma(x, r5a);
      r5b = b1.fma(x, r5b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
      r6a = b0.fma(x, r6a);
      r6b = b1.fma(x, r6b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
      r7a = b0.fma(x, r7a);
      r7b = b1.fma(x, r7b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 8]);
      r8a = b0.fma(x, r8a);
      r8b = b1.fma(x, r8b);
    }
    r0a.intoArray(c, co);
    r0b.intoArray(c, co + 16);
    r1a.intoArray(c, c1);
    r1b.intoArray(c, c1 + 16);
    r2a.intoArray(c, c2);
    r2b.intoArray(c, c2 + 16);
    r3a.intoArray(c, c3);
    r3b.intoArray(c, c3 + 16);
    r4a.intoArray(c, c4);
    r4b.intoArray(c, c4 + 16);
    r5a.intoArray(c, c5);
    r5b.intoArray(c, c5 + 16);
    r6a.intoArray(c, c6);
    r6b.intoArray(c, c6 + 16);
    r7a.intoArray(c, c7);
    r7b.intoArray(c, c7 + 16);
    r8a.intoArray(c, c8);
    r8b.intoArray(c, c8 + 16);
  }

  private static void block8(float[] ap, int a, int k, float[] bp, int b, float[] c, int co, int ldc) {
    int c1 = co + ldc;
    int c2 = co + 2 * ldc;
    int c3 = co + 3 * ldc;
    int c4 = co + 4 * ldc;
    int c5 = co + 5 * ldc;
    int c6 = co + 6 * ldc;
    int c7 = co + 7 * ldc;
    FloatVector r0a = FloatVector.fromArray(SPECIES, c, co), r0b = FloatVector.fromArray(SPECIES, c, co + 16);
    FloatVector r1a = FloatVector.fromArray(SPECIES, c, c1), r1b = FloatVector.fromArray(SPECIES, c, c1 + 16);
    FloatVector r2a = FloatVector.fromArray(SPECIES, c, c2), r2b = FloatVector.fromArray(SPECIES, c, c2 + 16);
    FloatVector r3a = FloatVector.fromArray(SPECIES, c, c3), r3b = FloatVector.fromArray(SPECIES, c, c3 + 16);
    FloatVector r4a = FloatVector.fromArray(SPECIES, c, c4), r4b = FloatVector.fromArray(SPECIES, c, c4 + 16);
    FloatVector r5a = FloatVector.fromArray(SPECIES, c, c5), r5b = FloatVector.fromArray(SPECIES, c, c5 + 16);
    FloatVector r6a = FloatVector.fromArray(SPECIES, c, c6), r6b = FloatVector.fromArray(SPECIES, c, c6 + 16);
    FloatVector r7a = FloatVector.fromArray(SPECIES, c, c7), r7b = FloatVector.fromArray(SPECIES, c, c7 + 16);
    for (int kk = 0; kk < k; kk++) {
      int bi = b + kk * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + 16);
      int ai = a + kk * 8;
      FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
      r0a = b0.fma(x, r0a);
      r0b = b1.fma(x, r0b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
      r1a = b0.fma(x, r1a);
      r1b = b1.fma(x, r1b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
      r2a = b0.fma(x, r2a);
      r2b = b1.fma(x, r2b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
      r3a = b0.fma(x, r3a);
      r3b = b1.fma(x, r3b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 4]);
      r4a = b0.fma(x, r4a);
      r4b = b1.fma(x, r4b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 5]);
      r5a = b0.fma(x, r5a);
      r5b = b1.fma(x, r5b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 6]);
      r6a = b0.fma(x, r6a);
      r6b = b1.fma(x, r6b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 7]);
      r7a = b0.fma(x, r7a);
      r7b = b1.fma(x, r7b);
    }
    r0a.intoArray(c, co);
    r0b.intoArray(c, co + 16);
    r1a.intoArray(c, c1);
    r1b.intoArray(c, c1 + 16);
    r2a.intoArray(c, c2);
    r2b.intoArray(c, c2 + 16);
    r3a.intoArray(c, c3);
    r3b.intoArray(c, c3 + 16);
    r4a.intoArray(c, c4);
    r4b.intoArray(c, c4 + 16);
    r5a.intoArray(c, c5);
    r5b.intoArray(c, c5 + 16);
    r6a.intoArray(c, c6);
    r6b.intoArray(c, c6 + 16);
    r7a.intoArray(c, c7);
    r7b.intoArray(c, c7 + 16);
  }

  private static void block4(float[] ap, int a, int k, float[] bp, int b, float[] c, int co, int ldc) {
    int c1 = co + ldc;
    int c2 = co + 2 * ldc;
    int c3 = co + 3 * ldc;
    FloatVector r0a = FloatVector.fromArray(SPECIES, c, co), r0b = FloatVector.fromArray(SPECIES, c, co + 16);
    FloatVector r1a = FloatVector.fromArray(SPECIES, c, c1), r1b = FloatVector.fromArray(SPECIES, c, c1 + 16);
    FloatVector r2a = FloatVector.fromArray(SPECIES, c, c2), r2b = FloatVector.fromArray(SPECIES, c, c2 + 16);
    FloatVector r3a = FloatVector.fromArray(SPECIES, c, c3), r3b = FloatVector.fromArray(SPECIES, c, c3 + 16);
    for (int kk = 0; kk < k; kk++) {
      int bi = b + kk * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + 16);
      int ai = a + kk * 4;
      FloatVector x = FloatVector.broadcast(SPECIES, ap[ai]);
      r0a = b0.fma(x, r0a);
      r0b = b1.fma(x, r0b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 1]);
      r1a = b0.fma(x, r1a);
      r1b = b1.fma(x, r1b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 2]);
      r2a = b0.fma(x, r2a);
      r2b = b1.fma(x, r2b);
      x = FloatVector.broadcast(SPECIES, ap[ai + 3]);
      r3a = b0.fma(x, r3a);
      r3b = b1.fma(x, r3b);
    }
    r0a.intoArray(c, co);
    r0b.intoArray(c, co + 16);
    r1a.intoArray(c, c1);
    r1b.intoArray(c, c1 + 16);
    r2a.intoArray(c, c2);
    r2b.intoArray(c, c2 + 16);
    r3a.intoArray(c, c3);
    r3b.intoArray(c, c3 + 16);
  }

  /**
   * A single row: with one row a block's two accumulators would be a chain of dependent multiply-adds
   * (latency-bound: 9 GFLOP/s measured), so four consecutive kk go to four accumulator pairs, summed at
   * the end.
   */
  private static void block1(float[] ap, int a, int k, float[] bp, int b, float[] c, int co) {
    FloatVector s0a = FloatVector.fromArray(SPECIES, c, co), s0b = FloatVector.fromArray(SPECIES, c, co + 16);
    FloatVector s1a = FloatVector.zero(SPECIES), s1b = s1a, s2a = s1a, s2b = s1a, s3a = s1a, s3b = s1a;
    int kk = 0;
    for (; kk + 4 <= k; kk += 4) {
      int bi = b + kk * PANEL;
      FloatVector x = FloatVector.broadcast(SPECIES, ap[a + kk]);
      s0a = FloatVector.fromArray(SPECIES, bp, bi).fma(x, s0a);
      s0b = FloatVector.fromArray(SPECIES, bp, bi + 16).fma(x, s0b);
      x = FloatVector.broadcast(SPECIES, ap[a + kk + 1]);
      s1a = FloatVector.fromArray(SPECIES, bp, bi + 32).fma(x, s1a);
      s1b = FloatVector.fromArray(SPECIES, bp, bi + 48).fma(x, s1b);
      x = FloatVector.broadcast(SPECIES, ap[a + kk + 2]);
      s2a = FloatVector.fromArray(SPECIES, bp, bi + 64).fma(x, s2a);
      s2b = FloatVector.fromArray(SPECIES, bp, bi + 80).fma(x, s2b);
      x = FloatVector.broadcast(SPECIES, ap[a + kk + 3]);
      s3a = FloatVector.fromArray(SPECIES, bp, bi + 96).fma(x, s3a);
      s3b = FloatVector.fromArray(SPECIES, bp, bi + 112).fma(x, s3b);
    }
    for (; kk < k; kk++) {
      int bi = b + kk * PANEL;
      FloatVector x = FloatVector.broadcast(SPECIES, ap[a + kk]);
      s0a = FloatVector.fromArray(SPECIES, bp, bi).fma(x, s0a);
      s0b = FloatVector.fromArray(SPECIES, bp, bi + 16).fma(x, s0b);
    }
    s0a.add(s1a).add(s2a.add(s3a)).intoArray(c, co);
    s0b.add(s1b).add(s2b.add(s3b)).intoArray(c, co + 16);
  }
}
