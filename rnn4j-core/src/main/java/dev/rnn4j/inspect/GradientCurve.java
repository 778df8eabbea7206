package dev.rnn4j.inspect;

/**
 * A gradient norm as a function of how many steps back it was sent: {@code values[i]} is the norm at
 * {@code k = firstStep + i}. A value of 0 means the gradient underflowed (or a ReLU cut it off entirely).
 *
 * @param label     what the curve is, for legends and tables (e.g. {@code tanh, rho=0.9})
 * @param firstStep the k of {@code values[0]}
 * @param values    the norms, one per step back
 */
public record GradientCurve(String label, int firstStep, double[] values) {
  public GradientCurve {
    values = values.clone();
  }

  /** The last k measured. */
  public int lastStep() {
    return firstStep + values.length - 1;
  }

  /** The norm at {@code k} steps back, or NaN when k was not measured. */
  public double at(int k) {
    int i = k - firstStep;
    return i >= 0 && i < values.length ? values[i] : Double.NaN;
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** The same curve with every value multiplied by {@code factor} and a new label. */
  public GradientCurve scaled(String newLabel, double factor) {
    double[] v = values.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
    return new GradientCurve(newLabel, firstStep, v);
  }
}
