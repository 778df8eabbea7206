package dev.rnn4j.model;

import dev.rnn4j.config.Require;
import dev.rnn4j.nn.Initialization;

/**
 * The shape of a character language model: embedding (or one-hot input) -> {@code layers} recurrent
 * layers of {@code hiddenSize} units, with dropout between them -> a linear decoder to the vocabulary.
 * Build one with {@link #builder(int)}; the defaults are rnn4j's ({@link #defaults}).
 *
 * @param cell        recurrent cell type (default LSTM)
 * @param vocabSize   number of symbols (V)
 * @param hiddenSize  units per recurrent layer (H; default 128)
 * @param layers      number of stacked recurrent layers (default 2)
 * @param embedding   embedding width; 0 (the default) feeds one-hot vectors to the first layer (min-char-rnn)
 * @param dropout     dropout probability on the outputs of every recurrent layer, in [0, 1) (default 0)
 * @param initScale   the scale of {@link Initialization#UNIFORM} (U(+-s)) and {@link Initialization#GAUSSIAN}
 *                    (N(0,1)*s) (default 0.08); the other schemes size themselves from the layer widths
 * @param init        how fresh weights are drawn (default {@link Initialization#XAVIER})
 * @param forgetBias  added to an LSTM's forget-gate bias after drawing (default 0; char-rnn: 1)
 * @param unigramBias start the decoder's bias at the training text's log unigram frequencies, so the first
 *                    prediction is already the unigram distribution instead of a uniform one (default true)
 */
public record ModelConfig(CellType cell, int vocabSize, int hiddenSize, int layers, int embedding,
                          float dropout, float initScale, Initialization init, float forgetBias,
                          boolean unigramBias) {
  public ModelConfig {
    Require.present("cell", cell);
    Require.atLeast("vocabSize", vocabSize, 1, " (symbols in the vocabulary)");
    Require.atLeast("hiddenSize", hiddenSize, 1);
    Require.atLeast("layers", layers, 1);
    Require.atLeast("embedding", embedding, 0, " (0 = one-hot)");
    Require.fraction("dropout", dropout);
    Require.positive("initScale", initScale);
    Require.present("init", init);
    Require.finite("forgetBias", forgetBias);
  }

  /** rnn4j's defaults for a vocabulary of {@code vocabSize} symbols, to change what differs. */
  public static Builder builder(int vocabSize) {
    return new Builder(vocabSize);
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder(vocabSize).cell(cell).hiddenSize(hiddenSize).layers(layers).embedding(embedding)
        .dropout(dropout).initScale(initScale).init(init).forgetBias(forgetBias).unigramBias(unigramBias);
  }

  /**
   * rnn4j's defaults: LSTM 2x128, one-hot input, no dropout; Glorot input weights, orthogonal recurrent
   * weights, zero biases (forget gate included) and the output bias at the text's unigram log-frequencies.
   * Chosen by measurement on three texts (BENCHMARKS.md, "Model quality"): they leave the unigram plateau
   * hundreds of iterations sooner than char-rnn's uniform draw.
   */
  public static ModelConfig defaults(int vocabSize) {
    return builder(vocabSize).build();
  }

  /** char-rnn's model: LSTM 2x128, one-hot input, no dropout, every weight uniform(+-0.08), forget bias 1. */
  public static ModelConfig charRnn(int vocabSize) {
    return builder(vocabSize).charRnnInit().build();
  }

  /** min-char-rnn: one vanilla RNN layer of 100, one-hot input, weights N(0,1)*0.01, zero biases. */
  public static ModelConfig minCharRnn(int vocabSize) {
    return builder(vocabSize).cell(CellType.RNN).hiddenSize(100).layers(1).init(Initialization.GAUSSIAN)
        .initScale(0.01f).unigramBias(false).build();
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
    private Initialization init = Initialization.XAVIER;
    private float forgetBias;
    private boolean unigramBias = true;

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

    public Builder init(Initialization init) {
      this.init = init;
      return this;
    }

    public Builder forgetBias(float forgetBias) {
      this.forgetBias = forgetBias;
      return this;
    }

    public Builder unigramBias(boolean unigramBias) {
      this.unigramBias = unigramBias;
      return this;
    }

    /** char-rnn's draw: every weight uniform(+-0.08), zero biases but the LSTM forget gate's 1. */
    public Builder charRnnInit() {
      return init(Initialization.UNIFORM).initScale(0.08f).forgetBias(1f).unigramBias(false);
    }

    public ModelConfig build() {
      return new ModelConfig(cell, vocabSize, hiddenSize, layers, embedding, dropout, initScale, init, forgetBias,
          unigramBias);
    }
  }
}
