package dev.rnn4j.tensor;

/**
 * Scalar activations used by the fused cell kernels. {@code Math.tanh} is not intrinsified on JDK 17 (about
 * 10 ns a call); these go through the intrinsic {@code Math.exp} in double, so they are fast and accurate
 * to float rounding.
 */
public final class Activations {
  private Activations() {}

  public static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }

  public static float tanh(float x) {
    // tanh(20) is 1 in float; clamping keeps exp finite.
    double c = x > 20f ? 20.0 : (x < -20f ? -20.0 : x);
    double e = Math.exp(2.0 * c);
    return (float) ((e - 1.0) / (e + 1.0));
  }
}
