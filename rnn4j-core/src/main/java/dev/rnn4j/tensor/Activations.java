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

  private Activations() {}

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
