package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.PackedWeight;
import dev.rnn4j.tensor.WeightFormat;
import java.util.List;

/**
 * Long short-term memory (Hochreiter and Schmidhuber 1997, with a forget gate):
 * <pre>
 *   a   = W_ih x_t + W_hh h_{t-1} + b                     [B, 4H], blocks i | f | g | o
 *   i = sigm(a_i)   f = sigm(a_f)   g = tanh(a_g)   o = sigm(a_o)
 *   c_t = f * c_{t-1} + i * g
 *   h_t = o * tanh(c_t)
 * </pre>
 *
 * <p>Parameters follow PyTorch nn.LSTM (gate order i, f, g, o; one bias), so weights load there:
 * {@code weight_ih [4H, I]}, {@code weight_hh [4H, H]}, {@code bias_ih [1, 4H]}. State is {@code [h, c]}.
 *
 * <p>Forward writes the activated gates over {@link #xproj} in place and keeps the histories
 * {@code hs} and {@code cs} ({@code [(T+1)*B, H]}, block 0 = h_0, c_0). Backward per step:
 * <pre>
 *   dh  = dOut_t + dh_next
 *   dc  = dc_next + dh * o * (1 - tanh(c_t)^2)
 *   da_i = dc * g * i(1-i)   da_f = dc * c_{t-1} * f(1-f)   da_g = dc * i * (1-g^2)   da_o = dh * tanh(c_t) * o(1-o)
 *   dc_next = dc * f         dh_next = da W_hh
 * </pre>
 * and after the loop {@code dW_hh += da^T h_{t-1}} over the whole window in one GEMM.
 */
public final class Lstm extends RecurrentLayer {
  private final Param weightHh;
  /** W_hh packed for the window's products: forward {@code h W_hh^T}, backward {@code da W_hh}. */
  private final PackedWeight forwardHh = PackedWeight.transposed();
  private final PackedWeight backwardHh = PackedWeight.plain();
  private Matrix hs;
  private Matrix cs;
  private Matrix[] hStep;
  private Matrix[] cStep;
  private Matrix[] gateStep;
  private Matrix[] dGateStep;
  private Matrix stateH;
  private Matrix stateC;
  private Matrix gradH;
  private Matrix gradC;
  private Matrix dhNext;
  /** Heap copies of one step's rows, where the element-wise part runs ({@code [B, 4H]} and {@code [B, H]}). */
  private float[] gates;
  private float[] dGates;
  private float[] cell;
  private float[] tanhCell;
  private float[] hidden;
  private float[] dh;
  private float[] dc;

  public Lstm(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    super(params, layerIndex, inputSize, hiddenSize, 4);
    this.weightHh = params.add(paramName("weight_hh"), 4 * hiddenSize, hiddenSize);
  }

  /** The forget gate is block 1 (i, f, g, o). */
  @Override
  protected void addForgetBias(float value) {
    Matrix b = bias.value();
    for (int j = hiddenSize; j < 2 * hiddenSize; j++) {
      b.set(j, b.get(j) + value);
    }
  }

  @Override
  protected void allocate(int b, int steps) {
    int h = hiddenSize;
    hs = Matrix.allocate((steps + 1) * b, h);
    cs = Matrix.allocate((steps + 1) * b, h);
    hStep = new Matrix[steps + 1];
    cStep = new Matrix[steps + 1];
    gateStep = new Matrix[steps];
    dGateStep = new Matrix[steps];
    for (int t = 0; t <= steps; t++) {
      hStep[t] = hs.rows(t * b, b);
      cStep[t] = cs.rows(t * b, b);
    }
    for (int t = 0; t < steps; t++) {
      gateStep[t] = xproj.rows(t * b, b);
      dGateStep[t] = dxproj.rows(t * b, b);
    }
    stateH = Matrix.allocate(b, h);
    stateC = Matrix.allocate(b, h);
    gradH = Matrix.allocate(b, h);
    gradC = Matrix.allocate(b, h);
    dhNext = Matrix.allocate(b, h);
    gates = new float[b * 4 * h];
    dGates = new float[b * 4 * h];
    cell = new float[b * h];
    tanhCell = new float[b * h];
    hidden = new float[b * h];
    dh = new float[b * h];
    dc = new float[b * h];
  }

  @Override
  protected void freezeRecurrent(WeightFormat format, CoreSplit split) {
    forwardHh.freeze(format, split);
  }

  @Override
  protected void recur(int steps) {
    hStep[0].copyFrom(stateH);
    cStep[0].copyFrom(stateC);
    forwardHh.prepare(weightHh.value(), batch, steps);
    for (int t = 0; t < steps; t++) {
      Matrix a = gateStep[t];
      forwardHh.multiply(hStep[t], 1f, a);
      a.copyTo(gates);
      cStep[t].copyTo(cell);
      stepForward();
      a.copyFrom(gates);
      cStep[t + 1].copyFrom(cell);
      hStep[t + 1].copyFrom(hidden);
    }
    stateH.copyFrom(hStep[steps]);
    stateC.copyFrom(cStep[steps]);
  }

  /**
   * One step's element-wise part, on heap copies (whole gate blocks through the array activations, which
   * are vectorized): gates in place to i | f | g | o, cell from c_{t-1} to c_t, hidden = o * tanh(c_t).
   */
  private void stepForward() {
    int h = hiddenSize;
    for (int b = 0; b < batch; b++) {
      int row = b * 4 * h;
      Activations.sigmoid(gates, row, row + 2 * h);
      Activations.tanh(gates, row + 2 * h, row + 3 * h);
      Activations.sigmoid(gates, row + 3 * h, row + 4 * h);
      int k0 = b * h;
      for (int j = 0; j < h; j++) {
        float c = gates[row + h + j] * cell[k0 + j] + gates[row + j] * gates[row + 2 * h + j];
        cell[k0 + j] = c;
        tanhCell[k0 + j] = c;
      }
    }
    Activations.tanh(tanhCell, 0, batch * h);
    for (int b = 0; b < batch; b++) {
      int o = b * 4 * h + 3 * h;
      int k0 = b * h;
      for (int j = 0; j < h; j++) {
        hidden[k0 + j] = gates[o + j] * tanhCell[k0 + j];
      }
    }
  }

  @Override
  protected void recurBackward(int steps) {
    Matrix dOut = gradOutput();
    backwardHh.prepare(weightHh.value(), batch, steps);
    int n = batch * hiddenSize;
    java.util.Arrays.fill(dh, 0f);
    java.util.Arrays.fill(dc, 0f);
    for (int t = steps - 1; t >= 0; t--) {
      gateStep[t].copyTo(gates);
      cStep[t].copyTo(cell);
      cStep[t + 1].copyTo(tanhCell);
      dOut.buffer().get(dOut.offset() + t * n, hidden, 0, n);
      stepBackward();
      dGateStep[t].copyFrom(dGates);
      backwardHh.multiply(dGateStep[t], 0f, dhNext);
      dhNext.copyTo(dh);
    }
    gradH.copyFrom(dh);
    gradC.copyFrom(dc);
    Blas.gemm(true, false, 1f, dxproj.rows(0, steps * batch), hs.rows(0, steps * batch), 1f, weightHh.grad());
  }

  /**
   * One step back, on heap copies: reads the activated gates, c_{t-1} ({@code cell}), c_t
   * ({@code tanhCell}, turned into tanh(c_t) here: recomputed, not stored, one exp per element instead of a
   * third {@code [T*B, H]} history), dOut_t ({@code hidden}) and dh_next, dc_next; writes the gate gradients
   * and dc_next for the step before.
   */
  private void stepBackward() {
    int h = hiddenSize;
    Activations.tanh(tanhCell, 0, batch * h);
    for (int b = 0; b < batch; b++) {
      int row = b * 4 * h;
      int k0 = b * h;
      for (int j = 0; j < h; j++) {
        int k = k0 + j;
        int gi = row + j;
        float i = gates[gi];
        float f = gates[gi + h];
        float g = gates[gi + 2 * h];
        float o = gates[gi + 3 * h];
        float tc = tanhCell[k];
        float dhk = hidden[k] + dh[k];
        float dck = dc[k] + dhk * o * (1f - tc * tc);
        dGates[gi] = dck * g * i * (1f - i);
        dGates[gi + h] = dck * cell[k] * f * (1f - f);
        dGates[gi + 2 * h] = dck * i * (1f - g * g);
        dGates[gi + 3 * h] = dhk * tc * o * (1f - o);
        dc[k] = dck * f;
      }
    }
  }

  @Override
  public Matrix output() {
    return hs.rows(batch, lastSteps() * batch);
  }

  private static final List<Gate> GATES = List.of(new Gate("input", 0), new Gate("forget", 1),
      new Gate("output", 3));

  @Override
  public boolean hasCellState() {
    return true;
  }

  /** Cell states c_t of every step of the last window, {@code [T*B, H]}. */
  @Override
  public Matrix cellStates() {
    return cs.rows(batch, lastSteps() * batch);
  }

  /** The input, forget and output gates (blocks 0, 1, 3; block 2 is the candidate g). */
  @Override
  public List<Gate> gates() {
    return GATES;
  }

  /**
   * Activated gates of every step of the last window, {@code [T*B, 4H]} in blocks i | f | g | o (forward
   * stores them over the input projections).
   */
  @Override
  public Matrix activations() {
    return xproj.rows(0, lastSteps() * batch);
  }

  @Override
  public Matrix[] state() {
    return new Matrix[] {stateH, stateC};
  }

  @Override
  public Matrix[] gradState() {
    return new Matrix[] {gradH, gradC};
  }

  @Override
  public Param[] params() {
    return new Param[] {weightIh, bias, weightHh};
  }
}
