package dev.rnn4j.inspect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hidden unit of a model: layer (0 = the bottom one, as in the parameter names {@code _l0}), which
 * state ({@code h}, or an LSTM's cell state {@code c}, recorded as tanh(c) so that it lies in [-1, 1]
 * like the paper's figures) and index within the layer. Written {@code 1:c37}.
 */
public record UnitId(int layer, Kind kind, int index) implements Comparable<UnitId> {
  private static final Pattern FORM = Pattern.compile("(\\d+):([hc]?)(\\d+)");

  /** Which state of a layer the unit belongs to. */
  public enum Kind {
    /** The hidden state h_t (the layer's output). */
    H,
    /** An LSTM's cell state, shown as tanh(c_t). */
    C
  }

  public UnitId {
    if (layer < 0 || index < 0 || kind == null) {
      throw new IllegalArgumentException("bad unit " + layer + ":" + kind + index);
    }
  }

  /**
   * Parses {@code LAYER:INDEX}, {@code LAYER:hINDEX} or {@code LAYER:cINDEX}; without a letter the unit
   * is {@code defaultKind}. Range checks are the caller's (it knows the model).
   */
  public static UnitId parse(String s, Kind defaultKind) {
    Matcher m = FORM.matcher(s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + s + "' is not LAYER:INDEX (e.g. 1:37, or 1:c37 / 1:h37)");
    }
    Kind kind = m.group(2).isEmpty() ? defaultKind : m.group(2).equals("c") ? Kind.C : Kind.H;
    try {
      return new UnitId(Integer.parseInt(m.group(1)), kind, Integer.parseInt(m.group(3)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "': number too large");
    }
  }

  @Override
  public int compareTo(UnitId o) {
    int c = Integer.compare(layer, o.layer);
    if (c == 0) {
      c = kind.compareTo(o.kind);
    }
    return c != 0 ? c : Integer.compare(index, o.index);
  }

  @Override
  public String toString() {
    return layer + ":" + (kind == Kind.C ? "c" : "h") + index;
  }
}
