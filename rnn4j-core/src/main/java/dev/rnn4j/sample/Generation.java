package dev.rnn4j.sample;

import dev.rnn4j.tensor.Rng;
import java.util.List;

/**
 * One text being generated inside a {@link BatchSampler}: its priming symbols, how many symbols to draw,
 * how to draw them, its own random generator and recurrent state, and who hears each symbol. A request
 * with the same prime, options and seed gives the same text as {@link Sampler} (the draws come from one
 * {@link SymbolDraw} in the same order).
 */
public final class Generation {
  /**
   * What a listener hears about each symbol, on the sampler's thread; the arrays are reused, so copy what
   * you keep.
   */
  public interface Listener {
    /**
     * One symbol, after the model has read it.
     *
     * @param position    index of the symbol in the text (prime first)
     * @param id          the symbol
     * @param primed      whether it came from the prime (else it was drawn)
     * @param probability the model's probability of it: at temperature 1 for a primed symbol, else in the
     *                    distribution it was drawn from (temperature applied, before top-k); NaN for the
     *                    first symbol of a text, which nothing predicted (a drawn one was uniform)
     * @param guessIds    the likeliest symbols at this position, most likely first (empty for the first)
     * @param guessProbs  their probabilities
     * @param states      the model's state after reading the symbol: per state tensor (layer by layer, h
     *                    then c for an LSTM) the values of this generation's row
     */
    void symbol(int position, int id, boolean primed, double probability, int[] guessIds, float[] guessProbs,
                List<float[]> states);

    /** The generation ended: every symbol asked for was heard, or it was {@link #cancel() cancelled}. */
    default void done() {}
  }

  final int[] prime;
  final int length;
  final SamplingOptions options;
  final Rng rng;
  final Listener listener;
  final int guesses;
  /** State rows (one per state tensor of the model), carried between steps. */
  List<float[]> states;
  /** Symbols fed to the model so far (prime and drawn). */
  int fed;
  /** The next symbol to feed, and what was known about it when it was chosen. */
  int next;
  double nextProbability = Double.NaN;
  final int[] guessIds;
  final float[] guessProbs;
  int guessCount;
  int drawn;
  private volatile boolean cancelled;
  boolean finished;

  /**
   * @param prime    symbols read first (may be empty: then the first symbol is drawn uniformly, as char-rnn
   *                 does)
   * @param length   symbols to draw after the prime
   * @param guesses  alternatives reported per symbol (0 = none)
   */
  public Generation(int[] prime, int length, SamplingOptions options, long seed, int guesses, Listener listener) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    if (guesses < 0) {
      throw new IllegalArgumentException("guesses must be >= 0, got " + guesses);
    }
    this.prime = prime.clone();
    this.length = length;
    this.options = options;
    this.rng = new Rng(seed);
    this.guesses = guesses;
    this.listener = listener;
    this.guessIds = new int[guesses];
    this.guessProbs = new float[guesses];
  }

  /** Asks the sampler to drop this generation at its next step; {@link Listener#done()} still comes. */
  public void cancel() {
    cancelled = true;
  }

  public boolean cancelled() {
    return cancelled;
  }

  /** Symbols drawn so far (the prime not counted). */
  public int drawn() {
    return drawn;
  }

  /** Whether it has nothing to do at all (no prime, nothing to draw). */
  boolean empty() {
    return prime.length == 0 && length == 0;
  }
}
