package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.PackedWeight;
import java.nio.FloatBuffer;
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
  private Matrix dcNext;

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
    dcNext = Matrix.allocate(b, h);
  }

  @Override
  protected void recur(int steps) {
    hStep[0].copyFrom(stateH);
    cStep[0].copyFrom(stateC);
    forwardHh.prepare(weightHh.value(), steps);
    int h = hiddenSize;
    int gw = 4 * h;
    FloatBuffer ab = xproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer cb = cs.buffer();
    for (int t = 0; t < steps; t++) {
      Matrix a = gateStep[t];
      forwardHh.multiply(hStep[t], 1f, a);
      int ao = a.offset();
      int cPrev = cStep[t].offset();
      int cOut = cStep[t + 1].offset();
      int hOut = hStep[t + 1].offset();
      for (int b = 0; b < batch; b++) {
        int row = ao + b * gw;
        int k0 = b * h;
        for (int j = 0; j < h; j++) {
          int gi = row + j;
          float i = Activations.sigmoid(ab.get(gi));
          float f = Activations.sigmoid(ab.get(gi + h));
          float g = Activations.tanh(ab.get(gi + 2 * h));
          float o = Activations.sigmoid(ab.get(gi + 3 * h));
          ab.put(gi, i);
          ab.put(gi + h, f);
          ab.put(gi + 2 * h, g);
          ab.put(gi + 3 * h, o);
          int k = k0 + j;
          float c = f * cb.get(cPrev + k) + i * g;
          cb.put(cOut + k, c);
          hb.put(hOut + k, o * Activations.tanh(c));
        }
      }
    }
    stateH.copyFrom(hStep[steps]);
    stateC.copyFrom(cStep[steps]);
  }

  @Override
  protected void recurBackward(int steps) {
    Matrix dOut = gradOutput();
    backwardHh.prepare(weightHh.value(), steps);
    int h = hiddenSize;
    int gw = 4 * h;
    int n = batch * h;
    dhNext.zero();
    dcNext.zero();
    FloatBuffer dhb = dhNext.buffer();
    int dho = dhNext.offset();
    FloatBuffer dcb = dcNext.buffer();
    int dco = dcNext.offset();
    FloatBuffer ab = xproj.buffer();
    FloatBuffer cb = cs.buffer();
    FloatBuffer gb = dOut.buffer();
    FloatBuffer db = dxproj.buffer();
    for (int t = steps - 1; t >= 0; t--) {
      int ao = gateStep[t].offset();
      int dao = dGateStep[t].offset();
      int cPrev = cStep[t].offset();
      int cCur = cStep[t + 1].offset();
      int go = dOut.offset() + t * n;
      for (int b = 0; b < batch; b++) {
        int row = b * gw;
        int k0 = b * h;
        for (int j = 0; j < h; j++) {
          int k = k0 + j;
          int gi = ao + row + j;
          float i = ab.get(gi);
          float f = ab.get(gi + h);
          float g = ab.get(gi + 2 * h);
          float o = ab.get(gi + 3 * h);
          // tanh(c_t) is recomputed, not stored: one exp per element instead of a third [T*B, H] history.
          float tc = Activations.tanh(cb.get(cCur + k));
          float dh = gb.get(go + k) + dhb.get(dho + k);
          float dc = dcb.get(dco + k) + dh * o * (1f - tc * tc);
          int di = dao + row + j;
          db.put(di, dc * g * i * (1f - i));
          db.put(di + h, dc * cb.get(cPrev + k) * f * (1f - f));
          db.put(di + 2 * h, dc * i * (1f - g * g));
          db.put(di + 3 * h, dh * tc * o * (1f - o));
          dcb.put(dco + k, dc * f);
        }
      }
      backwardHh.multiply(dGateStep[t], 0f, dhNext);
    }
    gradH.copyFrom(dhNext);
    gradC.copyFrom(dcNext);
    Blas.gemm(true, false, 1f, dxproj.rows(0, steps * batch), hs.rows(0, steps * batch), 1f, weightHh.grad());
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
