package dev.rnn4j.config;

/**
 * The range checks of config records, each throwing an {@link InvalidSettingException} that names the
 * setting and the value, so every range is written once and every refusal reads alike.
 */
public final class Require {
  private Require() {}

  /** {@code value >= min}. */
  public static void atLeast(String setting, long value, long min) {
    atLeast(setting, value, min, "");
  }

  /** {@code value >= min}; {@code note} (e.g. " (0 = off)") follows the bound in the message. */
  public static void atLeast(String setting, long value, long min, String note) {
    if (value < min) {
      throw new InvalidSettingException(setting, "must be >= " + min + note + ", got " + value);
    }
  }

  /** {@code value >= 0} and not NaN; {@code note} follows the bound in the message. */
  public static void notNegative(String setting, double value, String note) {
    if (!(value >= 0)) {
      throw new InvalidSettingException(setting, "must be >= 0" + note + ", got " + value);
    }
  }

  /** A finite {@code value > 0}. */
  public static void positive(String setting, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new InvalidSettingException(setting, "must be > 0, got " + value);
    }
  }

  /** {@code value} in {@code [0, 1)}: a probability that must leave something (dropout, a held-out part). */
  public static void fraction(String setting, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new InvalidSettingException(setting, "must be in [0, 1), got " + value);
    }
  }

  /** {@code value} in {@code (0, 1]}: a factor that may keep everything (a decay of 1 is none). */
  public static void factor(String setting, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new InvalidSettingException(setting, "must be in (0, 1], got " + value);
    }
  }

  /** As {@link #notNegative(String, double, String)}, the message showing the float as it was given. */
  public static void notNegative(String setting, float value, String note) {
    if (!(value >= 0)) {
      throw new InvalidSettingException(setting, "must be >= 0" + note + ", got " + value);
    }
  }

  /** As {@link #positive(String, double)}, the message showing the float as it was given. */
  public static void positive(String setting, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new InvalidSettingException(setting, "must be > 0, got " + value);
    }
  }

  /** As {@link #fraction(String, double)}, the message showing the float as it was given. */
  public static void fraction(String setting, float value) {
    if (!(value >= 0 && value < 1)) {
      throw new InvalidSettingException(setting, "must be in [0, 1), got " + value);
    }
  }

  /** As {@link #factor(String, double)}, the message showing the float as it was given. */
  public static void factor(String setting, float value) {
    if (!(value > 0 && value <= 1)) {
      throw new InvalidSettingException(setting, "must be in (0, 1], got " + value);
    }
  }

  /** A value that has no default. */
  public static <T> T present(String setting, T value) {
    if (value == null) {
      throw new InvalidSettingException(setting, "is required");
    }
    return value;
  }
}
