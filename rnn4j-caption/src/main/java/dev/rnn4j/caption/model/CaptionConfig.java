package dev.rnn4j.caption.model;

import dev.rnn4j.model.CellType;

/**
 * The shape of a captioning model; stored in every checkpoint.
 *
 * @param cell          recurrent cell: rnn, lstm or gru
 * @param layers        stacked recurrent layers (the image enters the first)
 * @param hidden        units per recurrent layer (H)
 * @param embedding     word embedding width (E); with {@link ImageInjection#FIRST_STEP} also the width
 *                      the image is projected to
 * @param featureWidth  width of an image's feature vector (F)
 * @param injection     where the image enters
 * @param dropout       dropout probability on every recurrent layer's output, in [0, 1)
 * @param vocabSize     words in the vocabulary (V), including PAD, START, END and UNK
 */
public record CaptionConfig(CellType cell, int layers, int hidden, int embedding, int featureWidth,
                            ImageInjection injection, float dropout, int vocabSize) {
  public CaptionConfig {
    if (cell != CellType.RNN && cell != CellType.LSTM && cell != CellType.GRU) {
      throw new IllegalArgumentException("captioning supports the cells rnn, lstm and gru, not " + cell);
    }
    if (injection == null) {
      throw new IllegalArgumentException("image injection is required");
    }
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    if (hidden < 1 || embedding < 1) {
      throw new IllegalArgumentException("hidden and embedding sizes must be >= 1, got " + hidden + " and " + embedding);
    }
    if (featureWidth < 1) {
      throw new IllegalArgumentException("feature width must be >= 1, got " + featureWidth);
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (vocabSize <= CaptionModel.END) {
      throw new IllegalArgumentException("vocabulary must hold at least PAD, START and END, got " + vocabSize + " words");
    }
  }

  /** neuraltalk-like defaults: one LSTM layer of 256, embedding 256, image at every step, no dropout. */
  public static CaptionConfig defaults(int featureWidth, int vocabSize) {
    return new CaptionConfig(CellType.LSTM, 1, 256, 256, featureWidth, ImageInjection.EVERY_STEP, 0f, vocabSize);
  }
}
