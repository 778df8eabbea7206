package dev.rnn4j.train;

/**
 * Training met a NaN or infinite loss or gradient. The run stops before the bad update is applied, so
 * the last checkpoint written stays the last good one.
 */
public final class NonFiniteException extends RuntimeException {
  private final long iteration;

  NonFiniteException(String what, long iteration) {
    super("non-finite " + what + " at iteration " + iteration
        + "; training stopped before the update, the last checkpoint is intact"
        + " (try a lower learning rate or gradient clipping)");
    this.iteration = iteration;
  }

  public long iteration() {
    return iteration;
  }
}
