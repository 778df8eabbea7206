package dev.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A weight held as 8-bit integers, one scale per product column: {@link Int16Panels} with half its bytes
 * again, a quarter of the floats'. Sampling's step streams its weights from cache once per character, so
 * the bytes are its time; an LSTM 2x512's three products hold 3 MB in this form, against 6 in 16 bits and
 * 12 in floats.
 *
 * <p>Column j of the product is {@code y_j = s_j * sum_k x_k q_kj} with {@code q_kj = round(W_kj / s_j)},
 * {@code |q| <= 127}, {@code s_j = max_k |W_kj| / 127}: every weight within {@code s_j / 2} of its float.
 * What that costs a model is measured, not assumed (BENCHMARKS.md: 6e-5 nats/char on a trained 2x512 LSTM,
 * against a budget of 1e-3).
 *
 * <p>Layout: panels of 32 columns as in {@link PanelKernel}, depth in pairs, four weights per int: for panel
 * p, pair {@code kk = 2i} and lane l, {@code q[p*K2*16 + i*16 + l]} ({@code K2} the depth rounded up to
 * even) holds, from the high byte down, column {@code 32p + l} at kk, column {@code 32p + 16 + l} at kk,
 * the same two at kk + 1 (zero past the depth). Each byte moved to the top of its int by a shift and masked
 * is q times 2^24, exactly, as an int and as a float; the 2^24 is folded into the scale.
 */
final class Int8Panels {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;
  private static final int PANEL = PanelKernel.PANEL;
  private static final int HALF = PanelKernel.LANES;
  private static final float LIMIT = 127f;
  private static final int TOP = 0xFF000000;

  private Int8Panels() {}

  /** Ints that {@link #pack} fills for a product of this depth and padded width. */
  static int size(int depth, int paddedWidth) {
    return (depth + 1) / 2 * paddedWidth / 2;
  }

  /**
   * Quantizes {@code op(W)} ({@code [depth, width]}, read through {@code at}) into {@code q}
   * ({@link #size} ints) and its column scales ({@code / 2^24}) into {@code scales}, sized for
   * {@code width} padded to 32. Returns false, leaving them unusable, if a weight is not finite.
   */
  static boolean pack(ColumnQuantization.Entries at, int depth, int width, int[] q, float[] scales) {
    int[] levels = ColumnQuantization.levels(at, depth, width, LIMIT, 1 << 24, scales);
    if (levels == null) {
      return false;
    }
    int padded = scales.length;
    int pairs = (depth + 1) / 2;
    for (int p = 0; p < padded / PANEL; p++) {
      for (int i = 0; i < pairs; i++) {
        int first = 2 * i * padded + p * PANEL;
        int second = first + padded;
        int to = p * pairs * HALF + i * HALF;
        for (int l = 0; l < HALF; l++) {
          int next = 2 * i + 1 < depth ? (levels[second + l] & 0xFF) << 8 | (levels[second + HALF + l] & 0xFF) : 0;
          q[to + l] = (levels[first + l] & 0xFF) << 24 | (levels[first + HALF + l] & 0xFF) << 16 | next;
        }
      }
    }
    return true;
  }

  /**
   * {@code y[32p .. 32p+32) += x q s} for panels {@code [p0, p1)}; x has {@code depth} entries. Four
   * accumulators per panel (the two columns at kk and at kk + 1), so the adds' latency hides behind the
   * unpacking.
   */
  static void multiplyRow(float[] x, int depth, int[] q, float[] scales, int p0, int p1, float[] y) {
    int pairs = (depth + 1) / 2;
    int full = depth / 2;
    for (int p = p0; p < p1; p++) {
      int b = p * pairs * HALF;
      FloatVector hi = FloatVector.zero(FLOATS);
      FloatVector lo = FloatVector.zero(FLOATS);
      FloatVector hi2 = FloatVector.zero(FLOATS);
      FloatVector lo2 = FloatVector.zero(FLOATS);
      for (int i = 0; i < full; i++) {
        IntVector v = IntVector.fromArray(INTS, q, b + i * HALF);
        FloatVector x0 = FloatVector.broadcast(FLOATS, x[2 * i]);
        FloatVector x1 = FloatVector.broadcast(FLOATS, x[2 * i + 1]);
        hi = ((FloatVector) v.and(TOP).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(x0, hi);
        lo = ((FloatVector) v.lanewise(VectorOperators.LSHL, 8).and(TOP).convertShape(VectorOperators.I2F, FLOATS, 0))
            .fma(x0, lo);
        hi2 = ((FloatVector) v.lanewise(VectorOperators.LSHL, 16).and(TOP).convertShape(VectorOperators.I2F, FLOATS, 0))
            .fma(x1, hi2);
        lo2 = ((FloatVector) v.lanewise(VectorOperators.LSHL, 24).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(x1, lo2);
      }
      if (full < pairs) {
        IntVector v = IntVector.fromArray(INTS, q, b + full * HALF);
        FloatVector x0 = FloatVector.broadcast(FLOATS, x[2 * full]);
        hi = ((FloatVector) v.and(TOP).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(x0, hi);
        lo = ((FloatVector) v.lanewise(VectorOperators.LSHL, 8).and(TOP).convertShape(VectorOperators.I2F, FLOATS, 0))
            .fma(x0, lo);
      }
      int col = p * PANEL;
      hi.add(hi2).fma(FloatVector.fromArray(FLOATS, scales, col), FloatVector.fromArray(FLOATS, y, col))
          .intoArray(y, col);
      lo.add(lo2).fma(FloatVector.fromArray(FLOATS, scales, col + HALF), FloatVector.fromArray(FLOATS, y, col + HALF))
          .intoArray(y, col + HALF);
    }
  }
}
