package dev.rnn4j.cli;

/** Whether output goes to a person at a terminal (progress line redrawn in place) or to a log. */
final class Terminal {
  private Terminal() {}

  static boolean interactive() {
    return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"))
        && !"dumb".equals(System.getenv("TERM"));
  }
}
