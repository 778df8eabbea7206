package dev.rnn4j.optim;

import java.util.Locale;

/** The optimizers on offer, with the defaults char-rnn, min-char-rnn and PyTorch users expect. */
public enum OptimizerKind {
  /** Plain gradient descent. */
  SGD(1e-1f),
  /** Adagrad as in min-char-rnn: {@code mem += g^2; x -= lr * g / sqrt(mem + 1e-8)}. */
  ADAGRAD(1e-1f),
  /** RMSProp as in char-rnn: decay 0.95, eps 1e-8. */
  RMSPROP(2e-3f),
  /** Adam: beta1 0.9, beta2 0.999, eps 1e-8, bias-corrected. */
  ADAM(2e-3f);

  private final float defaultLearningRate;

  OptimizerKind(float defaultLearningRate) {
    this.defaultLearningRate = defaultLearningRate;
  }

  public float defaultLearningRate() {
    return defaultLearningRate;
  }

  public static OptimizerKind parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown optimizer '" + s + "' (expected sgd, adagrad, rmsprop or adam)");
    }
  }

  /** A fresh optimizer for an arena of {@code size} parameters. */
  public Optimizer create(int size) {
    switch (this) {
      case SGD:
        return new Sgd();
      case ADAGRAD:
        return new Adagrad(size, 1e-8f);
      case RMSPROP:
        return new RmsProp(size, 0.95f, 1e-8f);
      case ADAM:
        return new Adam(size, 0.9f, 0.999f, 1e-8f);
      default:
        throw new AssertionError(this);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
