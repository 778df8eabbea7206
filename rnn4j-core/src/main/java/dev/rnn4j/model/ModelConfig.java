package dev.rnn4j.model;

import dev.rnn4j.nn.Initialization;

/**
 * The shape of a character language model: embedding (or one-hot input) -> {@code layers} recurrent
 * layers of {@code hiddenSize} units, with dropout between them -> a linear decoder to the vocabulary.
 *
 * @param cell        recurrent cell type
 * @param vocabSize   number of symbols (V)
 * @param hiddenSize  units per recurrent layer (H)
 * @param layers      number of stacked recurrent layers
 * @param embedding   embedding width; 0 feeds one-hot vectors to the first layer (min-char-rnn)
 * @param dropout     dropout probability on the outputs of every recurrent layer, in [0, 1)
 * @param initScale   the scale of {@link Initialization#UNIFORM} (U(+-s)) and {@link Initialization#GAUSSIAN}
 *                    (N(0,1)*s); the other schemes size themselves from the layer widths
 * @param init        how fresh weights are drawn ({@link Initialization})
 * @param forgetBias  added to an LSTM's forget-gate bias after drawing (char-rnn: 1)
 * @param unigramBias start the decoder's bias at the training text's log unigram frequencies, so the first
 *                    prediction is already the unigram distribution instead of a uniform one
 */
public record ModelConfig(CellType cell, int vocabSize, int hiddenSize, int layers, int embedding,
                          float dropout, float initScale, Initialization init, float forgetBias,
                          boolean unigramBias) {
  /** A model drawn as char-rnn ({@code gaussian = false}) or min-char-rnn ({@code true}) draw theirs. */
  public ModelConfig(CellType cell, int vocabSize, int hiddenSize, int layers, int embedding, float dropout,
                     float initScale, boolean gaussian) {
    this(cell, vocabSize, hiddenSize, layers, embedding, dropout, initScale,
        gaussian ? Initialization.GAUSSIAN : Initialization.UNIFORM, 1f, false);
  }

  public ModelConfig {
    if (init == null) {
      throw new IllegalArgumentException("initialization is required");
    }
    if (!Float.isFinite(forgetBias)) {
      throw new IllegalArgumentException("forget-gate bias must be finite, got " + forgetBias);
    }
    if (cell == null) {
      throw new IllegalArgumentException("cell type is required");
    }
    if (vocabSize < 1) {
      throw new IllegalArgumentException("vocabulary size must be >= 1, got " + vocabSize);
    }
    if (hiddenSize < 1) {
      throw new IllegalArgumentException("hidden size must be >= 1, got " + hiddenSize);
    }
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    if (embedding < 0) {
      throw new IllegalArgumentException("embedding size must be >= 0 (0 = one-hot), got " + embedding);
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (!(initScale > 0f) || Float.isInfinite(initScale)) {
      throw new IllegalArgumentException("init scale must be > 0, got " + initScale);
    }
  }

  /**
   * rnn4j's defaults: LSTM 2x128, one-hot input, no dropout; Glorot input weights, orthogonal recurrent
   * weights, zero biases (forget gate included) and the output bias at the text's unigram log-frequencies.
   * Chosen by measurement on three texts (BENCHMARKS.md, "Model quality"): they leave the unigram plateau
   * hundreds of iterations sooner than char-rnn's uniform draw.
   */
  public static ModelConfig defaults(int vocabSize) {
    return new ModelConfig(CellType.LSTM, vocabSize, 128, 2, 0, 0f, 0.08f, Initialization.XAVIER, 0f, true);
  }

  /** char-rnn's model: LSTM 2x128, one-hot input, no dropout, every weight uniform(+-0.08), forget bias 1. */
  public static ModelConfig charRnn(int vocabSize) {
    return new ModelConfig(CellType.LSTM, vocabSize, 128, 2, 0, 0f, 0.08f, false);
  }

  /** min-char-rnn: one vanilla RNN layer of 100, one-hot input, weights N(0,1)*0.01, zero biases. */
  public static ModelConfig minCharRnn(int vocabSize) {
    return new ModelConfig(CellType.RNN, vocabSize, 100, 1, 0, 0f, 0.01f, true);
  }

  public ModelConfig withVocabSize(int v) {
    return new ModelConfig(cell, v, hiddenSize, layers, embedding, dropout, initScale, init, forgetBias, unigramBias);
  }

  /** The same shape drawn another way. */
  public ModelConfig withInit(Initialization init, float forgetBias, boolean unigramBias) {
    return new ModelConfig(cell, vocabSize, hiddenSize, layers, embedding, dropout, initScale, init, forgetBias,
        unigramBias);
  }
}
