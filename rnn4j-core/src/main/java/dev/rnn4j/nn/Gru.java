package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.PackedWeight;
import dev.rnn4j.tensor.WeightFormat;
import java.util.List;

/**
 * The gated recurrent unit of Cho et al. 2014, as in the lecture (the reset gate acts before
 * {@code W_hh}, unlike PyTorch's nn.GRU which applies it after):
 * <pre>
 *   r   = sigm(W_xr x + W_hr h_{t-1} + b_r)
 *   z   = sigm(W_xz x + W_hz h_{t-1} + b_z)
 *   h~  = tanh(W_xh x + W_hh (r*h_{t-1}) + b_h)
 *   h_t = z*h_{t-1} + (1-z)*h~
 * </pre>
 *
 * <p>Parameters: {@code weight_ih [3H, I]} and {@code bias_ih [1, 3H]} with blocks in the order r, z, h~;
 * {@code weight_hrz [2H, H]} (rows W_hr then W_hz, so both gates take one product per step);
 * {@code weight_hh [H, H]}. State: {@code [h]}.
 *
 * <p>Forward overwrites the r, z, h~ blocks of {@code xproj} with the activations themselves and keeps
 * {@code hs [(T+1)*B, H]} (block 0 is h_0) and {@code rh [T*B, H]} = r*h_{t-1}, both needed by backward.
 *
 * <p>Backward per step, with {@code dh = dOut_t + dh_next}:
 * <pre>
 *   da_z = dh*(h_{t-1} - h~) * z(1-z)        da_h = dh*(1-z) * (1-h~^2)
 *   dRh  = da_h W_hh                          da_r = dRh*h_{t-1} * r(1-r)
 *   dh_next = dh*z + dRh*r + [da_r, da_z] W_hrz
 * </pre>
 * after the loop, over the whole window in one GEMM each: {@code dW_hrz += [da_r, da_z]^T h_{t-1}} and
 * {@code dW_hh += da_h^T (r*h_{t-1})}. The two pre-activation gradients are kept in their own contiguous
 * histories because a view of {@code dxproj}'s blocks would need a row stride.
 */
public final class Gru extends RecurrentLayer {
  private final Param weightHrz;
  private final Param weightHh;
  /** The recurrent weights packed for the window's products, forward ({@code x W^T}) and backward ({@code x W}). */
  private final PackedWeight forwardHrz = PackedWeight.transposed();
  private final PackedWeight forwardHh = PackedWeight.transposed();
  private final PackedWeight backwardHrz = PackedWeight.plain();
  private final PackedWeight backwardHh = PackedWeight.plain();
  private Matrix hs;
  private Matrix rh;
  private Matrix daRz;
  private Matrix daH;
  private Matrix[] hStep;
  private Matrix[] rhStep;
  private Matrix[] daRzStep;
  private Matrix[] daHStep;
  private Matrix[] gateStep;
  private Matrix[] dGateStep;
  /** h_{t-1} W_hrz^T of the current step, {@code [B, 2H]}. */
  private Matrix rzScratch;
  /** (r*h_{t-1}) W_hh^T in forward, dRh in backward, {@code [B, H]}. */
  private Matrix hScratch;
  private Matrix state;
  private Matrix gradState;
  private Matrix dhNext;
  /** Heap copies of one step's rows, where its element-wise part runs. */
  private float[] gates;
  private float[] dGates;
  private float[] rz;
  private float[] previous;
  private float[] resetPrevious;
  /** (r*h_{t-1}) W_hh^T in forward, dRh in backward. */
  private float[] product;
  private float[] gradOut;
  private float[] dh;

  public Gru(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    super(params, layerIndex, inputSize, hiddenSize, 3);
    this.weightHrz = params.add(paramName("weight_hrz"), 2 * hiddenSize, hiddenSize);
    this.weightHh = params.add(paramName("weight_hh"), hiddenSize, hiddenSize);
  }

  @Override
  protected void allocate(int b, int steps) {
    int h = hiddenSize;
    hs = Matrix.allocate((steps + 1) * b, h);
    rh = Matrix.allocate(steps * b, h);
    daRz = Matrix.allocate(steps * b, 2 * h);
    daH = Matrix.allocate(steps * b, h);
    hStep = new Matrix[steps + 1];
    rhStep = new Matrix[steps];
    daRzStep = new Matrix[steps];
    daHStep = new Matrix[steps];
    gateStep = new Matrix[steps];
    dGateStep = new Matrix[steps];
    for (int t = 0; t <= steps; t++) {
      hStep[t] = hs.rows(t * b, b);
    }
    for (int t = 0; t < steps; t++) {
      rhStep[t] = rh.rows(t * b, b);
      daRzStep[t] = daRz.rows(t * b, b);
      daHStep[t] = daH.rows(t * b, b);
      gateStep[t] = xproj.rows(t * b, b);
      dGateStep[t] = dxproj.rows(t * b, b);
    }
    rzScratch = Matrix.allocate(b, 2 * h);
    hScratch = Matrix.allocate(b, h);
    state = Matrix.allocate(b, h);
    gradState = Matrix.allocate(b, h);
    dhNext = Matrix.allocate(b, h);
    gates = new float[b * 3 * h];
    dGates = new float[b * 3 * h];
    rz = new float[b * 2 * h];
    previous = new float[b * h];
    resetPrevious = new float[b * h];
    product = new float[b * h];
    gradOut = new float[b * h];
    dh = new float[b * h];
  }

  @Override
  protected void freezeRecurrent(WeightFormat format, CoreSplit split) {
    forwardHrz.freeze(format, split);
    forwardHh.freeze(format, split);
  }

  @Override
  protected void recur(int steps) {
    hStep[0].copyFrom(state);
    forwardHrz.prepare(weightHrz.value(), batch, steps);
    forwardHh.prepare(weightHh.value(), batch, steps);
    int h = hiddenSize;
    for (int t = 0; t < steps; t++) {
      Matrix x = gateStep[t];
      x.copyTo(gates);
      hStep[t].copyTo(previous);
      forwardHrz.multiply(hStep[t], 0f, rzScratch);
      rzScratch.copyTo(rz);
      for (int b = 0; b < batch; b++) {
        int row = b * 3 * h;
        for (int j = 0; j < 2 * h; j++) {
          gates[row + j] += rz[b * 2 * h + j];
        }
        Activations.sigmoid(gates, row, row + 2 * h);
        for (int j = 0; j < h; j++) {
          resetPrevious[b * h + j] = gates[row + j] * previous[b * h + j];
        }
      }
      rhStep[t].copyFrom(resetPrevious);
      forwardHh.multiply(rhStep[t], 0f, hScratch);
      hScratch.copyTo(product);
      for (int b = 0; b < batch; b++) {
        int row = b * 3 * h;
        for (int j = 0; j < h; j++) {
          gates[row + 2 * h + j] += product[b * h + j];
        }
        Activations.tanh(gates, row + 2 * h, row + 3 * h);
        for (int j = 0; j < h; j++) {
          int k = b * h + j;
          float z = gates[row + h + j];
          previous[k] = z * previous[k] + (1f - z) * gates[row + 2 * h + j];
        }
      }
      x.copyFrom(gates);
      hStep[t + 1].copyFrom(previous);
    }
    state.copyFrom(hStep[steps]);
  }

  /**
   * Backward, one step at a time on heap copies of its rows ({@code gates} holds r | z | h~, {@code dGates}
   * their pre-activation gradients, {@code dh} the gradient flowing to h_{t-1}).
   */
  @Override
  protected void recurBackward(int steps) {
    Matrix dOut = gradOutput();
    backwardHrz.prepare(weightHrz.value(), batch, steps);
    backwardHh.prepare(weightHh.value(), batch, steps);
    int h = hiddenSize;
    int n = batch * h;
    java.util.Arrays.fill(dh, 0f);
    for (int t = steps - 1; t >= 0; t--) {
      gateStep[t].copyTo(gates);
      hStep[t].copyTo(previous);
      dOut.buffer().get(dOut.offset() + t * n, gradOut, 0, n);
      for (int b = 0; b < batch; b++) {
        int row = b * 3 * h;
        for (int j = 0; j < h; j++) {
          int k = b * h + j;
          float z = gates[row + h + j];
          float cand = gates[row + 2 * h + j];
          float dhk = gradOut[k] + dh[k];
          dGates[row + h + j] = dhk * (previous[k] - cand) * z * (1f - z);
          dGates[row + 2 * h + j] = dhk * (1f - z) * (1f - cand * cand);
          dh[k] = dhk * z;
        }
        daH.buffer().put(daHStep[t].offset() + b * h, dGates, row + 2 * h, h);
      }
      backwardHh.multiply(daHStep[t], 0f, hScratch);
      hScratch.copyTo(product);
      for (int b = 0; b < batch; b++) {
        int row = b * 3 * h;
        for (int j = 0; j < h; j++) {
          int k = b * h + j;
          float r = gates[row + j];
          float dRh = product[k];
          dGates[row + j] = dRh * previous[k] * r * (1f - r);
          dh[k] += dRh * r;
        }
        daRz.buffer().put(daRzStep[t].offset() + b * 2 * h, dGates, row, 2 * h);
      }
      dGateStep[t].copyFrom(dGates);
      dhNext.copyFrom(dh);
      backwardHrz.multiply(daRzStep[t], 1f, dhNext);
      dhNext.copyTo(dh);
    }
    gradState.copyFrom(dh);
    int rows = steps * batch;
    Blas.gemm(true, false, 1f, daRz.rows(0, rows), hs.rows(0, rows), 1f, weightHrz.grad());
    Blas.gemm(true, false, 1f, daH.rows(0, rows), rh.rows(0, rows), 1f, weightHh.grad());
  }

  @Override
  public Matrix output() {
    return hs.rows(batch, lastSteps() * batch);
  }

  private static final List<Gate> GATES = List.of(new Gate("reset", 0), new Gate("update", 1));

  /** The reset and update gates (blocks 0 and 1; block 2 is the candidate h~). */
  @Override
  public List<Gate> gates() {
    return GATES;
  }

  /**
   * Activations of every step of the last window, {@code [T*B, 3H]} in blocks r | z | h~ (forward stores
   * them over the input projections).
   */
  @Override
  public Matrix activations() {
    return xproj.rows(0, lastSteps() * batch);
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
    return new Param[] {weightIh, bias, weightHrz, weightHh};
  }
}
