package dev.rnn4j.config;

/**
 * The range checks of config records, each throwing an {@link InvalidSettingException} that names the
 * setting and the value, so every range is written once and every refusal reads alike. Real values are
 * taken as {@link Number} so a float shows in the message as it was given ({@code 0.3}, not
 * {@code 0.30000001192092896}).
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
  public static void notNegative(String setting, Number value, String note) {
    if (!(value.doubleValue() >= 0)) {
      throw new InvalidSettingException(setting, "must be >= 0" + note + ", got " + value);
    }
  }

  /** A finite {@code value > 0}. */
  public static void positive(String setting, Number value) {
    double v = value.doubleValue();
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new InvalidSettingException(setting, "must be > 0, got " + value);
    }
  }

  /** {@code value} in {@code [0, 1)}: a probability that must leave something (dropout, a held-out part). */
  public static void fraction(String setting, Number value) {
    double v = value.doubleValue();
    if (!(v >= 0 && v < 1)) {
      throw new InvalidSettingException(setting, "must be in [0, 1), got " + value);
    }
  }

  /** {@code value} in {@code (0, 1]}: a factor that may keep everything (a decay of 1 is none). */
  public static void factor(String setting, Number value) {
    double v = value.doubleValue();
    if (!(v > 0 && v <= 1)) {
      throw new InvalidSettingException(setting, "must be in (0, 1], got " + value);
    }
  }

  /** {@code value} in {@code [0, 1]}: a share that may be none or all (the final fraction of a rate). */
  public static void unit(String setting, Number value) {
    double v = value.doubleValue();
    if (!(v >= 0 && v <= 1)) {
      throw new InvalidSettingException(setting, "must be in [0, 1], got " + value);
    }
  }

  /** A finite value (any sign). */
  public static void finite(String setting, Number value) {
    if (!Double.isFinite(value.doubleValue())) {
      throw new InvalidSettingException(setting, "must be a finite number, got " + value);
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
