package dev.rnn4j.nn;

import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.nio.FloatBuffer;

/**
 * A recurrent layer run over a whole window of T steps for B parallel streams.
 *
 * <p>Shapes (letters used in every cell): B streams, T steps, I input width, H hidden width, G blocks of
 * width H in the input projection. Rows are time-major: row {@code t*B + b} is stream b at step t, so one
 * step is a contiguous {@code B x H} block.
 *
 * <p>What is shared by every cell lives here: the input projection {@code xproj = x W_ih^T + bias}
 * ({@code [T*B, G*H]}), done for the whole window as one GEMM, or as a row gather of {@code W_ih^T} when
 * the input is one-hot token ids; its backward ({@code dW_ih += dxproj^T x}, {@code dbias += sum dxproj},
 * {@code dx = dxproj W_ih}); and the carried state. A cell adds its recurrence in {@link #recur} and
 * {@link #recurBackward}, which read {@link #xproj} and fill {@link #dxproj}.
 *
 * <p>State: {@link #state()} holds the state at the start of the next window. {@code forward} reads it as
 * the initial state and, at the end, overwrites it with the state after the last step (truncated BPTT
 * carries it across windows). {@link #resetState()} zeroes it. {@code backward} writes the gradient of the
 * loss with respect to the initial state into {@link #gradState()}.
 *
 * <p>Gradients are accumulated into the {@link Param#grad()} views, never overwritten.
 */
public abstract class RecurrentLayer implements CellInspection {
  protected final int inputSize;
  protected final int hiddenSize;
  protected final int blocks;
  protected final int layerIndex;
  protected final Param weightIh;
  protected final Param bias;

  protected int batch;
  protected int capacitySteps;
  /** Input projections of the current window, {@code [T*B, G*H]}; a cell may overwrite them in place. */
  protected Matrix xproj;
  /** Gradient with respect to {@link #xproj}, filled by {@link #recurBackward}. */
  protected Matrix dxproj;
  private Matrix gradOutput;
  private Matrix gradInput;
  /** A column of ones: bias add and bias gradient as BLAS rank-1 products. */
  private Matrix ones;
  /** W_ih transposed, {@code [I, G*H]}, so a one-hot projection is one contiguous row copy. */
  private Matrix weightT;
  /** Gradient of {@link #weightT} during a one-hot backward, added transposed into W_ih's gradient. */
  private Matrix gradWeightT;
  private Matrix lastInput;
  private int[] lastIds;
  private int lastSteps;

  protected RecurrentLayer(Parameters params, int layerIndex, int inputSize, int hiddenSize, int blocks) {
    if (inputSize <= 0 || hiddenSize <= 0) {
      throw new IllegalArgumentException("layer sizes must be positive: input " + inputSize + ", hidden " + hiddenSize);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.blocks = blocks;
    this.layerIndex = layerIndex;
    this.weightIh = params.add(paramName("weight_ih"), blocks * hiddenSize, inputSize);
    this.bias = params.add(paramName("bias_ih"), 1, blocks * hiddenSize);
  }

  /** PyTorch-style parameter name, e.g. {@code rnn.weight_hh_l0}. */
  protected final String paramName(String base) {
    return "rnn." + base + "_l" + layerIndex;
  }

  public final int inputSize() {
    return inputSize;
  }

  public final int hiddenSize() {
    return hiddenSize;
  }

  public final int batch() {
    return batch;
  }

  /**
   * Makes room for windows of up to {@code steps} steps of {@code batch} streams. Changing the batch size
   * resets the state to zeros.
   */
  public final void ensureCapacity(int batch, int steps) {
    if (batch <= 0 || steps <= 0) {
      throw new IllegalArgumentException("batch and steps must be positive: " + batch + ", " + steps);
    }
    if (batch == this.batch && steps <= capacitySteps) {
      return;
    }
    boolean newBatch = batch != this.batch;
    Matrix[] old = newBatch ? null : state();
    float[][] saved = null;
    if (old != null) {
      saved = new float[old.length][];
      for (int i = 0; i < old.length; i++) {
        saved[i] = old[i].toArray();
      }
    }
    this.batch = batch;
    this.capacitySteps = steps;
    xproj = Matrix.allocate(steps * batch, blocks * hiddenSize);
    dxproj = Matrix.allocate(steps * batch, blocks * hiddenSize);
    gradOutput = Matrix.allocate(steps * batch, hiddenSize);
    gradInput = Matrix.allocate(steps * batch, inputSize);
    ones = Matrix.allocate(steps * batch, 1);
    ones.fill(1f);
    allocate(batch, steps);
    if (saved != null) {
      Matrix[] now = state();
      for (int i = 0; i < now.length; i++) {
        now[i].copyFrom(saved[i]);
      }
    }
  }

  /** Allocates the cell's own buffers (history, state, per-step views) for the given capacity. */
  protected abstract void allocate(int batch, int steps);

  /** Runs the recurrence over {@code steps} steps, reading {@link #xproj} and the carried state. */
  protected abstract void recur(int steps);

  /**
   * Walks time backwards: reads {@link #gradOutput()}, fills {@link #dxproj}, accumulates the recurrent
   * parameters' gradients and writes {@link #gradState()}.
   */
  protected abstract void recurBackward(int steps);

  /** Outputs h_t of every step of the last window, {@code [T*B, H]}. */
  public abstract Matrix output();

  /** State carried into the next window: {@code [h]} or {@code [h, c]}, each {@code B x H}. */
  public abstract Matrix[] state();

  /** Gradient of the loss with respect to the initial state of the last window, like {@link #state()}. */
  public abstract Matrix[] gradState();

  public final void resetState() {
    for (Matrix m : state()) {
      m.zero();
    }
  }

  /** Forward over a window of dense inputs {@code x [steps*B, I]}. */
  public final void forward(Matrix x, int steps) {
    project(x, steps);
    recur(steps);
  }

  /**
   * Forward over dense inputs with a per-sequence input term: a term that is the same at every step of a
   * sequence, added to its input projection, {@code xproj[t*B + b] += perSequence[b]},
   * {@code perSequence [B, G*H]}. A conditioning vector v enters every step this way,
   * {@code h_t = f(W_ih x_t + W_hh h_{t-1} + W_v v)} (an image for a captioner, a class or an encoder's
   * summary for others), computed once per sequence rather than once per step.
   * {@link #gradPerSequence} gives its gradient.
   */
  public final void forward(Matrix x, Matrix perSequence, int steps) {
    int gh = blocks * hiddenSize;
    if (perSequence.rows() != batch || perSequence.cols() != gh) {
      throw new IllegalArgumentException("per-sequence term must be [" + batch + ", " + gh + "], got " + perSequence);
    }
    project(x, steps);
    FloatBuffer xb = xproj.buffer();
    FloatBuffer pb = perSequence.buffer();
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        int xo = xproj.offset() + (t * batch + b) * gh;
        int po = perSequence.offset() + b * gh;
        for (int j = 0; j < gh; j++) {
          xb.put(xo + j, xb.get(xo + j) + pb.get(po + j));
        }
      }
    }
    recur(steps);
  }

  /**
   * After {@link #backward}: dLoss/d(perSequence) of the last window, the sum over its steps of dxproj,
   * written over {@code out [B, G*H]}.
   */
  public final void gradPerSequence(Matrix out) {
    int gh = blocks * hiddenSize;
    if (out.rows() != batch || out.cols() != gh) {
      throw new IllegalArgumentException("per-sequence gradient must be [" + batch + ", " + gh + "], got " + out);
    }
    out.zero();
    FloatBuffer ob = out.buffer();
    FloatBuffer db = dxproj.buffer();
    for (int t = 0; t < lastSteps; t++) {
      for (int b = 0; b < batch; b++) {
        int d = dxproj.offset() + (t * batch + b) * gh;
        int o = out.offset() + b * gh;
        for (int j = 0; j < gh; j++) {
          ob.put(o + j, ob.get(o + j) + db.get(d + j));
        }
      }
    }
  }

  /** xproj = x W_ih^T + bias for a window of dense inputs. */
  private void project(Matrix x, int steps) {
    checkSteps(steps);
    if (x.rows() != steps * batch || x.cols() != inputSize) {
      throw new IllegalArgumentException("input must be [" + steps * batch + ", " + inputSize + "], got " + x);
    }
    Matrix xp = xproj.rows(0, steps * batch);
    Blas.gemm(false, true, 1f, x, weightIh.value(), 0f, xp);
    addBias(xp);
    lastInput = x;
    lastIds = null;
    lastSteps = steps;
  }

  /** Width of the input projection, G*H (the columns of a per-sequence term). */
  public final int projectionWidth() {
    return blocks * hiddenSize;
  }

  /**
   * Forward over a window of one-hot inputs given as token ids ({@code ids[t*B + b]}, each in
   * {@code [0, I)}): the projection of a one-hot vector is a column of {@code W_ih}.
   */
  public final void forwardOneHot(int[] ids, int steps) {
    checkSteps(steps);
    int n = steps * batch;
    if (ids.length < n) {
      throw new IllegalArgumentException("need " + n + " ids, got " + ids.length);
    }
    int gh = blocks * hiddenSize;
    FloatBuffer xb = xproj.buffer();
    for (int r = 0; r < n; r++) {
      int id = ids[r];
      if (id < 0 || id >= inputSize) {
        throw new IllegalArgumentException("token id " + id + " outside [0, " + inputSize + ")");
      }
    }
    if (n < inputSize) {
      // a few tokens (sampling): read the columns in place rather than transposing the whole matrix
      Matrix w = weightIh.value();
      FloatBuffer wb = w.buffer();
      for (int r = 0; r < n; r++) {
        int xo = xproj.offset() + r * gh;
        for (int j = 0; j < gh; j++) {
          xb.put(xo + j, wb.get(w.offset() + j * inputSize + ids[r]));
        }
      }
    } else {
      transposeWeight();
      FloatBuffer wt = weightT.buffer();
      for (int r = 0; r < n; r++) {
        xb.put(xproj.offset() + r * gh, wt, weightT.offset() + ids[r] * gh, gh);
      }
    }
    addBias(xproj.rows(0, n));
    lastInput = null;
    lastIds = ids;
    lastSteps = steps;
    recur(steps);
  }

  /** Where the caller writes dLoss/dh_t for the window before calling {@link #backward}. */
  public final Matrix gradOutput() {
    return gradOutput.rows(0, lastSteps * batch);
  }

  /** Backward over the last window; accumulates every parameter's gradient. */
  public final void backward() {
    int steps = lastSteps;
    int n = steps * batch;
    recurBackward(steps);
    Matrix dxp = dxproj.rows(0, n);
    // dbias += column sums of dxproj = ones^T dxproj
    Blas.gemm(true, false, 1f, ones.rows(0, n), dxp, 1f, bias.grad());
    FloatBuffer d = dxp.buffer();
    int gh = blocks * hiddenSize;
    if (lastInput != null) {
      Blas.gemm(true, false, 1f, dxp, lastInput, 1f, weightIh.grad());
      Blas.gemm(false, false, 1f, dxp, weightIh.value(), 0f, gradInput.rows(0, n));
    } else {
      // scatter rows of dxproj into the transposed gradient (contiguous rows), then add it transposed
      allocateTransposed();
      gradWeightT.zero();
      FloatBuffer g = gradWeightT.buffer();
      for (int r = 0; r < n; r++) {
        int go = gradWeightT.offset() + lastIds[r] * gh;
        int o = dxp.offset() + r * gh;
        for (int j = 0; j < gh; j++) {
          g.put(go + j, g.get(go + j) + d.get(o + j));
        }
      }
      Matrix dw = weightIh.grad();
      FloatBuffer dwb = dw.buffer();
      int dwo = dw.offset();
      for (int j = 0; j < gh; j++) {
        for (int i = 0; i < inputSize; i++) {
          int k = dwo + j * inputSize + i;
          dwb.put(k, dwb.get(k) + g.get(gradWeightT.offset() + i * gh + j));
        }
      }
    }
  }

  /** dLoss/dx of the last dense window, {@code [T*B, I]} (not computed for one-hot input). */
  public final Matrix gradInput() {
    if (lastInput == null) {
      throw new IllegalStateException("no input gradient for one-hot input");
    }
    return gradInput.rows(0, lastSteps * batch);
  }

  /** Steps in the last window. */
  public final int lastSteps() {
    return lastSteps;
  }

  /**
   * Fills this layer's parameters: weights uniform in [-scale, scale] (char-rnn's default, 0.08) or,
   * when {@code gaussian}, N(0, 1) * scale (min-char-rnn, 0.01); biases zero. Cells may override to set
   * gate biases (an LSTM's forget gate starts at 1).
   */
  public void initialize(Rng rng, float scale, boolean gaussian) {
    for (Param p : params()) {
      Matrix v = p.value();
      if (p == bias || p.rows() == 1) {
        v.zero();
        continue;
      }
      for (int i = 0; i < v.size(); i++) {
        v.set(i, gaussian ? (float) (rng.nextGaussian() * scale) : (float) ((rng.nextDouble() * 2 - 1) * scale));
      }
    }
  }

  /** A cell without a cell state besides h; an LSTM overrides this. */
  @Override
  public boolean hasCellState() {
    return false;
  }

  @Override
  public Matrix cellStates() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no cell state besides h");
  }

  /** Every parameter of this layer (the input projection's first). */
  public abstract Param[] params();

  private void checkSteps(int steps) {
    if (batch == 0) {
      throw new IllegalStateException("call ensureCapacity(batch, steps) first");
    }
    if (steps <= 0 || steps > capacitySteps) {
      throw new IllegalArgumentException("steps " + steps + " outside [1, " + capacitySteps + "]");
    }
  }

  /** xp += ones * bias: a rank-1 update, vectorised by BLAS. */
  private void addBias(Matrix xp) {
    Blas.gemm(false, false, 1f, ones.rows(0, xp.rows()), bias.value(), 1f, xp);
  }

  private void allocateTransposed() {
    if (weightT == null) {
      weightT = Matrix.allocate(inputSize, blocks * hiddenSize);
      gradWeightT = Matrix.allocate(inputSize, blocks * hiddenSize);
    }
  }

  private void transposeWeight() {
    int gh = blocks * hiddenSize;
    allocateTransposed();
    Matrix w = weightIh.value();
    FloatBuffer wb = w.buffer();
    FloatBuffer tb = weightT.buffer();
    for (int j = 0; j < gh; j++) {
      for (int i = 0; i < inputSize; i++) {
        tb.put(weightT.offset() + i * gh + j, wb.get(w.offset() + j * inputSize + i));
      }
    }
  }
}
