package dev.rnn4j.train;

import dev.rnn4j.optim.GradientClipping;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Profile;

/**
 * The one place where a batch's gradient becomes an update: the non-finite guard, clipping, then the
 * optimizer's step. The guard runs first so a NaN or infinite loss or gradient never reaches the weights
 * (the last checkpoint stays the last good one).
 */
public final class UpdateStep {
  private final Optimizer optimizer;
  private final float clipValue;
  private final float clipNorm;

  /**
   * @param clipValue element-wise clip to [-v, v]; 0 = off
   * @param clipNorm  global-norm clip; 0 = off
   */
  public UpdateStep(OptimizerKind kind, int parameterCount, float clipValue, float clipNorm) {
    if (!(clipValue >= 0) || !(clipNorm >= 0)) {
      throw new IllegalArgumentException("clip values must be >= 0 (0 = off)");
    }
    this.optimizer = kind.create(parameterCount);
    this.clipValue = clipValue;
    this.clipNorm = clipNorm;
  }

  /**
   * Checks {@code loss} and the gradient, clips the gradient (by global norm in place; element-wise as the
   * optimizer reads it) and updates {@code values}.
   * Returns the gradient's global L2 norm before clipping.
   *
   * @param iteration the number this update will have (1 for the first), for the error message
   * @throws NonFiniteException before anything is changed, when the loss or gradient is not finite
   */
  public double apply(Matrix values, Matrix grads, double loss, float learningRate, long iteration) {
    if (!Double.isFinite(loss)) {
      throw new NonFiniteException("loss (" + loss + ")", iteration);
    }
    Profile.enter(UPDATE);
    try {
      return update(values, grads, learningRate, iteration);
    } finally {
      Profile.exit();
    }
  }

  private static final Profile.Part UPDATE = Profile.part("optimizer update, gradient norm and clipping");

  private double update(Matrix values, Matrix grads, float learningRate, long iteration) {
    double norm = GradientClipping.globalNorm(grads);
    if (!Double.isFinite(norm)) {
      throw new NonFiniteException("gradient", iteration);
    }
    if (clipNorm > 0) {
      GradientClipping.clipGlobalNorm(grads, clipNorm);
    }
    optimizer.step(values, grads, learningRate, clipValue);
    return norm;
  }

  /** Shares the optimizer's update out across {@code split}'s threads (the same bits on any number). */
  public void shareCores(CoreSplit split) {
    optimizer.shareCores(split);
  }

  Optimizer optimizer() {
    return optimizer;
  }
}
