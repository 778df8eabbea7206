package dev.rnn4j.seq.model;

import dev.rnn4j.config.InvalidSettingException;
import dev.rnn4j.config.Require;
import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.SequencePooling;

/**
 * The shape of a classifier or tagger; stored in every checkpoint. Build one with {@link #builder}.
 *
 * @param kind           classifier (one label per sequence) or tagger (one label per word)
 * @param input          characters, words, or both
 * @param cell           recurrent cell of the main layers
 * @param layers         stacked recurrent layers
 * @param hidden         units per layer and direction (H)
 * @param bidirectional  each layer reads forwards and backwards, outputs concatenated (2H)
 * @param dropout        dropout on the input of every layer and on the top layer's output, [0, 1)
 * @param wordVocab      words in the word vocabulary (with its special ids); 0 without word input
 * @param wordEmbedding  word embedding width; 0 without word input
 * @param charVocab      symbols in the character vocabulary (with its special ids)
 * @param charEmbedding  character embedding width
 * @param charHidden     units per direction of the per-word character RNN (an LSTM); 0 when words are not
 *                       read through their characters
 * @param pooling        how a classifier summarises its sequence (last state, mean or max over time)
 * @param classes        labels (C)
 * @param wordDropout    probability that a training word's embedding is replaced by {@code <UNK>}'s (its
 *                       characters are still read): the unknown-word embedding learns from every word, and the
 *                       model learns not to lean on any one word (Iyyer et al. 2015; Kiperwasser and Goldberg
 *                       2016), [0, 1)
 * @param wordInitScale  standard deviation of fresh word embeddings (N(0, s^2)); 0 without word input. The
 *                       best value depends on the data's size: on 2,700 sentences a classifier needs its words'
 *                       embeddings to move (0.1: with N(0, 1), PyTorch's nn.Embedding, a rare word barely
 *                       leaves its random start under Adam, 78.2% against 81.7% 5-fold on UCI sentiment); a
 *                       tagger on 200,000 words overfits them (1: 95.3% dev on EWT, against 95.1% at 0.1 with
 *                       its dev loss climbing from 0.19 to 0.34). BENCHMARKS.md has both runs.
 */
public record SeqConfig(SeqKind kind, InputKind input, CellType cell, int layers, int hidden, boolean bidirectional,
                        float dropout, int wordVocab, int wordEmbedding, int charVocab, int charEmbedding,
                        int charHidden, SequencePooling.Kind pooling, int classes, float wordDropout,
                        float wordInitScale) {
  public SeqConfig {
    Require.present("kind", kind);
    Require.present("input", input);
    Require.present("cell", cell);
    Require.present("pooling", pooling);
    Require.atLeast("layers", layers, 1);
    Require.atLeast("hidden", hidden, 1);
    Require.fraction("dropout", dropout);
    Require.fraction("wordDropout", wordDropout);
    Require.atLeast("classes", classes, 2, " (a label set of one class has nothing to learn)");
    Require.atLeast("charVocab", charVocab, 1);
    Require.atLeast("charEmbedding", charEmbedding, 1);
    if (input.usesWordEmbedding()) {
      Require.atLeast("wordVocab", wordVocab, 1);
      Require.atLeast("wordEmbedding", wordEmbedding, 1);
      Require.positive("wordInitScale", wordInitScale);
    } else if (wordVocab != 0 || wordEmbedding != 0) {
      throw new InvalidSettingException("wordEmbedding", "must be 0 when the input is characters only");
    }
    if (input.usesWordCharacters(kind)) {
      Require.atLeast("charHidden", charHidden, 1);
    } else if (charHidden != 0) {
      throw new InvalidSettingException("charHidden", "must be 0 when words are not read through their characters");
    }
  }

  /** Width of what the recurrent layers read at each step. */
  public int inputWidth() {
    if (!input.stepsOverWords(kind)) {
      return charEmbedding;
    }
    return (input.usesWordEmbedding() ? wordEmbedding : 0) + (input.usesWordCharacters(kind) ? 2 * charHidden : 0);
  }

  /** Width of the top layer's output at each step (H, or 2H when bidirectional). */
  public int outputWidth() {
    return bidirectional ? 2 * hidden : hidden;
  }

  /** The defaults below for this kind and input, with the vocabulary and label-set sizes of the data. */
  public static Builder builder(SeqKind kind, InputKind input, int wordVocab, int charVocab, int classes) {
    return new Builder(kind, input, wordVocab, charVocab, classes);
  }

  /**
   * Named settings. Defaults: a bidirectional LSTM of 2 x 128 per direction, dropout 0.33 (Dozat et al.
   * 2017's tagger), word embedding 100, character embedding 32 and a character RNN of 64 per direction; a
   * classifier max-pools over time; word embeddings start at N(0, 1) for a tagger, N(0, 0.01) for a
   * classifier (see {@code wordInitScale}). Sizes that do not apply to the input are set to 0 by {@link #build}.
   */
  public static final class Builder {
    private final SeqKind kind;
    private final InputKind input;
    private final int wordVocab;
    private final int charVocab;
    private final int classes;
    private CellType cell = CellType.LSTM;
    private int layers = 2;
    private int hidden = 128;
    private boolean bidirectional = true;
    private float dropout = 0.33f;
    private int wordEmbedding = 100;
    private int charEmbedding = 32;
    private int charHidden = 64;
    private SequencePooling.Kind pooling = SequencePooling.Kind.MAX;
    private float wordDropout;
    private float wordInitScale;

    private Builder(SeqKind kind, InputKind input, int wordVocab, int charVocab, int classes) {
      this.kind = kind;
      this.input = input;
      this.wordVocab = wordVocab;
      this.charVocab = charVocab;
      this.classes = classes;
      this.wordInitScale = kind == SeqKind.TAGGER ? 1f : 0.1f;
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

    public Builder bidirectional(boolean bidirectional) {
      this.bidirectional = bidirectional;
      return this;
    }

    public Builder dropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder wordEmbedding(int wordEmbedding) {
      this.wordEmbedding = wordEmbedding;
      return this;
    }

    public Builder charEmbedding(int charEmbedding) {
      this.charEmbedding = charEmbedding;
      return this;
    }

    public Builder charHidden(int charHidden) {
      this.charHidden = charHidden;
      return this;
    }

    public Builder pooling(SequencePooling.Kind pooling) {
      this.pooling = pooling;
      return this;
    }

    public Builder wordDropout(float wordDropout) {
      this.wordDropout = wordDropout;
      return this;
    }

    public Builder wordInitScale(float wordInitScale) {
      this.wordInitScale = wordInitScale;
      return this;
    }

    public SeqConfig build() {
      boolean words = input.usesWordEmbedding();
      return new SeqConfig(kind, input, cell, layers, hidden, bidirectional, dropout, words ? wordVocab : 0,
          words ? wordEmbedding : 0, charVocab, charEmbedding, input.usesWordCharacters(kind) ? charHidden : 0,
          pooling, classes, words ? wordDropout : 0f, words ? wordInitScale : 0f);
    }
  }
}
