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
    super(file + ": " + problem);
    this.file = file;
  }

  CheckpointException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that was refused. */
  public Path file() {
    return file;
  }
}
