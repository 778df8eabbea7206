package dev.rnn4j.inspect;

/**
 * How strongly one unit goes with one probe.
 *
 * @param unit    the unit
 * @param probe   the probe's name
 * @param measure AUC (binary probes) or Pearson r (count probes)
 * @param value   the AUC in [0, 1] or r in [-1, 1]; NaN when undefined (a constant probe or unit)
 */
public record UnitScore(UnitId unit, String probe, Measure measure, double value) {
  /** Which statistic {@link #value} is. */
  public enum Measure {
    /**
     * Area under the ROC curve of the unit's value as a detector of the probe: the probability that the
     * unit is higher at a random character inside than at a random one outside (ties count half).
     * 0.5 = no association, 1 = higher inside at every character, 0 = lower inside at every character.
     */
    AUC,
    /** Pearson correlation of the unit's value with the count. */
    PEARSON_R
  }

  /** Strength on a common 0..1 scale, used for ranking: |2 AUC - 1| or |r|; 0 when undefined. */
  public double strength() {
    if (Double.isNaN(value)) {
      return 0;
    }
    return measure == Measure.AUC ? Math.abs(2 * value - 1) : Math.abs(value);
  }

  /** True when the unit is higher inside the probe (AUC > 0.5) or rises with the count (r > 0). */
  public boolean positive() {
    return measure == Measure.AUC ? value > 0.5 : value > 0;
  }

  /** {@code AUC 0.973} or {@code r -0.812}. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, measure == Measure.AUC ? "AUC %.3f" : "r %+.3f", value);
  }
}
