package dev.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sigmoid, tanh and exponential of {@link Activations} over arrays, sixteen lanes at a time: about a
 * nanosecond an element against five for the table. {@code sigmoid(x) = 1 / (1 + e^-x)}, {@code tanh(x) = 2 / (1 + e^-2x) - 1};
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
  private static final float LOG2E = Activations.LOG2E;
  private static final float LN2_HI = Activations.LN2_HI;
  private static final float LN2_LO = Activations.LN2_LO;
  private static final float ROUNDER = Activations.ROUNDER;
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;

  private VectorActivations() {}

  static void sigmoid(float[] x, int from, int to) {
    int i = map(x, from, to, -1f, 0f, 1f, 0f, true);
    for (; i < to; i++) {
      x[i] = Activations.sigmoid(x[i]);
    }
  }

  static void tanh(float[] x, int from, int to) {
    int i = map(x, from, to, -2f, 0f, 2f, -1f, true);
    for (; i < to; i++) {
      x[i] = Activations.tanh(x[i]);
    }
  }

  /**
   * {@code x[from, to) = e^(x - shift)}; the elements after the last full vector by
   * {@link Activations#exp(float)}, the same bits.
   */
  static void expShifted(float[] x, int from, int to, float shift) {
    int i = map(x, from, to, 1f, -shift, 0f, 0f, false);
    for (; i < to; i++) {
      x[i] = Activations.exp(x[i] - shift);
    }
  }

  /**
   * The full vectors of {@code x[from, to)}: {@code y = e^(a x + b)}, then {@code p / (1 + y) + q} when
   * {@code ratio}, else y. Returns where the full vectors end. (a, b, p, q) = (-1, 0, 1, 0) is the sigmoid,
   * (-2, 0, 2, -1) tanh: multiplying by -1 or -2 and adding 0 are exact, so these are the bits of the
   * formulas above.
   *
   * <p>The exponential is written out in this loop, not called. A method that takes or returns a vector
   * boxes it, allocating on every call, whenever C2 does not inline it, and C2 does not inline a method
   * that was already compiled large elsewhere: a test suite's validation once allocated 1.7 MB a pass, for
   * a minute, that way.
   *
   * <p>e^z: z = n ln2 + r with n an integer and |r| <= ln2 / 2, e^r by its Taylor series to r^6 (relative
   * error under 1e-7 there), times 2^n, a float built from its exponent bits. z is first kept inside
   * [-87, 88], where 2^n and the product stay normal floats, so the product is exact; NaN stays NaN through
   * the clamp and the product. {@link Activations#exp(float)} is one lane of it.
   *
   * <p>Reinterpretations name their species ({@code reinterpretShape}). {@code reinterpretAsInts()} finds it
   * through a field, and where C2 inlined this loop into a larger caller it could not see that as a
   * constant: the Vector API then ran its Java fallback, boxing every vector, five times slower
   * ({@code ActivationsTest}). The NaN test and blend this loop had are gone for the same reason.
   */
  private static int map(float[] x, int from, int to, float a, float b, float p, float q, boolean ratio) {
    int i = from;
    for (int end = to - SPECIES.length(); i <= end; i += SPECIES.length()) {
      FloatVector z = FloatVector.fromArray(SPECIES, x, i).mul(a).add(b);
      FloatVector c = z.max(-87f).min(88f);
      FloatVector t = c.mul(LOG2E).add(ROUNDER);
      FloatVector n = t.sub(ROUNDER);
      IntVector exponent = ((IntVector) t.reinterpretShape(INTS, 0)).sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
      FloatVector r = n.mul(-LN2_HI).add(c).sub(n.mul(LN2_LO));
      FloatVector e = r.mul(1f / 720).add(1f / 120);
      e = e.mul(r).add(1f / 24);
      e = e.mul(r).add(1f / 6);
      e = e.mul(r).add(0.5f);
      e = e.mul(r).add(1f);
      e = e.mul(r).add(1f);
      e = e.mul((FloatVector) exponent.reinterpretShape(SPECIES, 0));
      if (ratio) {
        FloatVector.broadcast(SPECIES, p).div(e.add(1f)).add(q).intoArray(x, i);
      } else {
        e.intoArray(x, i);
      }
    }
    return i;
  }
}
