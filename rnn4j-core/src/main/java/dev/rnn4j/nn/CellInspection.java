package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;
import java.util.List;

/**
 * What inspection tools read of a recurrent layer after a forward pass, the same way for every cell, so a
 * tool never asks which cell it holds: the activations a cell keeps per step (its gates among them) and,
 * for a cell that has one, its cell state. Every matrix is a read-only view of the last window, rows
 * time-major ({@code t*B + b}), valid until the next forward.
 */
public interface CellInspection {
  /** A sigmoid gate: its name and which H-wide block of {@link #activations()} holds it. */
  record Gate(String name, int block) {}

  /** The sigmoid gates among {@link #activations()}, e.g. an LSTM's input, forget, output; empty for none. */
  List<Gate> gates();

  /**
   * Per-step activations {@code [T*B, blocks*H]} in the cell's block order (gates and candidate, as its
   * class comment says), or null for a cell that keeps none besides its output (vanilla RNN).
   */
  Matrix activations();

  /** Whether the cell carries a cell state besides h (an LSTM's c). */
  boolean hasCellState();

  /** Cell states of every step {@code [T*B, H]}; only for a cell that {@link #hasCellState() has one}. */
  Matrix cellStates();
}
