package dev.rnn4j.inspect;

import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The lecture's experiment: how the gradient sent back through a vanilla recurrence grows or shrinks with
 * the spectral radius rho of its recurrent matrix.
 *
 * <p>Each trial draws {@code W} with entries N(0, 1/H), {@code W_xh} with entries N(0, 1/H) and inputs
 * {@code x_t ~ N(0, I)}; for every rho it rescales {@code W} to spectral radius rho (same draw for every
 * rho, so the curves differ only by rho), runs {@code h_t = f(W h_{t-1} + W_xh x_t)} for
 * {@value #WARM_UP} warm-up steps from zero and then T measured steps, and sends a random unit vector
 * back from the last step (see {@link RandomRecurrence}). Per k, the trials are combined by their
 * geometric mean (norms span dozens of decades; an arithmetic mean would be the largest trial).
 *
 * <p>Three curves per (f, rho): the state gradient {@code |dL/dh_{T-k}|}, which for a linear f and
 * {@code W = rho Q} (Q orthogonal) is exactly rho^k; the norm of the term of step T-k in {@code dL/dW};
 * and that term after global-norm clipping at c, which multiplies all of {@code dL/dW} by
 * {@code min(1, c / |dL/dW|)}. Clipping caps an exploding gradient but leaves the ratio between near and
 * far terms as it was, and cannot lift a vanishing one.
 */
public final class RandomGradientFlow {
  /** Steps run from a zero state before the measured window, so h_0 is a typical state. */
  static final int WARM_UP = 20;

  /** The recurrence's element-wise function. */
  public enum Nonlinearity {
    TANH, RELU, LINEAR;

    double apply(double a) {
      switch (this) {
        case TANH:
          return Math.tanh(a);
        case RELU:
          return Math.max(0, a);
        default:
          return a;
      }
    }

    /** f'(a), given a and h = f(a). */
    double derivative(double a, double h) {
      switch (this) {
        case TANH:
          return 1 - h * h;
        case RELU:
          return a > 0 ? 1 : 0;
        default:
          return 1;
      }
    }

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param hidden units H
   * @param steps  T, the measured window (k = 0..T)
   * @param trials random draws combined per point
   * @param seed   seed of the first trial (trial i uses {@code seed + i})
   * @param clip   global-norm clipping threshold c
   */
  public record Settings(int hidden, int steps, int trials, long seed, double clip) {
    public Settings {
      if (hidden < 1 || steps < 1 || trials < 1) {
        throw new IllegalArgumentException("hidden, steps and trials must be >= 1, got " + hidden + ", " + steps
            + ", " + trials);
      }
      if (!(clip > 0) || Double.isInfinite(clip)) {
        throw new IllegalArgumentException("clipping threshold must be > 0, got " + clip);
      }
    }
  }

  /**
   * The curves of one (f, rho).
   *
   * @param state         {@code |dL/dh_{T-k}|}, k = 0..T
   * @param weightTerm    {@code |da_{T-k} h_{T-k-1}^T|}, k = 0..T-1
   * @param clippedWeight the same after global-norm clipping of {@code dL/dW}
   * @param weightNorm    geometric mean over trials of {@code |dL/dW|} before clipping
   */
  public record Result(Nonlinearity nonlinearity, double rho, GradientCurve state, GradientCurve weightTerm,
                       GradientCurve clippedWeight, double weightNorm) {}

  private RandomGradientFlow() {}

  /** One result per rho, in the order given. */
  public static List<Result> measure(Nonlinearity f, double[] rhos, Settings s) {
    int n = rhos.length;
    int steps = s.steps();
    double[][] state = new double[n][steps + 1];
    double[][] term = new double[n][steps];
    double[][] clipped = new double[n][steps];
    double[] weightNorm = new double[n];
    for (int trial = 0; trial < s.trials(); trial++) {
      Rng rng = new Rng(s.seed() + trial);
      DMatrixRMaj w = gaussian(rng, s.hidden(), s.hidden(), 1.0 / Math.sqrt(s.hidden()));
      DMatrixRMaj wxh = gaussian(rng, s.hidden(), s.hidden(), 1.0 / Math.sqrt(s.hidden()));
      DMatrixRMaj[] drive = new DMatrixRMaj[WARM_UP + steps];
      for (int t = 0; t < drive.length; t++) {
        drive[t] = new DMatrixRMaj(s.hidden(), 1);
        CommonOps_DDRM.mult(wxh, gaussian(rng, s.hidden(), 1, 1), drive[t]);
      }
      DMatrixRMaj g = gaussian(rng, s.hidden(), 1, 1);
      CommonOps_DDRM.divide(g, NormOps_DDRM.normF(g));
      double radius = SpectralRadius.of(w);
      for (int r = 0; r < n; r++) {
        DMatrixRMaj scaled = w.copy();
        CommonOps_DDRM.scale(rhos[r] / radius, scaled);
        RandomRecurrence.Gradients grads = run(scaled, f, drive, steps).backward(g);
        double total = grads.weightNorm();
        double factor = total > s.clip() ? s.clip() / total : 1;
        addLogs(state[r], grads.stateNorms(), 1);
        addLogs(term[r], grads.weightTermNorms(), 1);
        addLogs(clipped[r], grads.weightTermNorms(), factor);
        weightNorm[r] += Math.log(total);
      }
    }
    List<Result> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      String label = f.label() + ", rho=" + formatRho(rhos[r]);
      out.add(new Result(f, rhos[r], new GradientCurve(label, 0, geometricMean(state[r], s.trials())),
          new GradientCurve(label, 0, geometricMean(term[r], s.trials())),
          new GradientCurve(label + ", clipped", 0, geometricMean(clipped[r], s.trials())),
          Math.exp(weightNorm[r] / s.trials())));
    }
    return out;
  }

  /** Warm-up from a zero state over the first {@value #WARM_UP} inputs, then the measured window. */
  private static RandomRecurrence run(DMatrixRMaj w, Nonlinearity f, DMatrixRMaj[] drive, int steps) {
    DMatrixRMaj[] warm = java.util.Arrays.copyOfRange(drive, 0, WARM_UP);
    DMatrixRMaj h0 = new RandomRecurrence(w, f, new DMatrixRMaj(w.numRows, 1), warm).lastState();
    return new RandomRecurrence(w, f, h0, java.util.Arrays.copyOfRange(drive, WARM_UP, WARM_UP + steps));
  }

  /** {@code 0.5}, {@code 1.0}, {@code 1.25}: short, and never in exponent notation. */
  static String formatRho(double rho) {
    String s = java.math.BigDecimal.valueOf(rho).stripTrailingZeros().toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  private static DMatrixRMaj gaussian(Rng rng, int rows, int cols, double scale) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = rng.nextGaussian() * scale;
    }
    return m;
  }

  private static void addLogs(double[] sums, double[] values, double factor) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += Math.log(values[i] * factor);
    }
  }

  private static double[] geometricMean(double[] logSums, int count) {
    double[] out = new double[logSums.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.exp(logSums[i] / count);
    }
    return out;
  }
}
