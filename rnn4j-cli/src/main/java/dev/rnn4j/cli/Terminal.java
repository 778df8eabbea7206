package dev.rnn4j.cli;

/** Whether output goes to a person at a terminal (progress line redrawn in place) or to a log. */
public final class Terminal {
  private Terminal() {}

  /** True at a terminal; false in CI ({@code CI=true}), a pipe, or a dumb terminal. */
  public static boolean interactive() {
    return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"))
        && !"dumb".equals(System.getenv("TERM"));
  }
}
