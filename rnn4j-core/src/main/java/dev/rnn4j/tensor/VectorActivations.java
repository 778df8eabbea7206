package dev.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sigmoid and tanh of {@link Activations} over arrays, sixteen lanes at a time: about a nanosecond an
 * element against five for the table. {@code sigmoid(x) = 1 / (1 + e^-x)}, {@code tanh(x) = 2 / (1 + e^-2x) - 1};
 * both saturate correctly as e^-x grows without bound or vanishes. Absolute error under 2e-7 (the table's
 * bound). The few elements after the last full vector use the table.
 *
 * <p>The exponential is written here from additions, multiplications and bit operations, not taken from
 * the Vector API's EXP: that one is Intel's SVML once C2 has compiled the loop but {@code Math.exp} before,
 * so the same run gave different bits before and after the JIT, and a resumed run no longer continued
 * exactly. Every operation used here is exactly rounded, compiled or not.
 */
final class VectorActivations {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
  private static final float LOG2E = 1.44269504f;
  /** ln 2 split in two so that n * LN2_HI is exact for the n that occur (Cody and Waite). */
  private static final float LN2_HI = 0.693145752f;
  private static final float LN2_LO = 1.42860677e-6f;
  /** 1.5 * 2^23: adding it rounds a float below 2^22 in magnitude to an integer, in its low mantissa bits. */
  private static final float ROUNDER = 12582912f;

  private VectorActivations() {}

  static void sigmoid(float[] x, int from, int to) {
    int i = from;
    for (int end = to - SPECIES.length(); i <= end; i += SPECIES.length()) {
      FloatVector e = exp(FloatVector.fromArray(SPECIES, x, i).neg()).add(1f);
      FloatVector.broadcast(SPECIES, 1f).div(e).intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] = Activations.sigmoid(x[i]);
    }
  }

  static void tanh(float[] x, int from, int to) {
    int i = from;
    for (int end = to - SPECIES.length(); i <= end; i += SPECIES.length()) {
      FloatVector e = exp(FloatVector.fromArray(SPECIES, x, i).mul(-2f)).add(1f);
      FloatVector.broadcast(SPECIES, 2f).div(e).sub(1f).intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] = Activations.tanh(x[i]);
    }
  }

  /**
   * e^x: x = n ln2 + r with n an integer and |r| <= ln2 / 2, e^r by its Taylor series to r^6 (relative
   * error under 1e-7 there), times 2^n added into the exponent bits. x is first kept inside [-87, 88], where
   * 2^n stays a normal float; NaN stays NaN.
   */
  static FloatVector exp(FloatVector x) {
    VectorMask<Float> nan = x.test(VectorOperators.IS_NAN);
    FloatVector c = x.max(-87f).min(88f);
    FloatVector t = c.mul(LOG2E).add(ROUNDER);
    FloatVector n = t.sub(ROUNDER);
    IntVector bits = t.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER));
    FloatVector r = n.mul(-LN2_HI).add(c).sub(n.mul(LN2_LO));
    FloatVector p = r.mul(1f / 720).add(1f / 120);
    p = p.mul(r).add(1f / 24);
    p = p.mul(r).add(1f / 6);
    p = p.mul(r).add(0.5f);
    p = p.mul(r).add(1f);
    p = p.mul(r).add(1f);
    FloatVector scaled = p.reinterpretAsInts().add(bits.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
    return scaled.blend(x, nan);
  }
}
