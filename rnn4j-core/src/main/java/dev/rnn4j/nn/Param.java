package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;

/**
 * One named parameter: its value and its gradient, both views into the flat arenas of {@link Parameters}.
 * The views exist once {@link Parameters#allocate()} has run.
 */
public final class Param {
  private final String name;
  private final int rows;
  private final int cols;
  private final int start;
  private Matrix value;
  private Matrix grad;

  Param(String name, int rows, int cols, int start) {
    this.name = name;
    this.rows = rows;
    this.cols = cols;
    this.start = start;
  }

  void bind(Matrix valueArena, Matrix gradArena) {
    value = valueArena.slice(start, rows * cols).reshape(rows, cols);
    grad = gradArena.slice(start, rows * cols).reshape(rows, cols);
  }

  public String name() {
    return name;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int size() {
    return rows * cols;
  }

  /** Offset of this parameter in the flat arena. */
  public int start() {
    return start;
  }

  public Matrix value() {
    if (value == null) {
      throw new IllegalStateException("parameters not allocated yet: " + name);
    }
    return value;
  }

  public Matrix grad() {
    if (grad == null) {
      throw new IllegalStateException("parameters not allocated yet: " + name);
    }
    return grad;
  }
}
