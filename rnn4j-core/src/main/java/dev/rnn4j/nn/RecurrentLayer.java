package dev.rnn4j.nn;

import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.PackedWeight;
import dev.rnn4j.tensor.Profile;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.WeightFormat;

/**
 * A recurrent layer run over a whole window of T steps for B parallel streams.
 *
 * <p>Shapes (letters used in every cell): B streams, T steps, I input width, H hidden width, G blocks of
 * width H in the input projection. Rows are time-major: row {@code t*B + b} is stream b at step t, so one
 * step is a contiguous {@code B x H} block.
 *
 * <p>What is shared by every cell lives here: the {@link InputProjection} {@code xproj = x W_ih^T + bias}
 * ({@code [T*B, G*H]}, one GEMM for the window, or a row gather for one-hot token ids), an optional
 * per-sequence input term, and the carried state. A cell adds its recurrence in {@link #recur} and
 * {@link #recurBackward}, which read {@link #xproj} and fill {@link #dxproj}, and says what inspection
 * tools may read of it ({@link CellInspection}).
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
  private final InputProjection projection;
  private static final Profile.Part STEPS = Profile.part("recurrent steps: element-wise and copies");
  private static final Profile.Part PROJECTION = Profile.part("input projection: bias, one-hot rows");

  protected int batch;
  protected int capacitySteps;
  /** Input projections of the current window, {@code [T*B, G*H]}; a cell may overwrite them in place. */
  protected Matrix xproj;
  /** Gradient with respect to {@link #xproj}, filled by {@link #recurBackward}. */
  protected Matrix dxproj;
  private Matrix gradOutput;
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
    this.projection = new InputProjection(weightIh, bias, inputSize, blocks * hiddenSize);
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

  /** Width of the input projection, G*H (the columns of a per-sequence term). */
  public final int projectionWidth() {
    return blocks * hiddenSize;
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
    projection.allocate(steps * batch);
    xproj = projection.xproj;
    dxproj = projection.dxproj;
    gradOutput = Matrix.allocate(steps * batch, hiddenSize);
    allocate(batch, steps);
    if (saved != null) {
      Matrix[] now = state();
      for (int i = 0; i < now.length; i++) {
        now[i].copyFrom(saved[i]);
      }
    }
  }

  /**
   * Promises that this layer's weights no longer change (a loaded model that only samples): its products
   * read copies made once, those of a single row in {@code format} (see {@link PackedWeight#freeze}).
   */
  public final void freezeWeights(WeightFormat format, CoreSplit split) {
    projection.freeze(format, split);
    freezeRecurrent(format, split);
  }

  /** The cell's part of {@link #freezeWeights}: cells whose recurrence calls BLAS directly keep doing so. */
  protected void freezeRecurrent(WeightFormat format, CoreSplit split) {}

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
    profiledRecur(steps);
  }

  private void profiledRecur(int steps) {
    Profile.enter(STEPS);
    recur(steps);
    Profile.exit();
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
    project(x, steps);
    projection.addPerSequence(perSequence, steps, batch);
    profiledRecur(steps);
  }

  /**
   * After {@link #backward}: dLoss/d(perSequence) of the last window, the sum over its steps of dxproj,
   * written over {@code out [B, G*H]}.
   */
  public final void gradPerSequence(Matrix out) {
    projection.gradPerSequence(out, lastSteps, batch);
  }

  private void project(Matrix x, int steps) {
    checkSteps(steps);
    if (x.rows() != steps * batch || x.cols() != inputSize) {
      throw new IllegalArgumentException("input must be [" + steps * batch + ", " + inputSize + "], got " + x);
    }
    Profile.enter(PROJECTION);
    projection.project(x);
    Profile.exit();
    lastSteps = steps;
  }

  /**
   * Forward over a window of one-hot inputs given as token ids ({@code ids[t*B + b]}, each in
   * {@code [0, I)}): the projection of a one-hot vector is a column of {@code W_ih}.
   */
  public final void forwardOneHot(int[] ids, int steps) {
    checkSteps(steps);
    Profile.enter(PROJECTION);
    projection.projectOneHot(ids, steps * batch);
    Profile.exit();
    lastSteps = steps;
    profiledRecur(steps);
  }

  /** Where the caller writes dLoss/dh_t for the window before calling {@link #backward}. */
  public final Matrix gradOutput() {
    return gradOutput.rows(0, lastSteps * batch);
  }

  /** Backward over the last window; accumulates every parameter's gradient. */
  public final void backward() {
    Profile.enter(STEPS);
    recurBackward(lastSteps);
    Profile.exit();
    Profile.enter(PROJECTION);
    projection.backward(lastSteps * batch);
    Profile.exit();
  }

  /** dLoss/dx of the last dense window, {@code [T*B, I]} (not computed for one-hot input). */
  public final Matrix gradInput() {
    return projection.gradInput(lastSteps * batch);
  }

  /** Steps in the last window. */
  public final int lastSteps() {
    return lastSteps;
  }

  /**
   * Fills this layer's parameters: weights uniform in [-scale, scale] (char-rnn's default, 0.08) or,
   * when {@code gaussian}, N(0, 1) * scale (min-char-rnn, 0.01); biases zero; an LSTM's forget gate at 1.
   */
  public final void initialize(Rng rng, float scale, boolean gaussian) {
    initialize(rng, gaussian ? Initialization.GAUSSIAN : Initialization.UNIFORM, scale, 1f);
  }

  /**
   * Fills this layer's parameters by {@code init}: the input projection as an input weight, every other
   * matrix as a recurrent weight, vectors as biases. Then cells with a forget gate add {@code forgetBias}
   * to its bias (Jozefowicz et al. 2015: 1 makes the cell remember from the start).
   */
  public void initialize(Rng rng, Initialization init, float scale, float forgetBias) {
    for (Param p : params()) {
      Initialization.Role role = p == weightIh ? Initialization.Role.INPUT_WEIGHT
          : p == bias || p.rows() == 1 ? Initialization.Role.BIAS : Initialization.Role.RECURRENT_WEIGHT;
      init.fill(p.value(), role, hiddenSize, hiddenSize, scale, rng);
    }
    addForgetBias(forgetBias);
  }

  /** Adds {@code value} to the forget gate's bias; nothing for cells without one. */
  protected void addForgetBias(float value) {}

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
}
