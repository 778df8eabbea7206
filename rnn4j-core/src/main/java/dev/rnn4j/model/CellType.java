package dev.rnn4j.model;

import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.VanillaRnn;
import java.util.Locale;

/** The recurrent cells a language model can stack. */
public enum CellType {
  RNN,
  LSTM,
  GRU,
  MUT1,
  MUT2,
  MUT3;

  /** Parses {@code rnn|lstm|gru|mut1|mut2|mut3}, case-insensitively. */
  public static CellType parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown cell type '" + s + "' (expected rnn, lstm, gru, mut1, mut2 or mut3)");
    }
  }

  RecurrentLayer create(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    switch (this) {
      case RNN:
        return new VanillaRnn(params, layerIndex, inputSize, hiddenSize);
      default:
        throw new UnsupportedOperationException(this + " is not built yet");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
