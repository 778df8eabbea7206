package dev.rnn4j.inspect;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user's probe: 1 on every character inside a match of a regular expression (Java syntax, {@code ^} and
 * {@code $} matching at line boundaries), 0 elsewhere.
 * The text is matched as code points (a byte vocabulary's bytes as the characters U+0000..U+00FF); empty
 * matches mark nothing. Scored over every character (no scope).
 *
 * @param name    the probe's name, letters, digits, '-', '_' or '.'
 * @param pattern the compiled expression
 */
public record RegexProbe(String name, Pattern pattern) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  /**
   * Parses {@code NAME=REGEX}. A missing '=', an empty or odd name, a built-in probe's name, an empty or
   * malformed expression are errors whose one-line message quotes the spec.
   */
  public static RegexProbe parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("'" + spec + "' is not NAME=REGEX");
    }
    String name = spec.substring(0, eq);
    String regex = spec.substring(eq + 1);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + spec + "': the name must be letters, digits, '-', '_' or '.'");
    }
    if (Probes.BUILT_IN.contains(name)) {
      throw new IllegalArgumentException("'" + spec + "': " + name + " is a built-in probe's name");
    }
    if (regex.isEmpty()) {
      throw new IllegalArgumentException("'" + spec + "': the regular expression is empty");
    }
    try {
      return new RegexProbe(name, Pattern.compile(regex, Pattern.MULTILINE));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("'" + spec + "': bad regular expression: " + e.getDescription()
          + " near index " + e.getIndex());
    }
  }

  /** The probe's values over a text given as symbols. */
  public Probe probe(int[] text) {
    StringBuilder sb = new StringBuilder(text.length);
    // charToSymbol[k]: the symbol that Java char k of the string belongs to (two chars for a surrogate pair)
    int[] charToSymbol = new int[text.length * 2];
    for (int t = 0; t < text.length; t++) {
      int before = sb.length();
      sb.appendCodePoint(text[t]);
      for (int k = before; k < sb.length(); k++) {
        charToSymbol[k] = t;
      }
    }
    float[] v = new float[text.length];
    Matcher m = pattern.matcher(sb);
    while (m.find()) {
      if (m.end() > m.start()) {
        Arrays.fill(v, charToSymbol[m.start()], charToSymbol[m.end() - 1] + 1, 1f);
      }
    }
    return new Probe(name, Probe.Kind.BINARY, v);
  }
}
