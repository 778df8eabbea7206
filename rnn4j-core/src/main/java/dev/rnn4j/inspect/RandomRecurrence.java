package dev.rnn4j.inspect;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * One run of a recurrence with fixed inputs, and the gradient it sends back through time; in double
 * precision, so a gradient of 1e-30 or 1e+30 is still a number.
 *
 * <pre>
 * forward  (t = 1..T):  a_t = W h_{t-1} + u_t,   h_t = f(a_t)           (u_t = W_xh x_t + b, given)
 * backward from g:      dh_T = g;   da_t = f'(a_t) * dh_t;   dh_{t-1} = W^T da_t
 * weights:              dL/dW = sum_t da_t h_{t-1}^T;  the term of step t has norm |da_t| |h_{t-1}|
 * </pre>
 * where {@code L = g . h_T}. Step {@code t = T - k} is "k steps back".
 */
final class RandomRecurrence {
  private final DMatrixRMaj w;
  private final RandomGradientFlow.Nonlinearity f;
  private final int steps;
  private final DMatrixRMaj[] a;
  private final DMatrixRMaj[] h;

  /** What one backward pass found. */
  record Gradients(double[] stateNorms, double[] weightTermNorms, DMatrixRMaj weightGradient,
                   DMatrixRMaj initialStateGradient) {
    /** {@code |dL/dW|}: the norm that global-norm clipping compares with its threshold. */
    double weightNorm() {
      return NormOps_DDRM.normF(weightGradient);
    }
  }

  /**
   * Runs the recurrence forward from {@code h0} ({@code H x 1}) over {@code drive.length} steps;
   * {@code drive[t-1]} is u_t.
   */
  RandomRecurrence(DMatrixRMaj w, RandomGradientFlow.Nonlinearity f, DMatrixRMaj h0, DMatrixRMaj[] drive) {
    this.w = w;
    this.f = f;
    this.steps = drive.length;
    int hidden = w.numRows;
    a = new DMatrixRMaj[steps + 1];
    h = new DMatrixRMaj[steps + 1];
    h[0] = h0.copy();
    for (int t = 1; t <= steps; t++) {
      a[t] = new DMatrixRMaj(hidden, 1);
      CommonOps_DDRM.mult(w, h[t - 1], a[t]);
      CommonOps_DDRM.addEquals(a[t], drive[t - 1]);
      h[t] = new DMatrixRMaj(hidden, 1);
      for (int i = 0; i < hidden; i++) {
        h[t].data[i] = f.apply(a[t].data[i]);
      }
    }
  }

  /** h_T. */
  DMatrixRMaj lastState() {
    return h[steps].copy();
  }

  /**
   * Sends {@code g} back from the last step: {@code stateNorms[k] = |dL/dh_{T-k}|} for k = 0..T and
   * {@code weightTermNorms[k] = |da_{T-k} h_{T-k-1}^T|} for k = 0..T-1.
   */
  Gradients backward(DMatrixRMaj g) {
    int hidden = w.numRows;
    double[] stateNorms = new double[steps + 1];
    double[] termNorms = new double[steps];
    DMatrixRMaj dw = new DMatrixRMaj(hidden, hidden);
    DMatrixRMaj dh = g.copy();
    DMatrixRMaj da = new DMatrixRMaj(hidden, 1);
    for (int k = 0; k < steps; k++) {
      int t = steps - k;
      stateNorms[k] = NormOps_DDRM.normF(dh);
      for (int i = 0; i < hidden; i++) {
        da.data[i] = f.derivative(a[t].data[i], h[t].data[i]) * dh.data[i];
      }
      termNorms[k] = NormOps_DDRM.normF(da) * NormOps_DDRM.normF(h[t - 1]);
      CommonOps_DDRM.multAddTransB(da, h[t - 1], dw);
      CommonOps_DDRM.multTransA(w, da, dh);
    }
    stateNorms[steps] = NormOps_DDRM.normF(dh);
    return new Gradients(stateNorms, termNorms, dw, dh);
  }
}
