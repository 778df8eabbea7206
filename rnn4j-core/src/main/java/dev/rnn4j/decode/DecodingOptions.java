package dev.rnn4j.decode;

/**
 * How to write a sequence (a caption, a translation).
 *
 * @param beam        beams kept by beam search; 1 with {@code temperature == 0} is greedy decoding
 * @param normalise   rank beam hypotheses by log-probability per predicted token (words + END) instead
 *                    of by total log-probability (the default, as neuraltalk and Show and Tell do; it
 *                    prefers shorter sequences)
 * @param temperature 0 decodes (greedy or beam); above 0 samples from {@code softmax(logits / T)}
 * @param maxLength   most tokens in a sequence (END not counted); a hypothesis that reaches it ends there
 */
public record DecodingOptions(int beam, boolean normalise, float temperature, int maxLength) {
  public DecodingOptions {
    if (beam < 1) {
      throw new IllegalArgumentException("beam must be >= 1, got " + beam);
    }
    if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0 (0 = decode, not sample), got " + temperature);
    }
    if (temperature > 0f && beam > 1) {
      throw new IllegalArgumentException("sampling (temperature " + temperature + ") and beam search (beam " + beam
          + ") exclude each other");
    }
    if (maxLength < 1) {
      throw new IllegalArgumentException("max length must be >= 1 word, got " + maxLength);
    }
  }

  public static DecodingOptions greedy(int maxLength) {
    return new DecodingOptions(1, false, 0f, maxLength);
  }

  public static DecodingOptions beam(int beam, int maxLength) {
    return new DecodingOptions(beam, false, 0f, maxLength);
  }

  public static DecodingOptions sample(float temperature, int maxLength) {
    if (!(temperature > 0f)) {
      throw new IllegalArgumentException("sampling temperature must be > 0, got " + temperature);
    }
    return new DecodingOptions(1, false, temperature, maxLength);
  }

  public boolean sampling() {
    return temperature > 0f;
  }
}
