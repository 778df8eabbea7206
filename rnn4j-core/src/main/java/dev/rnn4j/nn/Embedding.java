package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;

/**
 * Token embedding: {@code out[r] = W[ids[r]]}, {@code W [V, E]} named {@code embedding.weight} by default
 * (PyTorch's nn.Embedding). Backward scatters: {@code dW[ids[r]] += dOut[r]}.
 */
public final class Embedding {
  private final Param weight;
  private final int vocab;
  private final int width;
  private Matrix out;
  private Matrix gradOutput;
  private int[] lastIds;
  private int lastRows;

  /** An embedding of {@code vocab} tokens into {@code width} columns named {@code embedding.weight}. */
  public Embedding(Parameters params, int vocab, int width) {
    this(params, "embedding", vocab, width);
  }

  /**
   * An embedding whose weight is named {@code name + ".weight"}, for a model with more than one (words
   * and characters, say).
   */
  public Embedding(Parameters params, String name, int vocab, int width) {
    this.vocab = vocab;
    this.width = width;
    this.weight = params.add(name + ".weight", vocab, width);
  }

  public void ensureCapacity(int rows) {
    if (out == null || out.rows() < rows) {
      out = Matrix.allocate(rows, width);
      gradOutput = Matrix.allocate(rows, width);
    }
  }

  public Matrix forward(int[] ids, int rows) {
    Matrix w = weight.value();
    FloatBuffer wb = w.buffer();
    FloatBuffer ob = out.buffer();
    for (int r = 0; r < rows; r++) {
      int id = ids[r];
      if (id < 0 || id >= vocab) {
        throw new IllegalArgumentException("token id " + id + " outside [0, " + vocab + ")");
      }
      int wo = w.offset() + id * width;
      int oo = out.offset() + r * width;
      for (int j = 0; j < width; j++) {
        ob.put(oo + j, wb.get(wo + j));
      }
    }
    lastIds = ids;
    lastRows = rows;
    return out.rows(0, rows);
  }

  /** Where the caller writes dLoss/dOut before {@link #backward()}. */
  public Matrix gradOutput() {
    return gradOutput.rows(0, lastRows);
  }

  public void backward() {
    Matrix dw = weight.grad();
    FloatBuffer db = dw.buffer();
    FloatBuffer gb = gradOutput.buffer();
    for (int r = 0; r < lastRows; r++) {
      int wo = dw.offset() + lastIds[r] * width;
      int go = gradOutput.offset() + r * width;
      for (int j = 0; j < width; j++) {
        db.put(wo + j, db.get(wo + j) + gb.get(go + j));
      }
    }
  }

  public Param weight() {
    return weight;
  }
}
