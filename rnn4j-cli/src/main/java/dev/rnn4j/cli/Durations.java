package dev.rnn4j.cli;

import java.util.Locale;

/** Parses wall times such as {@code 90s}, {@code 10m}, {@code 1.5h} or a plain number of seconds. */
public final class Durations {
  private Durations() {}

  /** Seconds in {@code s}; a bad or non-positive duration is an error naming {@code flag}. */
  public static double seconds(String s, String flag) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    double unit = 1;
    if (t.endsWith("ms")) {
      unit = 0.001;
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      unit = 3600;
      t = t.substring(0, t.length() - 1);
    }
    try {
      double v = Double.parseDouble(t) * unit;
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a positive duration like 90s, 10m or 1h, got '" + s + "'");
    }
  }

  /** E.g. {@code 42s}, {@code 3m07s}, {@code 2h05m}; {@code ?} for NaN. */
  public static String format(double seconds) {
    if (Double.isNaN(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
    return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
  }
}
