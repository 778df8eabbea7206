package dev.rnn4j.model;

import dev.rnn4j.nn.Gru;
import dev.rnn4j.nn.Lstm;
import dev.rnn4j.nn.Mut1;
import dev.rnn4j.nn.Mut2;
import dev.rnn4j.nn.Mut3;
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

  /** A new layer of this cell declared in {@code params}; layer 0 reads the model input. */
  public RecurrentLayer create(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    switch (this) {
      case RNN:
        return new VanillaRnn(params, layerIndex, inputSize, hiddenSize);
      case LSTM:
        return new Lstm(params, layerIndex, inputSize, hiddenSize);
      case GRU:
        return new Gru(params, layerIndex, inputSize, hiddenSize);
      case MUT1:
        return new Mut1(params, layerIndex, inputSize, hiddenSize);
      case MUT2:
        return new Mut2(params, layerIndex, inputSize, hiddenSize);
      case MUT3:
        return new Mut3(params, layerIndex, inputSize, hiddenSize);
      default:
        throw new AssertionError(this);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
