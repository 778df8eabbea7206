package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;

/**
 * MUT2 of Jozefowicz, Zaremba &amp; Sutskever (2015), with h = h_{t-1}:
 * <pre>
 *   z   = sigm(W_xz x + W_hz h + b_z)
 *   r   = sigm(x' + W_hr h + b_r),   x' = P x
 *   h_t = tanh(W_hh (r*h) + W_xh x + b_h)*z + h*(1-z)
 * </pre>
 * x' projects the input to width H, since the formula adds it to a hidden-width vector; its bias would
 * duplicate b_r.
 *
 * <p>Parameters: {@code weight_ih [3H, I]} = rows [W_xz; P; W_xh], {@code bias_ih [1, 3H]} = [b_z b_r b_h],
 * {@code weight_hh [H, H]}, {@code weight_hzr [2H, H]} = rows [W_hz; W_hr], so that both gates' recurrent
 * products are one GEMM per step into a {@code [B, 2H]} scratch.
 *
 * <p>Backward of the gates, given dz, dc and d(r*h) (see {@link MutCell}): {@code dr = d(r*h)*h*r*(1-r)};
 * {@code dh_next += d(r*h)*r + [dz dr] W_hzr}. The history dzr {@code [T*B, 2H]} keeps [dz dr] per row,
 * for that GEMM and for {@code dW_hzr += dzr^T h_{t-1}} over the window after the loop.
 */
public final class Mut2 extends MutCell {
  private final Param weightHzr;
  private Matrix dzr;
  private Matrix[] dzrStep;
  private Matrix hzr;

  public Mut2(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    super(params, layerIndex, inputSize, hiddenSize);
    this.weightHzr = params.add(paramName("weight_hzr"), 2 * hiddenSize, hiddenSize);
  }

  @Override
  protected void allocateGates(int b, int steps) {
    dzr = Matrix.allocate(steps * b, 2 * hiddenSize);
    dzrStep = steps(dzr, steps, b);
    hzr = Matrix.allocate(b, 2 * hiddenSize);
  }

  @Override
  protected void gates(int t) {
    Blas.gemm(false, true, 1f, hStep[t], weightHzr.value(), 0f, hzr);
    int h = hiddenSize;
    int gh = 3 * h;
    FloatBuffer xb = xproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer sb = hzr.buffer();
    FloatBuffer rhb = rh.buffer();
    int xo = xproj.offset() + t * batch * gh;
    int po = hStep[t].offset();
    int so = hzr.offset();
    int rho = rhStep[t].offset();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < h; j++) {
        int xi = xo + b * gh + j;
        int hi = b * h + j;
        int si = so + b * 2 * h + j;
        xb.put(xi, Activations.sigmoid(xb.get(xi) + sb.get(si)));
        float r = Activations.sigmoid(xb.get(xi + h) + sb.get(si + h));
        xb.put(xi + h, r);
        rhb.put(rho + hi, r * hb.get(po + hi));
      }
    }
  }

  @Override
  protected void gatesBackward(int t) {
    int h = hiddenSize;
    int gh = 3 * h;
    FloatBuffer xb = xproj.buffer();
    FloatBuffer dxb = dxproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer dcb = dc.buffer();
    FloatBuffer drhb = drh.buffer();
    FloatBuffer db = dzr.buffer();
    FloatBuffer dnb = dhNext.buffer();
    int xo = xproj.offset() + t * batch * gh;
    int dxo = dxproj.offset() + t * batch * gh;
    int po = hStep[t].offset();
    int dco = dcStep[t].offset();
    int drho = drh.offset();
    int dzo = dzrStep[t].offset();
    int dno = dhNext.offset();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < h; j++) {
        int hi = b * h + j;
        int dxi = dxo + b * gh + j;
        int dzi = dzo + b * 2 * h + j;
        float r = xb.get(xo + b * gh + h + j);
        float g = drhb.get(drho + hi);
        float dpr = g * hb.get(po + hi) * r * (1f - r);
        db.put(dzi, dxb.get(dxi));
        db.put(dzi + h, dpr);
        dxb.put(dxi + h, dpr);
        dxb.put(dxi + 2 * h, dcb.get(dco + hi));
        dnb.put(dno + hi, dnb.get(dno + hi) + g * r);
      }
    }
    Blas.gemm(false, false, 1f, dzrStep[t], weightHzr.value(), 1f, dhNext);
  }

  @Override
  protected void gateWeightGradients(int steps) {
    int rows = steps * batch;
    Blas.gemm(true, false, 1f, dzr.rows(0, rows), hs.rows(0, rows), 1f, weightHzr.grad());
  }

  @Override
  public Param[] params() {
    return new Param[] {weightIh, bias, weightHh, weightHzr};
  }
}
