package dev.rnn4j.tensor;

/**
 * Scalar activations used by the fused cell kernels.
 *
 * <p>They are the hot spot of a small cell's step (an LSTM takes five per unit), and {@code Math.exp}
 * costs about 10 ns on the 2-core development machine ({@code Math.tanh} is not intrinsified at all on
 * JDK 17). So inside [-20, 20] both are read from tables of 2^15 intervals with linear interpolation, about
 * 3 ns: the interpolation error is at most h^2/8 * max|f''|, under 1e-7 for the sigmoid and 2e-7 for tanh
 * (h = 40/2^15; the position is computed in double so it adds no error of its own). Outside the range the
 * exact function is used (the sigmoid is within 2e-9 of 0 or 1 there, tanh within float rounding of +-1).
 */
public final class Activations {
  private static final double LO = -20;
  private static final double HI = 20;
  private static final int INTERVALS = 1 << 15;
  private static final double SCALE = INTERVALS / (HI - LO);
  private static final float[] SIGMOID = new float[INTERVALS + 2];
  private static final float[] TANH = new float[INTERVALS + 2];

  static {
    for (int i = 0; i < SIGMOID.length; i++) {
      double x = LO + i / SCALE;
      SIGMOID[i] = (float) (1.0 / (1.0 + Math.exp(-x)));
      TANH[i] = (float) Math.tanh(x);
    }
  }

  /** Constants of the float exponential, shared with {@link VectorActivations}. */
  static final float LOG2E = 1.44269504f;
  /** ln 2 split in two so that n * LN2_HI is exact for the n that occur (Cody and Waite). */
  static final float LN2_HI = 0.693145752f;
  static final float LN2_LO = 1.42860677e-6f;
  /** 1.5 * 2^23: adding it rounds a float below 2^22 in magnitude to an integer, in its low mantissa bits. */
  static final float ROUNDER = 12582912f;

  private Activations() {}

  /**
   * e^x in float, relative error under 2e-7: one lane of {@link VectorActivations}' exponential, the same
   * operations in the same order, so the same bits. For the elements of an array after its last full
   * vector, and for every element where the Vector API does not run.
   */
  public static float exp(float x) {
    if (Float.isNaN(x)) {
      return x;
    }
    float c = Math.min(Math.max(x, -87f), 88f);
    float t = c * LOG2E + ROUNDER;
    float n = t - ROUNDER;
    int bits = Float.floatToRawIntBits(t) - Float.floatToRawIntBits(ROUNDER);
    float r = n * -LN2_HI + c - n * LN2_LO;
    float p = r * (1f / 720) + 1f / 120;
    p = p * r + 1f / 24;
    p = p * r + 1f / 6;
    p = p * r + 0.5f;
    p = p * r + 1f;
    p = p * r + 1f;
    return p * Float.intBitsToFloat((bits + 127) << 23);
  }

  public static float sigmoid(float x) {
    if (!(x > LO && x < HI)) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double p = (x - LO) * SCALE;
    int i = (int) p;
    float f = (float) (p - i);
    float a = SIGMOID[i];
    return a + f * (SIGMOID[i + 1] - a);
  }

  public static float tanh(float x) {
    if (!(x > LO && x < HI)) {
      return x > 0 ? 1f : (x < 0 ? -1f : x);
    }
    double p = (x - LO) * SCALE;
    int i = (int) p;
    float f = (float) (p - i);
    float a = TANH[i];
    return a + f * (TANH[i + 1] - a);
  }

  /**
   * {@code x[from, to) = sigmoid(x[from, to))} in place: sixteen at a time where the Vector API runs
   * ({@link VectorActivations}), else by the table. The cells' steps call this on whole gate blocks.
   */
  public static void sigmoid(float[] x, int from, int to) {
    if (VectorSupport.ENABLED) {
      VectorActivations.sigmoid(x, from, to);
      return;
    }
    for (int i = from; i < to; i++) {
      x[i] = sigmoid(x[i]);
    }
  }

  /**
   * {@code x[from, to) = e^(x - shift)} in place, in float: a softmax's exponentials, with shift the row's
   * maximum. Sixteen at a time where the Vector API runs, else one at a time by the same operations
   * ({@link #exp(float)}): the same bits either way, relative error under 2e-7. A
   * {@code Math.exp} in double per element was most of a softmax's time (a fifth of caption training).
   */
  public static void expShifted(float[] x, int from, int to, float shift) {
    if (VectorSupport.ENABLED) {
      VectorActivations.expShifted(x, from, to, shift);
      return;
    }
    for (int i = from; i < to; i++) {
      x[i] = exp(x[i] - shift);
    }
  }

  /** {@code x[from, to) = tanh(x[from, to))} in place, like {@link #sigmoid(float[], int, int)}. */
  public static void tanh(float[] x, int from, int to) {
    if (VectorSupport.ENABLED) {
      VectorActivations.tanh(x, from, to);
      return;
    }
    for (int i = from; i < to; i++) {
      x[i] = tanh(x[i]);
    }
  }
}
