package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.PackedWeight;
import java.nio.FloatBuffer;
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
  /** h_{t-1} W_hrz^T of the current step, {@code [B, 2H]}. */
  private Matrix rzScratch;
  /** (r*h_{t-1}) W_hh^T in forward, dRh in backward, {@code [B, H]}. */
  private Matrix hScratch;
  private Matrix state;
  private Matrix gradState;
  private Matrix dhNext;

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
    for (int t = 0; t <= steps; t++) {
      hStep[t] = hs.rows(t * b, b);
    }
    for (int t = 0; t < steps; t++) {
      rhStep[t] = rh.rows(t * b, b);
      daRzStep[t] = daRz.rows(t * b, b);
      daHStep[t] = daH.rows(t * b, b);
    }
    rzScratch = Matrix.allocate(b, 2 * h);
    hScratch = Matrix.allocate(b, h);
    state = Matrix.allocate(b, h);
    gradState = Matrix.allocate(b, h);
    dhNext = Matrix.allocate(b, h);
  }

  @Override
  protected void recur(int steps) {
    hStep[0].copyFrom(state);
    forwardHrz.prepare(weightHrz.value(), steps);
    forwardHh.prepare(weightHh.value(), steps);
    int h = hiddenSize;
    int gh = 3 * h;
    FloatBuffer xb = xproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer rhb = rh.buffer();
    FloatBuffer sb = rzScratch.buffer();
    FloatBuffer cb = hScratch.buffer();
    int so = rzScratch.offset();
    int co = hScratch.offset();
    for (int t = 0; t < steps; t++) {
      forwardHrz.multiply(hStep[t], 0f, rzScratch);
      int po = hStep[t].offset();
      int rho = rhStep[t].offset();
      for (int b = 0; b < batch; b++) {
        int xo = xproj.offset() + (t * batch + b) * gh;
        for (int j = 0; j < h; j++) {
          float r = Activations.sigmoid(xb.get(xo + j) + sb.get(so + b * 2 * h + j));
          float z = Activations.sigmoid(xb.get(xo + h + j) + sb.get(so + b * 2 * h + h + j));
          xb.put(xo + j, r);
          xb.put(xo + h + j, z);
          rhb.put(rho + b * h + j, r * hb.get(po + b * h + j));
        }
      }
      forwardHh.multiply(rhStep[t], 0f, hScratch);
      int ho = hStep[t + 1].offset();
      for (int b = 0; b < batch; b++) {
        int xo = xproj.offset() + (t * batch + b) * gh;
        for (int j = 0; j < h; j++) {
          float cand = Activations.tanh(xb.get(xo + 2 * h + j) + cb.get(co + b * h + j));
          float z = xb.get(xo + h + j);
          xb.put(xo + 2 * h + j, cand);
          hb.put(ho + b * h + j, z * hb.get(po + b * h + j) + (1f - z) * cand);
        }
      }
    }
    state.copyFrom(hStep[steps]);
  }

  @Override
  protected void recurBackward(int steps) {
    Matrix dOut = gradOutput();
    backwardHrz.prepare(weightHrz.value(), steps);
    backwardHh.prepare(weightHh.value(), steps);
    int h = hiddenSize;
    int gh = 3 * h;
    dhNext.zero();
    FloatBuffer dn = dhNext.buffer();
    int dno = dhNext.offset();
    FloatBuffer xb = xproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer gb = dOut.buffer();
    FloatBuffer db = dxproj.buffer();
    FloatBuffer rzb = daRz.buffer();
    FloatBuffer dhb = daH.buffer();
    FloatBuffer cb = hScratch.buffer();
    int co = hScratch.offset();
    for (int t = steps - 1; t >= 0; t--) {
      int po = hStep[t].offset();
      int go = dOut.offset() + t * batch * h;
      int rzo = daRzStep[t].offset();
      int dho = daHStep[t].offset();
      // dh is consumed here, so dhNext is reused to collect the gradient flowing to h_{t-1}.
      for (int b = 0; b < batch; b++) {
        int xo = xproj.offset() + (t * batch + b) * gh;
        int dxo = dxproj.offset() + (t * batch + b) * gh;
        for (int j = 0; j < h; j++) {
          int k = b * h + j;
          float z = xb.get(xo + h + j);
          float cand = xb.get(xo + 2 * h + j);
          float dh = gb.get(go + k) + dn.get(dno + k);
          float daz = dh * (hb.get(po + k) - cand) * z * (1f - z);
          float dah = dh * (1f - z) * (1f - cand * cand);
          rzb.put(rzo + b * 2 * h + h + j, daz);
          db.put(dxo + h + j, daz);
          dhb.put(dho + k, dah);
          db.put(dxo + 2 * h + j, dah);
          dn.put(dno + k, dh * z);
        }
      }
      backwardHh.multiply(daHStep[t], 0f, hScratch);
      for (int b = 0; b < batch; b++) {
        int xo = xproj.offset() + (t * batch + b) * gh;
        int dxo = dxproj.offset() + (t * batch + b) * gh;
        for (int j = 0; j < h; j++) {
          int k = b * h + j;
          float r = xb.get(xo + j);
          float dRh = cb.get(co + k);
          float dar = dRh * hb.get(po + k) * r * (1f - r);
          rzb.put(rzo + b * 2 * h + j, dar);
          db.put(dxo + j, dar);
          dn.put(dno + k, dn.get(dno + k) + dRh * r);
        }
      }
      backwardHrz.multiply(daRzStep[t], 1f, dhNext);
    }
    gradState.copyFrom(dhNext);
    int n = steps * batch;
    Blas.gemm(true, false, 1f, daRz.rows(0, n), hs.rows(0, n), 1f, weightHrz.grad());
    Blas.gemm(true, false, 1f, daH.rows(0, n), rh.rows(0, n), 1f, weightHh.grad());
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
