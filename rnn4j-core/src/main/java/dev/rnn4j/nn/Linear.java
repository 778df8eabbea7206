package dev.rnn4j.nn;

import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.PackedWeight;
import dev.rnn4j.tensor.WeightFormat;

/**
 * Affine map {@code y = x W^T + b} over many rows at once: {@code x [N, I]}, {@code W [O, I]},
 * {@code b [1, O]} (PyTorch nn.Linear layout). Backward: {@code dW += dy^T x}, {@code db += sum_rows dy},
 * {@code dx = dy W}.
 */
public final class Linear {
  private final Param weight;
  private final Param bias;
  private final int in;
  private final int outWidth;
  /** {@code x W^T}: BLAS while training; a frozen copy for a model that only samples ({@link #freeze}). */
  private final PackedWeight product = PackedWeight.transposed();
  private Matrix out;
  private Matrix gradInput;
  private Matrix lastInput;

  public Linear(Parameters params, String name, int in, int out) {
    this.in = in;
    this.outWidth = out;
    this.weight = params.add(name + ".weight", out, in);
    this.bias = params.add(name + ".bias", 1, out);
  }

  public void ensureCapacity(int rows) {
    if (out == null || out.rows() < rows) {
      out = Matrix.allocate(rows, outWidth);
      gradInput = Matrix.allocate(rows, in);
    }
  }

  /** Returns a view of the outputs, valid until the next forward. */
  public Matrix forward(Matrix x) {
    Matrix y = out.rows(0, x.rows());
    product.prepare(weight.value(), x.rows(), 1);
    product.multiply(x, 0f, y);
    y.addToRows(bias.value());
    lastInput = x;
    return y;
  }

  /** Promises that the weight no longer changes: see {@link PackedWeight#freeze}. */
  public void freeze(WeightFormat format, CoreSplit split) {
    product.freeze(format, split);
  }

  /** Accumulates parameter gradients from {@code dy} and returns dLoss/dx (a view, valid until next call). */
  public Matrix backward(Matrix dy) {
    Blas.gemm(true, false, 1f, dy, lastInput, 1f, weight.grad());
    dy.sumRowsInto(bias.grad());
    Matrix dx = gradInput.rows(0, dy.rows());
    Blas.gemm(false, false, 1f, dy, weight.value(), 0f, dx);
    return dx;
  }

  public Param weight() {
    return weight;
  }

  public Param bias() {
    return bias;
  }
}
