package dev.rnn4j.sample;

/**
 * How to pick each next symbol.
 *
 * @param temperature divides the logits before the softmax: below 1 is more conservative, above 1 more
 *                    surprising; must be > 0
 * @param topK        sample only among the k most likely symbols; 0 means all
 * @param argmax      always take the most likely symbol (deterministic; ignores temperature and top-k)
 */
public record SamplingOptions(float temperature, int topK, boolean argmax) {
  public SamplingOptions {
    if (!(temperature > 0f) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top-k must be >= 0 (0 = all), got " + topK);
    }
  }

  public static SamplingOptions defaults() {
    return new SamplingOptions(1f, 0, false);
  }
}
