package dev.rnn4j.caption.model;

import java.util.Locale;

/** Where the image enters the recurrent word model (the maths is at the top of {@link CaptionModel}). */
public enum ImageInjection {
  /**
   * The lecture's (and neuraltalk's RNN) form: the projected image is added to the first layer's input
   * projection at every step, {@code h_t = f(W_xh x_t + W_hh h_{t-1} + W_ih v)}.
   */
  EVERY_STEP,
  /**
   * Show and Tell (Vinyals et al. 2015): the image, projected to the embedding width, is the input of
   * step 0, before {@code <START>}; afterwards only words are fed.
   */
  FIRST_STEP;

  /** Parses {@code every|every-step|first|first-step}, case-insensitively. */
  public static ImageInjection parse(String s) {
    String k = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (k) {
      case "every":
      case "every-step":
        return EVERY_STEP;
      case "first":
      case "first-step":
        return FIRST_STEP;
      default:
        throw new IllegalArgumentException("unknown image injection '" + s + "' (expected every or first)");
    }
  }

  public String label() {
    return this == EVERY_STEP ? "every" : "first";
  }
}
