package dev.rnn4j.seq.translate;

import dev.rnn4j.config.Require;
import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Attention;

/**
 * The shape of an encoder-decoder; stored in every checkpoint.
 *
 * @param cell           recurrent cell of the encoder and the decoder (rnn, lstm, gru; the MUT cells also work)
 * @param sourceVocab    source tokens (words or subword units, with the special ids PAD, START, END, UNK)
 * @param targetVocab    target tokens, likewise
 * @param embedding      width of both embeddings
 * @param hidden         encoder units per layer and direction
 * @param encoderLayers  stacked encoder layers
 * @param bidirectional  the encoder reads each source both ways (its states are 2H wide)
 * @param decoderHidden  decoder units per layer
 * @param decoderLayers  stacked decoder layers
 * @param attention      how the decoder scores the encoder's states; null: no attention (Sutskever et al.
 *                       2014: the decoder sees the source only through its initial state)
 * @param attentionWidth the additive score's hidden width (0 for dot and general)
 * @param dropout        on the embeddings, between stacked layers and before the output layer, [0, 1)
 */
public record TranslationConfig(CellType cell, int sourceVocab, int targetVocab, int embedding, int hidden,
                                int encoderLayers, boolean bidirectional, int decoderHidden, int decoderLayers,
                                Attention.Score attention, int attentionWidth, float dropout) {
  public TranslationConfig {
    Require.present("cell", cell);
    Require.atLeast("sourceVocab", sourceVocab, 5);
    Require.atLeast("targetVocab", targetVocab, 5);
    Require.atLeast("embedding", embedding, 1);
    Require.atLeast("hidden", hidden, 1);
    Require.atLeast("encoderLayers", encoderLayers, 1);
    Require.atLeast("decoderHidden", decoderHidden, 1);
    Require.atLeast("decoderLayers", decoderLayers, 1);
    Require.fraction("dropout", dropout);
    if (attention == Attention.Score.ADDITIVE) {
      Require.atLeast("attentionWidth", attentionWidth, 1);
    }
    if (attention == Attention.Score.DOT && decoderHidden != memoryWidthOf(hidden, bidirectional)) {
      throw new dev.rnn4j.config.InvalidSettingException("attention", "dot needs the decoder (" + decoderHidden
          + ") as wide as the encoder's states (" + memoryWidthOf(hidden, bidirectional) + "); use general");
    }
  }

  private static int memoryWidthOf(int hidden, boolean bidirectional) {
    return bidirectional ? 2 * hidden : hidden;
  }

  /** Width of an encoder state, D: H, or 2H when bidirectional. */
  public int memoryWidth() {
    return memoryWidthOf(hidden, bidirectional);
  }

  public boolean attends() {
    return attention != null;
  }

  /** "general", "dot", "additive" or "none". */
  public String attentionLabel() {
    return attention == null ? "none" : attention.label();
  }
}
