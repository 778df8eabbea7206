package dev.rnn4j.text;

/**
 * A text that cannot become a corpus, with a one-line message that starts with the source's name, for
 * example {@code input.txt: not valid UTF-8 at byte 1234 (...)}, and a {@link Reason} for callers that
 * act on the kind of failure.
 *
 * <p>Unchecked, as an {@link IllegalArgumentException}: every failure is about the input the caller named
 * (a file, a string) and the only sensible handling is to show the message, so a checked type would add
 * ceremony and no recovery. Read errors keep their {@link java.io.IOException} as the cause.
 */
public final class CorpusException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why the text was refused. */
  public enum Reason {
    /** No file at the path. */
    MISSING,
    /** The path is a directory. */
    DIRECTORY,
    /** The file cannot be read (permissions, I/O error, changed while read). */
    UNREADABLE,
    /** No symbols at all. */
    EMPTY,
    /** NUL bytes or mostly control characters, and a byte vocabulary was not asked for. */
    BINARY,
    /** Not well-formed UTF-8; the message names the byte offset. */
    NOT_UTF8,
    /** Symbols that a given vocabulary lacks; the message lists them. */
    UNKNOWN_SYMBOLS,
    /** More symbols than a Java array holds. */
    TOO_LARGE
  }

  private final Reason reason;

  CorpusException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  CorpusException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
