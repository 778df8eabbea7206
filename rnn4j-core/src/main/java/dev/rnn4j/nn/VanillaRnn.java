package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;
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
  private Matrix hs;
  private Matrix[] hStep;
  private Matrix[] aStep;
  private Matrix[] daStep;
  private Matrix state;
  private Matrix gradState;
  private Matrix dhNext;

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
  }

  @Override
  protected void recur(int steps) {
    hStep[0].copyFrom(state);
    Matrix whh = weightHh.value();
    int n = batch * hiddenSize;
    for (int t = 0; t < steps; t++) {
      Matrix a = aStep[t];
      Blas.gemm(false, true, 1f, hStep[t], whh, 1f, a);
      FloatBuffer ab = a.buffer();
      FloatBuffer hb = hs.buffer();
      int ao = a.offset();
      int ho = hStep[t + 1].offset();
      for (int i = 0; i < n; i++) {
        hb.put(ho + i, Activations.tanh(ab.get(ao + i)));
      }
    }
    state.copyFrom(hStep[steps]);
  }

  @Override
  protected void recurBackward(int steps) {
    Matrix dOut = gradOutput();
    Matrix whh = weightHh.value();
    int n = batch * hiddenSize;
    dhNext.zero();
    FloatBuffer dn = dhNext.buffer();
    int dno = dhNext.offset();
    FloatBuffer hb = hs.buffer();
    FloatBuffer gb = dOut.buffer();
    FloatBuffer db = dxproj.buffer();
    for (int t = steps - 1; t >= 0; t--) {
      int ho = hStep[t + 1].offset();
      int go = dOut.offset() + t * n;
      int dao = daStep[t].offset();
      for (int i = 0; i < n; i++) {
        float h = hb.get(ho + i);
        float dh = gb.get(go + i) + dn.get(dno + i);
        db.put(dao + i, dh * (1f - h * h));
      }
      Blas.gemm(false, false, 1f, daStep[t], whh, 0f, dhNext);
    }
    gradState.copyFrom(dhNext);
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
