package dev.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A weight held as 16-bit integers, one scale per product column, for matrix-vector products that only read
 * it: sampling's step. Half the bytes of floats, and that step is bound by how fast its weights stream from
 * cache (three 4 MB products per character for an LSTM 2x512; about 20 GB/s per core from L3 on the
 * 2-core Xeon).
 *
 * <p>Column j of the product is {@code y_j = s_j * sum_k x_k q_kj} with {@code q_kj = round(W_kj / s_j)},
 * {@code |q| <= 32767}, {@code s_j = max_k |W_kj| / 32767}: every weight within {@code s_j / 2} of its float,
 * which is finer than half precision for all but a column's smallest weights.
 *
 * <p>Layout: panels of 32 columns as in {@link PanelKernel}, two columns per int: for panel p, depth kk and
 * lane l, {@code q[p*K*16 + kk*16 + l]} holds column {@code 32p + l} in its high 16 bits and column
 * {@code 32p + 16 + l} in its low 16 bits. Unpacking is then two integer operations per 32 weights:
 * {@code i & 0xFFFF0000} and {@code i << 16} are the two columns' q times 65536, exactly, as ints, and
 * converted to floats they stay exact (15 significant bits); the 65536 is folded into the scale.
 */
final class Int16Panels {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;
  private static final int PANEL = PanelKernel.PANEL;
  private static final int HALF = PanelKernel.LANES;
  private static final float LIMIT = 32767f;

  private Int16Panels() {}

  /**
   * Quantizes {@code op(W)} ({@code [depth, width]}, read through {@code at}) into {@code q} and its column
   * scales ({@code / 65536}) into {@code scales}, both sized for {@code width} padded to 32. Returns false,
   * leaving them unusable, if a weight is not finite.
   */
  static boolean pack(ColumnQuantization.Entries at, int depth, int width, int[] q, float[] scales) {
    int[] levels = ColumnQuantization.levels(at, depth, width, LIMIT, 65536f, scales);
    if (levels == null) {
      return false;
    }
    int padded = scales.length;
    for (int p = 0; p < padded / PANEL; p++) {
      for (int kk = 0; kk < depth; kk++) {
        int from = kk * padded + p * PANEL;
        int to = p * depth * HALF + kk * HALF;
        for (int l = 0; l < HALF; l++) {
          q[to + l] = (levels[from + l] << 16) | (levels[from + HALF + l] & 0xFFFF);
        }
      }
    }
    return true;
  }

  /**
   * {@code y[32p .. 32p+32) += x q s} for panels {@code [p0, p1)}: each panel walks the depth once with two
   * independent pairs of accumulators (even and odd kk), so that the adds' latency hides behind the loads.
   */
  static void multiplyRow(float[] x, int depth, int[] q, float[] scales, int p0, int p1, float[] y) {
    int even = depth & ~1;
    for (int p = p0; p < p1; p++) {
      int b = p * depth * HALF;
      FloatVector hi = FloatVector.zero(FLOATS);
      FloatVector lo = FloatVector.zero(FLOATS);
      FloatVector hi2 = FloatVector.zero(FLOATS);
      FloatVector lo2 = FloatVector.zero(FLOATS);
      for (int kk = 0; kk < even; kk += 2) {
        IntVector v = IntVector.fromArray(INTS, q, b + kk * HALF);
        FloatVector xv = FloatVector.broadcast(FLOATS, x[kk]);
        hi = ((FloatVector) v.and(0xFFFF0000).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(xv, hi);
        lo = ((FloatVector) v.lanewise(VectorOperators.LSHL, 16).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(xv, lo);
        IntVector u = IntVector.fromArray(INTS, q, b + kk * HALF + HALF);
        FloatVector xu = FloatVector.broadcast(FLOATS, x[kk + 1]);
        hi2 = ((FloatVector) u.and(0xFFFF0000).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(xu, hi2);
        lo2 = ((FloatVector) u.lanewise(VectorOperators.LSHL, 16).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(xu, lo2);
      }
      if (even < depth) {
        IntVector v = IntVector.fromArray(INTS, q, b + even * HALF);
        FloatVector xv = FloatVector.broadcast(FLOATS, x[even]);
        hi = ((FloatVector) v.and(0xFFFF0000).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(xv, hi);
        lo = ((FloatVector) v.lanewise(VectorOperators.LSHL, 16).convertShape(VectorOperators.I2F, FLOATS, 0)).fma(xv, lo);
      }
      int col = p * PANEL;
      hi.add(hi2).fma(FloatVector.fromArray(FLOATS, scales, col), FloatVector.fromArray(FLOATS, y, col))
          .intoArray(y, col);
      lo.add(lo2).fma(FloatVector.fromArray(FLOATS, scales, col + HALF), FloatVector.fromArray(FLOATS, y, col + HALF))
          .intoArray(y, col + HALF);
    }
  }
}
