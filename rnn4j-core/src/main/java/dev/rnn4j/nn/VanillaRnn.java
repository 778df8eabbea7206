package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.PackedWeight;
import dev.rnn4j.tensor.WeightFormat;
import java.util.List;

/**
 * The vanilla RNN of min-char-rnn: {@code h_t = tanh(W_ih x_t + W_hh h_{t-1} + b)}.
 *
 * <p>Parameters (PyTorch nn.RNN names and layout, one bias): {@code weight_ih [H, I]},
 * {@code weight_hh [H, H]}, {@code bias_ih [1, H]}.
 *
 * <p>Forward keeps the history {@code hs [(T+1)*B, H]} whose block 0 is h_0. Backward per step:
 * {@code dh = dOut_t + dh_next; da = dh * (1 - h_t^2); dh_next = da W_hh}; after the loop
 * {@code dW_hh += da^T h_{t-1}} over the whole window in one GEMM.
 */
public final class VanillaRnn extends RecurrentLayer {
  private final Param weightHh;
  /** W_hh packed for the window's products: forward {@code h W_hh^T}, backward {@code da W_hh}. */
  private final PackedWeight forwardHh = PackedWeight.transposed();
  private final PackedWeight backwardHh = PackedWeight.plain();
  private Matrix hs;
  private Matrix[] hStep;
  private Matrix[] aStep;
  private Matrix[] daStep;
  private Matrix state;
  private Matrix gradState;
  private Matrix dhNext;
  /** Heap copies of one step's rows, {@code [B, H]}: a then h forward, h then da backward. */
  private float[] row;
  private float[] gradOut;
  private float[] dh;

  public VanillaRnn(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    super(params, layerIndex, inputSize, hiddenSize, 1);
    this.weightHh = params.add(paramName("weight_hh"), hiddenSize, hiddenSize);
  }

  @Override
  protected void allocate(int b, int steps) {
    int h = hiddenSize;
    hs = Matrix.allocate((steps + 1) * b, h);
    hStep = new Matrix[steps + 1];
    aStep = new Matrix[steps];
    daStep = new Matrix[steps];
    for (int t = 0; t <= steps; t++) {
      hStep[t] = hs.rows(t * b, b);
    }
    for (int t = 0; t < steps; t++) {
      aStep[t] = xproj.rows(t * b, b);
      daStep[t] = dxproj.rows(t * b, b);
    }
    state = Matrix.allocate(b, h);
    gradState = Matrix.allocate(b, h);
    dhNext = Matrix.allocate(b, h);
    row = new float[b * h];
    gradOut = new float[b * h];
    dh = new float[b * h];
  }

  @Override
  protected void freezeRecurrent(WeightFormat format, CoreSplit split) {
    forwardHh.freeze(format, split);
  }

  @Override
  protected void recur(int steps) {
    hStep[0].copyFrom(state);
    forwardHh.prepare(weightHh.value(), batch, steps);
    for (int t = 0; t < steps; t++) {
      Matrix a = aStep[t];
      forwardHh.multiply(hStep[t], 1f, a);
      a.copyTo(row);
      Activations.tanh(row, 0, row.length);
      hStep[t + 1].copyFrom(row);
    }
    state.copyFrom(hStep[steps]);
  }

  @Override
  protected void recurBackward(int steps) {
    Matrix dOut = gradOutput();
    backwardHh.prepare(weightHh.value(), batch, steps);
    int n = batch * hiddenSize;
    java.util.Arrays.fill(dh, 0f);
    for (int t = steps - 1; t >= 0; t--) {
      hStep[t + 1].copyTo(row);
      dOut.buffer().get(dOut.offset() + t * n, gradOut, 0, n);
      for (int i = 0; i < n; i++) {
        float h = row[i];
        row[i] = (gradOut[i] + dh[i]) * (1f - h * h);
      }
      daStep[t].copyFrom(row);
      backwardHh.multiply(daStep[t], 0f, dhNext);
      dhNext.copyTo(dh);
    }
    gradState.copyFrom(dh);
    Blas.gemm(true, false, 1f, dxproj.rows(0, steps * batch), hs.rows(0, steps * batch), 1f, weightHh.grad());
  }

  /** No gates: h is all this cell computes. */
  @Override
  public List<Gate> gates() {
    return List.of();
  }

  /** None besides the output h. */
  @Override
  public Matrix activations() {
    return null;
  }

  @Override
  public Matrix output() {
    return hs.rows(batch, lastSteps() * batch);
  }

  @Override
  public Matrix[] state() {
    return new Matrix[] {state};
  }

  @Override
  public Matrix[] gradState() {
    return new Matrix[] {gradState};
  }

  @Override
  public Param[] params() {
    return new Param[] {weightIh, bias, weightHh};
  }
}
