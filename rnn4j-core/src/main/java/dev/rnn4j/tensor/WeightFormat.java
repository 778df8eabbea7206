package dev.rnn4j.tensor;

/**
 * How a frozen weight ({@link PackedWeight#freeze}) is held for the single-row products of sampling.
 */
public enum WeightFormat {
  /** As trained: the products read the float weights (BLAS), the same as during training. */
  FLOAT32,
  /**
   * 16-bit integers with one scale per output unit: half the bytes to stream per character, about twice as
   * fast where that bounds a step; each weight within half a step of its float (see {@code Int16Panels}).
   * Needs the Vector API kernels ({@link PackedWeight#kernelAvailable()}); where they do not run, products
   * stay {@link #FLOAT32}.
   */
  INT16,
  /**
   * 8-bit integers with one scale per output unit: a quarter of the floats' bytes. Each weight within half a
   * step of 1/127 of its unit's largest (see {@code Int8Panels}); on a trained LSTM 2x512 that cost 6e-5
   * nats/char (BENCHMARKS.md). Needs the Vector API kernels, like {@link #INT16}.
   */
  INT8;

  /** {@code int8}, {@code int16} or {@code float32}, any case. */
  public static WeightFormat parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown weight format '" + s + "' (expected int8, int16 or float32)");
    }
  }
}
