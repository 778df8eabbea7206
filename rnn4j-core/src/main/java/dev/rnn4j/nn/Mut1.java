package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;

/**
 * MUT1 of Jozefowicz, Zaremba &amp; Sutskever (2015), with h = h_{t-1}:
 * <pre>
 *   z   = sigm(W_xz x + b_z)
 *   r   = sigm(W_xr x + W_hr h + b_r)
 *   h_t = tanh(W_hh (r*h) + tanh(x') + b_h)*z + h*(1-z),   x' = P x + b_p
 * </pre>
 * x' projects the input to width H, since the formula adds it to a hidden-width vector.
 *
 * <p>Parameters: {@code weight_ih [3H, I]} = rows [W_xz; W_xr; P], {@code bias_ih [1, 3H]} = [b_z b_r b_p],
 * {@code weight_hh [H, H]}, {@code weight_hr [H, H]}, {@code bias_hh [1, H]} = b_h (b_p and b_h are not
 * redundant: tanh lies between them).
 *
 * <p>Backward of the gates, given dz, dc and d(r*h) (see {@link MutCell}): {@code dr = d(r*h)*h*r*(1-r)};
 * {@code dx' = dc*(1-tanh(x')^2)}; {@code dh_next += d(r*h)*r + dr W_hr}. After the loop
 * {@code dW_hr += dr^T h_{t-1}} and {@code db_h += sum dc} over the window. The history u
 * {@code [T*B, H]} keeps tanh(x'), since block 2 of xproj ends up holding c.
 */
public final class Mut1 extends MutCell {
  private final Param weightHr;
  private final Param biasHh;
  private Matrix u;
  private Matrix dr;
  private Matrix[] drStep;
  private Matrix hr;

  public Mut1(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    super(params, layerIndex, inputSize, hiddenSize);
    this.weightHr = params.add(paramName("weight_hr"), hiddenSize, hiddenSize);
    this.biasHh = params.add(paramName("bias_hh"), 1, hiddenSize);
  }

  @Override
  protected void allocateGates(int b, int steps) {
    u = Matrix.allocate(steps * b, hiddenSize);
    dr = Matrix.allocate(steps * b, hiddenSize);
    drStep = steps(dr, steps, b);
    hr = Matrix.allocate(b, hiddenSize);
  }

  @Override
  protected void gates(int t) {
    Blas.gemm(false, true, 1f, hStep[t], weightHr.value(), 0f, hr);
    int h = hiddenSize;
    int gh = 3 * h;
    int n = batch * h;
    FloatBuffer xb = xproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer hrb = hr.buffer();
    FloatBuffer rhb = rh.buffer();
    FloatBuffer ub = u.buffer();
    FloatBuffer bb = biasHh.value().buffer();
    int xo = xproj.offset() + t * batch * gh;
    int po = hStep[t].offset();
    int hro = hr.offset();
    int rho = rhStep[t].offset();
    int uo = u.offset() + t * n;
    int bo = biasHh.value().offset();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < h; j++) {
        int xi = xo + b * gh + j;
        int hi = b * h + j;
        xb.put(xi, Activations.sigmoid(xb.get(xi)));
        float r = Activations.sigmoid(xb.get(xi + h) + hrb.get(hro + hi));
        xb.put(xi + h, r);
        rhb.put(rho + hi, r * hb.get(po + hi));
        float tx = Activations.tanh(xb.get(xi + 2 * h));
        ub.put(uo + hi, tx);
        xb.put(xi + 2 * h, tx + bb.get(bo + j));
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
    FloatBuffer ub = u.buffer();
    FloatBuffer dcb = dc.buffer();
    FloatBuffer drhb = drh.buffer();
    FloatBuffer drb = dr.buffer();
    FloatBuffer dnb = dhNext.buffer();
    int xo = xproj.offset() + t * batch * gh;
    int dxo = dxproj.offset() + t * batch * gh;
    int po = hStep[t].offset();
    int uo = u.offset() + t * n;
    int dco = dcStep[t].offset();
    int drho = drh.offset();
    int dro = drStep[t].offset();
    int dno = dhNext.offset();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < h; j++) {
        int hi = b * h + j;
        int dxi = dxo + b * gh + j;
        float r = xb.get(xo + b * gh + h + j);
        float g = drhb.get(drho + hi);
        float dpr = g * hb.get(po + hi) * r * (1f - r);
        dxb.put(dxi + h, dpr);
        drb.put(dro + hi, dpr);
        dnb.put(dno + hi, dnb.get(dno + hi) + g * r);
        float tx = ub.get(uo + hi);
        dxb.put(dxi + 2 * h, dcb.get(dco + hi) * (1f - tx * tx));
      }
    }
    Blas.gemm(false, false, 1f, drStep[t], weightHr.value(), 1f, dhNext);
  }

  @Override
  protected void gateWeightGradients(int steps) {
    int rows = steps * batch;
    Blas.gemm(true, false, 1f, dr.rows(0, rows), hs.rows(0, rows), 1f, weightHr.grad());
    Matrix db = biasHh.grad();
    FloatBuffer dbb = db.buffer();
    FloatBuffer dcb = dc.buffer();
    int h = hiddenSize;
    for (int r = 0; r < rows; r++) {
      int o = dc.offset() + r * h;
      for (int j = 0; j < h; j++) {
        dbb.put(db.offset() + j, dbb.get(db.offset() + j) + dcb.get(o + j));
      }
    }
  }

  @Override
  public Param[] params() {
    return new Param[] {weightIh, bias, weightHh, weightHr, biasHh};
  }
}
