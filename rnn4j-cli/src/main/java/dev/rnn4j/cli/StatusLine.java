package dev.rnn4j.cli;

import java.io.PrintStream;

/**
 * One line of progress: redrawn in place on a terminal, printed as plain lines elsewhere (CI, pipes,
 * logs), where carriage returns and escape codes would only be noise.
 */
public final class StatusLine {
  private final PrintStream stream;
  private final boolean interactive;
  private boolean open;

  public StatusLine(PrintStream stream, boolean interactive) {
    this.stream = stream;
    this.interactive = interactive;
  }

  /** Shows {@code line}: over the previous one on a terminal, else as a line of its own. */
  public void show(String line) {
    if (interactive) {
      stream.print("\r" + line + "\033[K");
      open = true;
    } else {
      stream.println(line);
    }
    stream.flush();
  }

  /** Ends a line being redrawn, so that whatever is printed next starts on a fresh line. */
  public void end() {
    if (open) {
      stream.println();
      open = false;
    }
  }
}
