package dev.rnn4j.cli;

/** Checks of option values, with messages that name the flag. */
public final class Flags {
  private Flags() {}

  /** Refuses a value below 1, naming the flag. */
  public static void positive(String flag, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(flag + " must be >= 1, got " + value);
    }
  }
}
