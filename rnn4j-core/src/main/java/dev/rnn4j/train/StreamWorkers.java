package dev.rnn4j.train;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.TokenRange;
import java.util.List;

/**
 * Who runs a window's forward and backward over the B streams of truncated BPTT for a character model's
 * training: threads on this machine ({@link #threads}, the default), or executors of a cluster
 * (rnn4j-spark). Each stream has its own carried state and dropout generator, wherever it runs, so where
 * the streams run changes nothing but the order of float additions in the gradient sum. The loop, the
 * optimizer step, validation and checkpoints stay with the {@link Trainer} that uses them.
 */
public interface StreamWorkers extends AutoCloseable {
  /** Makes the workers of a run. */
  interface Factory {
    /**
     * @param model      the run's model: its parameters are what the workers read, and its gradient arena
     *                   is where they leave the summed gradient
     * @param streamRngs the B streams' dropout generators at the start of the run
     */
    StreamWorkers create(LanguageModel model, int batch, int steps, Rng[] streamRngs);
  }

  /** The streams split across {@code threads} replicas on this machine. */
  static Factory threads(int threads) {
    return (model, batch, steps, rngs) -> new DataParallel(model, batch, steps, threads, rngs);
  }

  /** Zeroes every stream's carried state (a new epoch). */
  void resetState();

  /**
   * Forward and backward of one window ({@code ids[t*B + b]}) of every stream, from the model's current
   * parameters; returns the summed loss and leaves the summed gradient (of {@code scale} times the loss) in
   * the model's gradient arena.
   */
  double trainWindow(int[] inputs, int[] targets, float scale);

  /** Mean cross-entropy of a held-out range, leaving the training streams' state as it was. */
  double crossEntropy(TokenRange range, int threads);

  /** The carried state of all B streams: h (and c) per layer, each B x H. */
  List<Matrix> streamStates();

  /** Puts states as {@link #streamStates()} returns them back. */
  void restoreStreamStates(List<Matrix> states);

  /** The B streams' dropout generators, 4 longs each. */
  long[] dropoutRngStates();

  /** Puts generator states as {@link #dropoutRngStates()} returns them back. */
  void restoreDropoutRngs(long[] states);

  /** The learning rate of the coming update (workers that take local optimizer steps use it). */
  default void learningRate(float rate) {}

  /** BLAS threads while training. */
  default void useBlasThreads(int threads) {}

  /** Releases threads or cluster resources; a later window may start them again. */
  @Override
  void close();
}
