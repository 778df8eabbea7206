package dev.rnn4j.config;

/**
 * A configuration value outside its range. The message names the setting as the config calls it (e.g.
 * {@code hiddenSize must be >= 1, got 0}); a front end that knows the setting by another name (the
 * command line's {@code --hidden}) rephrases it with {@link #renamed}, so the range is checked in one
 * place and the user still reads the name they typed.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private final String setting;
  private final String rule;

  /** {@code rule}: what was wrong, after the name, e.g. {@code must be >= 1, got 0}. */
  public InvalidSettingException(String setting, String rule) {
    super(setting + " " + rule);
    this.setting = setting;
    this.rule = rule;
  }

  /** The setting's name in its config (the record component and builder method). */
  public String setting() {
    return setting;
  }

  /** The same refusal under the name the user knows the setting by, e.g. {@code --hidden}. */
  public IllegalArgumentException renamed(String name) {
    return new IllegalArgumentException(name + " " + rule, this);
  }
}
