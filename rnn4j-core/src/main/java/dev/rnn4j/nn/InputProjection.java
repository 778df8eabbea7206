package dev.rnn4j.nn;

import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.PackedWeight;
import dev.rnn4j.tensor.WeightFormat;
import java.nio.FloatBuffer;

/**
 * A recurrent layer's input projection over a whole window: {@code xproj = x W_ih^T + bias}
 * ({@code [T*B, G*H]}) as one GEMM for dense input, or a row gather of {@code W_ih^T} for one-hot token
 * ids (a one-hot vector times a matrix is a lookup); an optional per-sequence term added at every step;
 * and the backward of all three ({@code dW_ih += dxproj^T x}, {@code dbias += sum dxproj},
 * {@code dx = dxproj W_ih}). Letters as in {@link RecurrentLayer}; {@code W = G*H}.
 */
final class InputProjection {
  private final int inputSize;
  private final int width;
  /** {@code x W_ih^T} for dense input: BLAS while training, a frozen copy for a model that only samples. */
  private final PackedWeight product = PackedWeight.transposed();
  final Param weight;
  final Param bias;
  /** The projections of the current window; the cell overwrites them in place during its recurrence. */
  Matrix xproj;
  /** Gradient with respect to {@link #xproj}, filled by the cell's backward. */
  Matrix dxproj;
  private Matrix gradInput;
  /**
   * W_ih transposed, {@code [I, W]} on the heap, so a one-hot projection is one contiguous row copy. Heap
   * arrays, as {@link #gradWeightT} and {@link #row}: transposing through the off-heap buffers one element
   * at a time was a tenth of min-char-rnn's training time.
   */
  private float[] weightT;
  /** Gradient of {@link #weightT} during a one-hot backward, added transposed into W_ih's gradient. */
  private float[] gradWeightT;
  /** One row of W_ih, its gradient or dxproj, read or written by a bulk copy. */
  private float[] row;
  private Matrix lastInput;
  private int[] lastIds;
  /** Frozen ({@link #freeze}): W_ih no longer changes, so {@link #weightT} is transposed once. */
  private boolean frozen;
  private boolean transposedReady;

  InputProjection(Param weight, Param bias, int inputSize, int width) {
    this.weight = weight;
    this.bias = bias;
    this.inputSize = inputSize;
    this.width = width;
  }

  /** Buffers for up to {@code rows} rows (steps times streams). */
  void allocate(int rows) {
    xproj = Matrix.allocate(rows, width);
    dxproj = Matrix.allocate(rows, width);
    gradInput = Matrix.allocate(rows, inputSize);
  }

  /** xproj = x W_ih^T + bias for {@code x.rows()} rows of dense input. */
  void project(Matrix x) {
    Matrix xp = xproj.rows(0, x.rows());
    product.prepare(weight.value(), x.rows(), 1);
    product.multiply(x, 0f, xp);
    addBias(xp);
    lastInput = x;
    lastIds = null;
  }

  /** Promises that W_ih no longer changes: see {@link PackedWeight#freeze}. */
  void freeze(WeightFormat format, CoreSplit split) {
    product.freeze(format, split);
    frozen = true;
    transposedReady = false;
  }

  /** xproj = the columns of W_ih that the first {@code n} ids pick, plus the bias. */
  void projectOneHot(int[] ids, int n) {
    if (ids.length < n) {
      throw new IllegalArgumentException("need " + n + " ids, got " + ids.length);
    }
    for (int r = 0; r < n; r++) {
      int id = ids[r];
      if (id < 0 || id >= inputSize) {
        throw new IllegalArgumentException("token id " + id + " outside [0, " + inputSize + ")");
      }
    }
    FloatBuffer xb = xproj.buffer();
    if (n < inputSize && !frozen) {
      // a few tokens (sampling while training): read the columns in place rather than transposing W
      Matrix w = weight.value();
      FloatBuffer wb = w.buffer();
      for (int r = 0; r < n; r++) {
        int xo = xproj.offset() + r * width;
        for (int j = 0; j < width; j++) {
          xb.put(xo + j, wb.get(w.offset() + j * inputSize + ids[r]));
        }
      }
    } else {
      if (!transposedReady) {
        transposeWeight();
        transposedReady = frozen;
      }
      for (int r = 0; r < n; r++) {
        xb.put(xproj.offset() + r * width, weightT, ids[r] * width, width);
      }
    }
    addBias(xproj.rows(0, n));
    lastInput = null;
    lastIds = ids;
  }

  /** {@code xproj[t*B + b] += perSequence[b]} for {@code steps} steps of {@code batch} sequences. */
  void addPerSequence(Matrix perSequence, int steps, int batch) {
    if (perSequence.rows() != batch || perSequence.cols() != width) {
      throw new IllegalArgumentException("per-sequence term must be [" + batch + ", " + width + "], got " + perSequence);
    }
    xproj.rows(0, steps * batch).addToRows(perSequence);
  }

  /** {@code out[b] = sum over the steps of dxproj[t*B + b]}, written over {@code out [B, W]}. */
  void gradPerSequence(Matrix out, int steps, int batch) {
    if (out.rows() != batch || out.cols() != width) {
      throw new IllegalArgumentException("per-sequence gradient must be [" + batch + ", " + width + "], got " + out);
    }
    out.zero();
    dxproj.rows(0, steps * batch).sumRowsInto(out);
  }

  /** Accumulates W_ih's and the bias's gradients from the first {@code n} rows of dxproj; for dense input also dx. */
  void backward(int n) {
    Matrix dxp = dxproj.rows(0, n);
    // dbias += the sum of dxproj's rows: for 1250 x 2048, 0.85 ms a row at a time, 7.8 ms as BLAS's
    // product ones^T dxproj
    dxp.sumRowsInto(bias.grad());
    if (lastInput != null) {
      Blas.gemm(true, false, 1f, dxp, lastInput, 1f, weight.grad());
      Blas.gemm(false, false, 1f, dxp, weight.value(), 0f, gradInput.rows(0, n));
      return;
    }
    // scatter rows of dxproj into the transposed gradient (contiguous rows), then add it transposed
    allocateTransposed();
    float[] g = gradWeightT;
    java.util.Arrays.fill(g, 0f);
    FloatBuffer d = dxp.buffer();
    for (int r = 0; r < n; r++) {
      d.get(dxp.offset() + r * width, row, 0, width);
      int go = lastIds[r] * width;
      for (int j = 0; j < width; j++) {
        g[go + j] += row[j];
      }
    }
    Matrix dw = weight.grad();
    FloatBuffer dwb = dw.buffer();
    for (int j = 0; j < width; j++) {
      int at = dw.offset() + j * inputSize;
      dwb.get(at, row, 0, inputSize);
      for (int i = 0; i < inputSize; i++) {
        row[i] += g[i * width + j];
      }
      dwb.put(at, row, 0, inputSize);
    }
  }

  /** dLoss/dx of the last dense input, its first {@code n} rows. */
  Matrix gradInput(int n) {
    if (lastInput == null) {
      throw new IllegalStateException("no input gradient for one-hot input");
    }
    return gradInput.rows(0, n);
  }

  /** Every row of xp += bias (0.9 ms for 1250 x 2048, 1.3 ms as BLAS's rank-1 product). */
  private void addBias(Matrix xp) {
    xp.addToRows(bias.value());
  }

  private void allocateTransposed() {
    if (weightT == null) {
      weightT = new float[inputSize * width];
      gradWeightT = new float[inputSize * width];
      row = new float[Math.max(inputSize, width)];
    }
  }

  private void transposeWeight() {
    allocateTransposed();
    Matrix w = weight.value();
    FloatBuffer wb = w.buffer();
    for (int j = 0; j < width; j++) {
      wb.get(w.offset() + j * inputSize, row, 0, inputSize);
      for (int i = 0; i < inputSize; i++) {
        weightT[i * width + j] = row[i];
      }
    }
  }
}
