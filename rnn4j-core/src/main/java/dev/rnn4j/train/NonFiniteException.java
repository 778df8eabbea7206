package dev.rnn4j.train;

/**
 * Training met a NaN or infinite loss or gradient (the run stops before the bad update is applied), or a
 * validation value an update made non-finite (the run stops before that model is saved); either way the
 * last checkpoint written stays the last good one.
 */
public final class NonFiniteException extends RuntimeException {
  private final long iteration;

  /** A non-finite {@code what} (e.g. "loss (NaN)") at {@code iteration}, found before the update. */
  public NonFiniteException(String what, long iteration) {
    this(what, iteration, "before the update");
  }

  /** {@code when}: what the run stopped before, e.g. "before saving" for a non-finite validation loss. */
  public NonFiniteException(String what, long iteration, String when) {
    super("non-finite " + what + " at iteration " + iteration
        + "; training stopped " + when + ", the last checkpoint is intact"
        + " (try a lower learning rate or gradient clipping)");
    this.iteration = iteration;
  }

  public long iteration() {
    return iteration;
  }
}
