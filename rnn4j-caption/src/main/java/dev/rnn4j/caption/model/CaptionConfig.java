package dev.rnn4j.caption.model;

import dev.rnn4j.config.InvalidSettingException;
import dev.rnn4j.config.Require;
import dev.rnn4j.model.CellType;

/**
 * The shape of a captioning model; stored in every checkpoint. Build one with {@link #builder}.
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
    Require.present("cell", cell);
    if (cell != CellType.RNN && cell != CellType.LSTM && cell != CellType.GRU) {
      throw new InvalidSettingException("cell", "must be rnn, lstm or gru for captioning, got " + cell.label());
    }
    Require.present("injection", injection);
    Require.atLeast("layers", layers, 1);
    Require.atLeast("hidden", hidden, 1);
    Require.atLeast("embedding", embedding, 1);
    Require.atLeast("featureWidth", featureWidth, 1);
    Require.fraction("dropout", dropout);
    Require.atLeast("vocabSize", vocabSize, CaptionModel.END + 1, " (PAD, START and END at least)");
  }

  /** The defaults below for images of {@code featureWidth} features and {@code vocabSize} words. */
  public static Builder builder(int featureWidth, int vocabSize) {
    return new Builder(featureWidth, vocabSize);
  }

  /** neuraltalk-like defaults: one LSTM layer of 256, embedding 256, image at every step, no dropout. */
  public static CaptionConfig defaults(int featureWidth, int vocabSize) {
    return builder(featureWidth, vocabSize).build();
  }

  /** Named settings with the defaults of {@link #defaults}; {@link #build()} checks the ranges. */
  public static final class Builder {
    private CellType cell = CellType.LSTM;
    private int layers = 1;
    private int hidden = 256;
    private int embedding = 256;
    private final int featureWidth;
    private ImageInjection injection = ImageInjection.EVERY_STEP;
    private float dropout;
    private final int vocabSize;

    private Builder(int featureWidth, int vocabSize) {
      this.featureWidth = featureWidth;
      this.vocabSize = vocabSize;
    }

    public Builder cell(CellType cell) {
      this.cell = cell;
      return this;
    }

    public Builder layers(int layers) {
      this.layers = layers;
      return this;
    }

    public Builder hidden(int hidden) {
      this.hidden = hidden;
      return this;
    }

    public Builder embedding(int embedding) {
      this.embedding = embedding;
      return this;
    }

    public Builder injection(ImageInjection injection) {
      this.injection = injection;
      return this;
    }

    public Builder dropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public CaptionConfig build() {
      return new CaptionConfig(cell, layers, hidden, embedding, featureWidth, injection, dropout, vocabSize);
    }
  }
}
