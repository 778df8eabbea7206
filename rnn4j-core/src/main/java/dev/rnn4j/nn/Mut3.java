package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;

/**
 * MUT3 of Jozefowicz, Zaremba &amp; Sutskever (2015), with h = h_{t-1}:
 * <pre>
 *   z   = sigm(W_xz x + W_hz tanh(h) + b_z)
 *   r   = sigm(W_xr x + W_hr h + b_r)
 *   h_t = tanh(W_hh (r*h) + W_xh x + b_h)*z + h*(1-z)
 * </pre>
 *
 * <p>Parameters: {@code weight_ih [3H, I]} = rows [W_xz; W_xr; W_xh], {@code bias_ih [1, 3H]} =
 * [b_z b_r b_h], {@code weight_hh [H, H]}, {@code weight_hz [H, H]} (applied to tanh(h)),
 * {@code weight_hr [H, H]}.
 *
 * <p>Forward keeps the history th = tanh(h_{t-1}) {@code [T*B, H]}. Backward of the gates, given dz, dc and
 * d(r*h) (see {@link MutCell}): {@code dr = d(r*h)*h*r*(1-r)};
 * {@code dh_next += d(r*h)*r + dr W_hr + (dz W_hz)*(1-th^2)}. The histories of dz and dr feed those
 * products and, after the loop, {@code dW_hz += dz^T th} and {@code dW_hr += dr^T h_{t-1}}.
 */
public final class Mut3 extends MutCell {
  private final Param weightHz;
  private final Param weightHr;
  private Matrix th;
  private Matrix[] thStep;
  private Matrix dz;
  private Matrix[] dzStep;
  private Matrix dr;
  private Matrix[] drStep;
  private Matrix hz;
  private Matrix hr;

  public Mut3(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    super(params, layerIndex, inputSize, hiddenSize);
    this.weightHz = params.add(paramName("weight_hz"), hiddenSize, hiddenSize);
    this.weightHr = params.add(paramName("weight_hr"), hiddenSize, hiddenSize);
  }

  @Override
  protected void allocateGates(int b, int steps) {
    int h = hiddenSize;
    th = Matrix.allocate(steps * b, h);
    dz = Matrix.allocate(steps * b, h);
    dr = Matrix.allocate(steps * b, h);
    thStep = steps(th, steps, b);
    dzStep = steps(dz, steps, b);
    drStep = steps(dr, steps, b);
    // hz is also the scratch for dz W_hz in backward: both are [B, H] and never live at once.
    hz = Matrix.allocate(b, h);
    hr = Matrix.allocate(b, h);
  }

  @Override
  protected void gates(int t) {
    int h = hiddenSize;
    int gh = 3 * h;
    int n = batch * h;
    FloatBuffer hb = hs.buffer();
    FloatBuffer tb = th.buffer();
    int po = hStep[t].offset();
    int to = thStep[t].offset();
    for (int i = 0; i < n; i++) {
      tb.put(to + i, Activations.tanh(hb.get(po + i)));
    }
    Blas.gemm(false, true, 1f, thStep[t], weightHz.value(), 0f, hz);
    Blas.gemm(false, true, 1f, hStep[t], weightHr.value(), 0f, hr);
    FloatBuffer xb = xproj.buffer();
    FloatBuffer zb = hz.buffer();
    FloatBuffer rb = hr.buffer();
    FloatBuffer rhb = rh.buffer();
    int xo = xproj.offset() + t * batch * gh;
    int zo = hz.offset();
    int ro = hr.offset();
    int rho = rhStep[t].offset();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < h; j++) {
        int xi = xo + b * gh + j;
        int hi = b * h + j;
        xb.put(xi, Activations.sigmoid(xb.get(xi) + zb.get(zo + hi)));
        float r = Activations.sigmoid(xb.get(xi + h) + rb.get(ro + hi));
        xb.put(xi + h, r);
        rhb.put(rho + hi, r * hb.get(po + hi));
      }
    }
  }

  @Override
  protected void gatesBackward(int t) {
    int h = hiddenSize;
    int gh = 3 * h;
    int n = batch * h;
    FloatBuffer xb = xproj.buffer();
    FloatBuffer dxb = dxproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer dcb = dc.buffer();
    FloatBuffer drhb = drh.buffer();
    FloatBuffer dzb = dz.buffer();
    FloatBuffer drb = dr.buffer();
    FloatBuffer dnb = dhNext.buffer();
    int xo = xproj.offset() + t * batch * gh;
    int dxo = dxproj.offset() + t * batch * gh;
    int po = hStep[t].offset();
    int dco = dcStep[t].offset();
    int drho = drh.offset();
    int dzo = dzStep[t].offset();
    int dro = drStep[t].offset();
    int dno = dhNext.offset();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < h; j++) {
        int hi = b * h + j;
        int dxi = dxo + b * gh + j;
        float r = xb.get(xo + b * gh + h + j);
        float g = drhb.get(drho + hi);
        float dpr = g * hb.get(po + hi) * r * (1f - r);
        dzb.put(dzo + hi, dxb.get(dxi));
        drb.put(dro + hi, dpr);
        dxb.put(dxi + h, dpr);
        dxb.put(dxi + 2 * h, dcb.get(dco + hi));
        dnb.put(dno + hi, dnb.get(dno + hi) + g * r);
      }
    }
    Blas.gemm(false, false, 1f, drStep[t], weightHr.value(), 1f, dhNext);
    Blas.gemm(false, false, 1f, dzStep[t], weightHz.value(), 0f, hz);
    FloatBuffer tb = th.buffer();
    FloatBuffer zb = hz.buffer();
    int to = thStep[t].offset();
    int zo = hz.offset();
    for (int i = 0; i < n; i++) {
      float v = tb.get(to + i);
      dnb.put(dno + i, dnb.get(dno + i) + zb.get(zo + i) * (1f - v * v));
    }
  }

  @Override
  protected void gateWeightGradients(int steps) {
    int rows = steps * batch;
    Blas.gemm(true, false, 1f, dz.rows(0, rows), th.rows(0, rows), 1f, weightHz.grad());
    Blas.gemm(true, false, 1f, dr.rows(0, rows), hs.rows(0, rows), 1f, weightHr.grad());
  }

  @Override
  public Param[] params() {
    return new Param[] {weightIh, bias, weightHh, weightHz, weightHr};
  }
}
