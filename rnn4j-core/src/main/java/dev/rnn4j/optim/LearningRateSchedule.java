package dev.rnn4j.optim;

import dev.rnn4j.config.Require;
import java.util.Locale;

/**
 * The learning rate at each update, from three independent factors multiplied together:
 * <ul>
 *   <li>char-rnn's epoch decay: the base rate until epoch {@code decayAfter}, then multiplied by
 *       {@code decay} once per epoch: {@code base * decay^max(0, floor(e) - decayAfter + 1)}
 *       ({@code decay = 1} turns it off);
 *   <li>a linear warm-up over the first {@code warmup} iterations ({@code (i + 1) / warmup});
 *   <li>an anneal over the run's budget (nanoGPT's habit): with {@code p} the fraction of the budget used
 *       (iterations, epochs or wall time, whichever ends the run first), cosine
 *       {@code floor + (1 - floor) (1 + cos(pi p)) / 2} or linear {@code floor + (1 - floor)(1 - p)}, so a
 *       2-minute run and a 30-minute run each end annealed at {@code floor * base}.
 * </ul>
 *
 * @param base       base learning rate
 * @param decay      per-epoch multiplier after {@code decayAfter}, in (0, 1]
 * @param decayAfter epochs before the epoch decay starts
 * @param warmup     iterations of linear warm-up (0 = none)
 * @param anneal     shape of the decay over the budget
 * @param floor      the anneal's final rate as a fraction of the base, in [0, 1]
 */
public record LearningRateSchedule(float base, float decay, int decayAfter, int warmup, Anneal anneal,
                                   float floor) {
  /** How the rate falls over the run's budget. */
  public enum Anneal {
    NONE, COSINE, LINEAR;

    public static Anneal parse(String name) {
      for (Anneal a : values()) {
        if (a.name().equalsIgnoreCase(name)) {
          return a;
        }
      }
      throw new IllegalArgumentException("unknown schedule '" + name + "' (known: none, cosine, linear)");
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** char-rnn's epoch decay alone. */
  public LearningRateSchedule(float base, float decay, int decayAfter) {
    this(base, decay, decayAfter, 0, Anneal.NONE, 1f);
  }

  public LearningRateSchedule {
    Require.positive("learningRate", base);
    Require.factor("learningRateDecay", decay);
    Require.atLeast("decayAfter", decayAfter, 0);
    Require.atLeast("warmup", warmup, 0);
    Require.present("anneal", anneal);
    Require.unit("lrFloor", floor);
  }

  public static LearningRateSchedule constant(float base) {
    return new LearningRateSchedule(base, 1f, 0);
  }

  /** Warm-up for {@code warmup} iterations, then a cosine down to {@code floor * base} at the budget's end. */
  public static LearningRateSchedule cosine(float base, int warmup, float floor) {
    return new LearningRateSchedule(base, 1f, 0, warmup, Anneal.COSINE, floor);
  }

  /** The rate after the epoch decay alone (no warm-up, no anneal). */
  public float rate(int epoch) {
    int decays = Math.max(0, epoch - decayAfter + 1);
    return decay == 1f || decays == 0 ? base : (float) (base * Math.pow(decay, decays));
  }

  /**
   * The rate of update {@code iteration} (0-based) in epoch {@code epoch}, with {@code progress} the
   * fraction of the budget used before it (clamped to [0, 1]; ignored without an anneal).
   */
  public float rate(int epoch, long iteration, double progress) {
    double r = rate(epoch);
    if (warmup > 0 && iteration < warmup) {
      r *= (iteration + 1) / (double) warmup;
    }
    double p = Math.max(0, Math.min(1, progress));
    switch (anneal) {
      case COSINE -> r *= floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p));
      case LINEAR -> r *= floor + (1 - floor) * (1 - p);
      default -> { }
    }
    return (float) r;
  }
}
