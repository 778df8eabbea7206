package dev.rnn4j.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that cannot be read or written: missing, truncated, corrupted, foreign, or a directory
 * that refuses the write. The message is one line that starts with the file, fit to show a user as is.
 *
 * <p>An {@link IOException}, so that callers that already handle I/O failures handle this one too; catch
 * it separately to tell "the file is bad" from other I/O errors.
 */
public final class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public CheckpointException(Path file, String problem) {
    super(oneLine(file + ": " + problem));
    this.file = file;
  }

  CheckpointException(Path file, String problem, Throwable cause) {
    super(oneLine(file + ": " + problem), cause);
    this.file = file;
  }

  /**
   * Control characters escaped: a message may quote a value from a damaged file, and a line break in it
   * would break the promise of one line (or forge a second one on a terminal).
   */
  private static String oneLine(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        sb.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** The file that was refused. */
  public Path file() {
    return file;
  }
}
