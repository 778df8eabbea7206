package dev.rnn4j.inspect;

/**
 * A per-character signal computed from the text, to be compared with what a unit does: {@code values[t]}
 * describes the text once character t has been read (the same moment a recorded unit value describes).
 *
 * @param name   short name shown in reports ({@code quote}, {@code bracket-depth}, or a user's name)
 * @param kind   whether the signal is 0/1 (scored by AUC) or a count (scored by Pearson correlation)
 * @param values one value per character of the text
 */
public record Probe(String name, Kind kind, float[] values) {
  /** How a probe's values are read. */
  public enum Kind {
    /** 0 or 1: inside something or not. */
    BINARY,
    /** A non-negative count: a position, a depth, a width. */
    COUNT
  }

  public Probe {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a probe needs a name");
    }
    if (kind == null || values == null) {
      throw new IllegalArgumentException("probe " + name + ": kind and values are required");
    }
  }
}
