package dev.rnn4j.model;

import dev.rnn4j.config.Require;

/**
 * The shape of a character language model: embedding (or one-hot input) -> {@code layers} recurrent
 * layers of {@code hiddenSize} units, with dropout between them -> a linear decoder to the vocabulary.
 * Build one with {@link #builder(int)}; the defaults are char-rnn's.
 *
 * @param cell        recurrent cell type (default LSTM)
 * @param vocabSize   number of symbols (V)
 * @param hiddenSize  units per recurrent layer (H; default 128)
 * @param layers      number of stacked recurrent layers (default 2)
 * @param embedding   embedding width; 0 (the default) feeds one-hot vectors to the first layer (min-char-rnn)
 * @param dropout     dropout probability on the outputs of every recurrent layer, in [0, 1) (default 0)
 * @param initScale   weights drawn uniform in [-initScale, initScale], or N(0,1)*initScale if gaussian
 *                    (default 0.08)
 * @param gaussianInit draw weights from a scaled normal (min-char-rnn) instead of a uniform (char-rnn, the
 *                    default)
 */
public record ModelConfig(CellType cell, int vocabSize, int hiddenSize, int layers, int embedding,
                          float dropout, float initScale, boolean gaussianInit) {
  public ModelConfig {
    Require.present("cell", cell);
    Require.atLeast("vocabSize", vocabSize, 1, " (symbols in the vocabulary)");
    Require.atLeast("hiddenSize", hiddenSize, 1);
    Require.atLeast("layers", layers, 1);
    Require.atLeast("embedding", embedding, 0, " (0 = one-hot)");
    Require.fraction("dropout", dropout);
    Require.positive("initScale", initScale);
  }

  /** char-rnn's defaults for a vocabulary of {@code vocabSize} symbols, to change what differs. */
  public static Builder builder(int vocabSize) {
    return new Builder(vocabSize);
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder(vocabSize).cell(cell).hiddenSize(hiddenSize).layers(layers).embedding(embedding)
        .dropout(dropout).initScale(initScale).gaussianInit(gaussianInit);
  }

  /** char-rnn's defaults for a vocabulary: LSTM 2x128, one-hot input, no dropout, uniform(+-0.08). */
  public static ModelConfig defaults(int vocabSize) {
    return builder(vocabSize).build();
  }

  /** min-char-rnn: one vanilla RNN layer of 100, one-hot input, weights N(0,1)*0.01, zero biases. */
  public static ModelConfig minCharRnn(int vocabSize) {
    return builder(vocabSize).cell(CellType.RNN).hiddenSize(100).layers(1).initScale(0.01f).gaussianInit(true)
        .build();
  }

  public ModelConfig withVocabSize(int v) {
    return toBuilder().vocabSize(v).build();
  }

  /** Named settings with the record's documented defaults; {@link #build()} checks the ranges. */
  public static final class Builder {
    private CellType cell = CellType.LSTM;
    private int vocabSize;
    private int hiddenSize = 128;
    private int layers = 2;
    private int embedding;
    private float dropout;
    private float initScale = 0.08f;
    private boolean gaussianInit;

    private Builder(int vocabSize) {
      this.vocabSize = vocabSize;
    }

    public Builder cell(CellType cell) {
      this.cell = cell;
      return this;
    }

    public Builder vocabSize(int vocabSize) {
      this.vocabSize = vocabSize;
      return this;
    }

    public Builder hiddenSize(int hiddenSize) {
      this.hiddenSize = hiddenSize;
      return this;
    }

    public Builder layers(int layers) {
      this.layers = layers;
      return this;
    }

    public Builder embedding(int embedding) {
      this.embedding = embedding;
      return this;
    }

    public Builder dropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder initScale(float initScale) {
      this.initScale = initScale;
      return this;
    }

    public Builder gaussianInit(boolean gaussianInit) {
      this.gaussianInit = gaussianInit;
      return this;
    }

    public ModelConfig build() {
      return new ModelConfig(cell, vocabSize, hiddenSize, layers, embedding, dropout, initScale, gaussianInit);
    }
  }
}
