package dev.rnn4j.inspect;

/**
 * A per-character signal computed from the text, to be compared with what a unit does: {@code values[t]}
 * describes the text once character t has been read (the same moment a recorded unit value describes).
 *
 * <p>A probe is scored only over its scope, the characters where it means something: an if condition
 * never occurs inside a comment, so a unit that is high in comments would otherwise look "lower inside
 * if conditions" without knowing anything about them.
 *
 * @param name   short name shown in reports ({@code quote}, {@code bracket-depth}, or a user's name)
 * @param kind   whether the signal is 0/1 (scored by AUC) or a count (scored by Pearson correlation)
 * @param values one value per character of the text
 * @param scope  per character, whether it is scored; null = every character
 */
public record Probe(String name, Kind kind, float[] values, boolean[] scope) {
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
    if (scope != null && scope.length != values.length) {
      throw new IllegalArgumentException("probe " + name + ": scope of " + scope.length + " characters for "
          + values.length + " values");
    }
  }

  /** A probe scored over every character. */
  public Probe(String name, Kind kind, float[] values) {
    this(name, kind, values, null);
  }

  /** How many characters are scored: those in the scope, or all. */
  public int scoredCount() {
    if (scope == null) {
      return values.length;
    }
    int n = 0;
    for (boolean in : scope) {
      n += in ? 1 : 0;
    }
    return n;
  }
}
