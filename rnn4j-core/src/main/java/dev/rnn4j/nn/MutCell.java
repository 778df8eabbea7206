package dev.rnn4j.nn;

import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * What the three mutated cells of Jozefowicz, Zaremba &amp; Sutskever (2015) share: with h = h_{t-1},
 * {@code c = tanh(W_hh (r*h) + a); h_t = c*z + h*(1-z)}, where each cell ({@link Mut1}, {@link Mut2},
 * {@link Mut3}) defines its gates z, r and the candidate's input term a. State is [h].
 *
 * <p>The input projection has G = 3 blocks per row, {@code [z | r | a]}, holding the input parts of those
 * three. Forward overwrites a row in place: the cell's {@link #gates} turns blocks 0 and 1 into z and r,
 * writes r*h into {@link #rh} and leaves a in block 2; this class then turns block 2 into c. Histories:
 * {@link #hs} {@code [(T+1)*B, H]} (block 0 is h_0) and {@link #rh} {@code [T*B, H]}.
 *
 * <p>Backward per step, with {@code dh = dOut_t + dh_next}: {@code dc = dh*z*(1-c^2)} (kept in
 * {@link #dc} for dW_hh), {@code dz = dh*(c-h)*z*(1-z)} (the gradient of block 0 in every cell),
 * {@code dh_next = dh*(1-z)}, {@code d(r*h) = dc W_hh}; the cell's {@link #gatesBackward} then fills
 * blocks 1 and 2 of dxproj and adds its gates' paths to dh_next. After the loop
 * {@code dW_hh += dc^T (r*h)} over the whole window.
 */
abstract class MutCell extends RecurrentLayer {
  protected final Param weightHh;
  protected Matrix hs;
  protected Matrix[] hStep;
  protected Matrix rh;
  protected Matrix[] rhStep;
  protected Matrix dc;
  protected Matrix[] dcStep;
  /** d(r*h) of the step being walked back, {@code [B, H]}. */
  protected Matrix drh;
  /** dLoss/dh_{t-1} being assembled, {@code [B, H]}. */
  protected Matrix dhNext;
  private Matrix cand;
  private Matrix state;
  private Matrix gradState;

  MutCell(Parameters params, int layerIndex, int inputSize, int hiddenSize) {
    super(params, layerIndex, inputSize, hiddenSize, 3);
    this.weightHh = params.add(paramName("weight_hh"), hiddenSize, hiddenSize);
  }

  /** Allocates the cell's own histories, scratch buffers and per-step views. */
  protected abstract void allocateGates(int batch, int steps);

  /**
   * Step t forward, h = {@code hStep[t]}: z into block 0 of xproj, r into block 1, r*h into
   * {@code rhStep[t]}, the candidate's input term a into block 2.
   */
  protected abstract void gates(int t);

  /**
   * Step t backward. On entry: dz in block 0 of dxproj, dc in {@code dcStep[t]}, d(r*h) in {@link #drh},
   * {@code dh*(1-z)} in {@link #dhNext}. Fills blocks 1 and 2 of dxproj, adds the gates' paths to h into
   * {@link #dhNext} and keeps what {@link #gateWeightGradients} needs.
   */
  protected abstract void gatesBackward(int t);

  /** Accumulates the gates' own parameter gradients over the window, after the backward time loop. */
  protected abstract void gateWeightGradients(int steps);

  @Override
  protected final void allocate(int b, int steps) {
    int h = hiddenSize;
    hs = Matrix.allocate((steps + 1) * b, h);
    rh = Matrix.allocate(steps * b, h);
    dc = Matrix.allocate(steps * b, h);
    hStep = steps(hs, steps + 1, b);
    rhStep = steps(rh, steps, b);
    dcStep = steps(dc, steps, b);
    drh = Matrix.allocate(b, h);
    dhNext = Matrix.allocate(b, h);
    cand = Matrix.allocate(b, h);
    state = Matrix.allocate(b, h);
    gradState = Matrix.allocate(b, h);
    allocateGates(b, steps);
  }

  /** Per-step {@code [B, width]} views of a time-major history. */
  static Matrix[] steps(Matrix history, int count, int b) {
    Matrix[] views = new Matrix[count];
    for (int t = 0; t < count; t++) {
      views[t] = history.rows(t * b, b);
    }
    return views;
  }

  @Override
  protected final void recur(int steps) {
    hStep[0].copyFrom(state);
    Matrix whh = weightHh.value();
    int h = hiddenSize;
    int gh = 3 * h;
    FloatBuffer xb = xproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer cb = cand.buffer();
    int co = cand.offset();
    for (int t = 0; t < steps; t++) {
      gates(t);
      Blas.gemm(false, true, 1f, rhStep[t], whh, 0f, cand);
      int xo = xproj.offset() + t * batch * gh;
      int po = hStep[t].offset();
      int no = hStep[t + 1].offset();
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < h; j++) {
          int xi = xo + b * gh + j;
          int hi = b * h + j;
          float z = xb.get(xi);
          float c = Activations.tanh(cb.get(co + hi) + xb.get(xi + 2 * h));
          xb.put(xi + 2 * h, c);
          float hp = hb.get(po + hi);
          hb.put(no + hi, c * z + hp * (1f - z));
        }
      }
    }
    state.copyFrom(hStep[steps]);
  }

  @Override
  protected final void recurBackward(int steps) {
    Matrix dOut = gradOutput();
    Matrix whh = weightHh.value();
    int h = hiddenSize;
    int gh = 3 * h;
    int n = batch * h;
    dhNext.zero();
    FloatBuffer xb = xproj.buffer();
    FloatBuffer dxb = dxproj.buffer();
    FloatBuffer hb = hs.buffer();
    FloatBuffer gb = dOut.buffer();
    FloatBuffer dcb = dc.buffer();
    FloatBuffer dnb = dhNext.buffer();
    int dno = dhNext.offset();
    for (int t = steps - 1; t >= 0; t--) {
      int xo = xproj.offset() + t * batch * gh;
      int dxo = dxproj.offset() + t * batch * gh;
      int po = hStep[t].offset();
      int go = dOut.offset() + t * n;
      int dco = dcStep[t].offset();
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < h; j++) {
          int xi = xo + b * gh + j;
          int hi = b * h + j;
          float z = xb.get(xi);
          float c = xb.get(xi + 2 * h);
          float hp = hb.get(po + hi);
          float dh = gb.get(go + hi) + dnb.get(dno + hi);
          dcb.put(dco + hi, dh * z * (1f - c * c));
          dxb.put(dxo + b * gh + j, dh * (c - hp) * z * (1f - z));
          dnb.put(dno + hi, dh * (1f - z));
        }
      }
      Blas.gemm(false, false, 1f, dcStep[t], whh, 0f, drh);
      gatesBackward(t);
    }
    gradState.copyFrom(dhNext);
    int rows = steps * batch;
    Blas.gemm(true, false, 1f, dc.rows(0, rows), rh.rows(0, rows), 1f, weightHh.grad());
    gateWeightGradients(steps);
  }

  private static final List<Gate> GATES = List.of(new Gate("update", 0), new Gate("reset", 1));

  /** The update gate z and the reset gate r (blocks 0 and 1; block 2 is the candidate c). */
  @Override
  public final List<Gate> gates() {
    return GATES;
  }

  /** Activations of every step of the last window, {@code [T*B, 3H]} in blocks z | r | c. */
  @Override
  public final Matrix activations() {
    return xproj.rows(0, lastSteps() * batch);
  }

  @Override
  public final Matrix output() {
    return hs.rows(batch, lastSteps() * batch);
  }

  @Override
  public final Matrix[] state() {
    return new Matrix[] {state};
  }

  @Override
  public final Matrix[] gradState() {
    return new Matrix[] {gradState};
  }
}
