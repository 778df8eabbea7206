package dev.rnn4j.seq.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that cannot be read as the format it was given as, with a one-line message that starts with
 * where: {@code FILE:LINE: what} for a bad line, {@code FILE: what} for the file as a whole (empty, missing,
 * a directory). A command line prints the message as it is; no stack trace is needed to find the fault.
 */
public final class DataFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  /** A fault in the file as a whole. */
  public DataFileException(Path file, String what) {
    this(file, 0, what, null);
  }

  /** A fault on line {@code line} (1-based) of {@code file}. */
  public DataFileException(Path file, int line, String what) {
    this(file, line, what, null);
  }

  DataFileException(Path file, int line, String what, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + what, cause);
    this.file = file;
    this.line = line;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The 1-based line at fault, or 0 when the fault is the whole file's. */
  public int line() {
    return line;
  }
}
