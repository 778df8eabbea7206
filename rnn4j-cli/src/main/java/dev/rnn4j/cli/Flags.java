package dev.rnn4j.cli;

import dev.rnn4j.config.InvalidSettingException;
import dev.rnn4j.tensor.WeightFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks of option values, with messages that name the flag: the command line's own rules
 * ({@link #positive}), and the configs' ranges, checked by the configs and renamed here ({@link #named}).
 */
public final class Flags {
  private Flags() {}

  /**
   * Builds a config; a setting it refuses is renamed to its flag ({@code flags} maps setting to flag),
   * so {@code hiddenSize must be >= 1} reaches the user as {@code --hidden must be >= 1}.
   */
  public static <T> T named(Map<String, String> flags, Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidSettingException e) {
      String flag = flags.get(e.setting());
      if (flag == null) {
        throw e;
      }
      throw e.renamed(flag);
    }
  }

  /** {@code --weights}: int8, int16 or float32, any case; anything else is refused naming the flag. */
  public static WeightFormat weights(String value) {
    try {
      return WeightFormat.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--weights must be int8, int16 or float32, got '" + value + "'");
    }
  }

  /** Refuses a value below 1, naming the flag. */
  public static void positive(String flag, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(flag + " must be >= 1, got " + value);
    }
  }
}
