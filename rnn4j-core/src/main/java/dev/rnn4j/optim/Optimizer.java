package dev.rnn4j.optim;

import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import java.util.Map;

/**
 * Updates a flat arena of parameter values from the arena of their gradients. An optimizer's state is
 * a few buffers as long as the arena; checkpoints save them and restore them in place, so a resumed run
 * continues exactly.
 */
public interface Optimizer {
  /** One update: {@code values -= f(grads, state)} at the given learning rate. */
  default void step(Matrix values, Matrix grads, float learningRate) {
    step(values, grads, learningRate, 0f);
  }

  /**
   * One update from the gradients clipped to {@code [-clipValue, clipValue]} element by element
   * (min-char-rnn's {@code np.clip}; 0 = no clip): the bits of {@link GradientClipping#clipElementwise}
   * followed by {@link #step(Matrix, Matrix, float)}, in one pass over the arena instead of two. The
   * gradients are clipped as they are read and left unclipped in {@code grads}.
   */
  void step(Matrix values, Matrix grads, float learningRate, float clipValue);

  /**
   * Shares each update out across {@code split}'s threads (the same bits on any number); the calling
   * thread alone until this is called.
   */
  default void shareCores(CoreSplit split) {}

  /** Named state buffers (e.g. {@code adam.m}, {@code adam.v}), each as long as the arena. */
  Map<String, Matrix> state();

  /** Updates taken so far (Adam's bias correction needs it). */
  long stepCount();

  void setStepCount(long steps);

  String name();
}
