package dev.rnn4j.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The sorted set of symbols of a text; a symbol's id is its rank in that set, so ids run from 0 to
 * {@code size() - 1} and equal texts give equal vocabularies.
 *
 * <p>A symbol is a Unicode code point ({@link Kind#CODE_POINTS}, the default: text decoded strictly as
 * UTF-8) or a raw byte 0..255 ({@link Kind#BYTES}: any file, UTF-8 or not). Text from a Java string is
 * turned into symbols by its code points, or by its UTF-8 bytes for a byte vocabulary.
 *
 * <p>Serial form, stored in a checkpoint's metadata and so frozen: {@code KIND:S0,S1,...} where KIND is
 * {@code code_points} or {@code bytes} and the symbols are decimal integers, strictly increasing, at least
 * one; for example {@code code_points:10,32,33,97}. Instances are immutable.
 */
public final class Vocabulary {
  /** What a symbol is. */
  public enum Kind {
    /** Unicode code points (surrogates excluded) of UTF-8 text. */
    CODE_POINTS("code_points", Character.MAX_CODE_POINT),
    /** Raw bytes 0..255. */
    BYTES("bytes", 0xFF);

    private final String serialName;
    private final int maxSymbol;

    Kind(String serialName, int maxSymbol) {
      this.serialName = serialName;
      this.maxSymbol = maxSymbol;
    }

    int maxSymbol() {
      return maxSymbol;
    }

    boolean isValid(int symbol) {
      return symbol >= 0 && symbol <= maxSymbol
          && !(this == CODE_POINTS && symbol >= Character.MIN_SURROGATE && symbol <= Character.MAX_SURROGATE);
    }
  }

  /** Error messages list at most this many symbols, then say how many more there are. */
  private static final int LISTED = 20;

  private final Kind kind;
  private final int[] symbols;

  private Vocabulary(Kind kind, int[] symbols) {
    this.kind = kind;
    this.symbols = symbols;
  }

  /** A vocabulary of the given symbols, which must be valid for the kind, distinct and increasing. */
  public static Vocabulary of(Kind kind, int... symbols) {
    if (kind == null) {
      throw new IllegalArgumentException("vocabulary kind is null");
    }
    if (symbols.length == 0) {
      throw new IllegalArgumentException("a vocabulary needs at least one symbol");
    }
    for (int i = 0; i < symbols.length; i++) {
      if (!kind.isValid(symbols[i])) {
        throw new IllegalArgumentException("symbol " + symbols[i] + " is not a valid " + kind.serialName
            + " symbol");
      }
      if (i > 0 && symbols[i] <= symbols[i - 1]) {
        throw new IllegalArgumentException("vocabulary symbols must be strictly increasing, but "
            + symbols[i] + " follows " + symbols[i - 1]);
      }
    }
    return new Vocabulary(kind, symbols.clone());
  }

  public Kind kind() {
    return kind;
  }

  public int size() {
    return symbols.length;
  }

  /** The id of a symbol, or -1 when the vocabulary lacks it. */
  public int id(int symbol) {
    int i = Arrays.binarySearch(symbols, symbol);
    return i >= 0 ? i : -1;
  }

  /** The symbol with the given id. */
  public int symbol(int id) {
    if (id < 0 || id >= symbols.length) {
      throw new IndexOutOfBoundsException("id " + id + " outside vocabulary of " + symbols.length);
    }
    return symbols[id];
  }

  /** Ids of the text's symbols; throws, listing them, when the vocabulary lacks any. */
  public int[] encode(String text) {
    int[] ids = symbolsOf(text);
    for (int i = 0; i < ids.length; i++) {
      int id = id(ids[i]);
      if (id < 0) {
        throw new IllegalArgumentException("the vocabulary lacks " + describeList(unknownSymbols(text)));
      }
      ids[i] = id;
    }
    return ids;
  }

  /** The distinct symbols of the text that the vocabulary lacks, increasing; empty when it has them all. */
  public int[] unknownSymbols(String text) {
    return Arrays.stream(symbolsOf(text)).filter(s -> id(s) < 0).distinct().sorted().toArray();
  }

  /**
   * Writes one symbol for streaming output: a code point as its UTF-8 bytes, a byte as itself. Writing a
   * byte vocabulary's output raw gives back whatever encoding the training file had.
   */
  public void write(int id, OutputStream out) throws IOException {
    int s = symbol(id);
    if (kind == Kind.BYTES) {
      out.write(s);
    } else if (s < 0x80) {
      out.write(s);
    } else if (s < 0x800) {
      out.write(0xC0 | s >> 6);
      out.write(0x80 | s & 0x3F);
    } else if (s < 0x10000) {
      out.write(0xE0 | s >> 12);
      out.write(0x80 | s >> 6 & 0x3F);
      out.write(0x80 | s & 0x3F);
    } else {
      out.write(0xF0 | s >> 18);
      out.write(0x80 | s >> 12 & 0x3F);
      out.write(0x80 | s >> 6 & 0x3F);
      out.write(0x80 | s & 0x3F);
    }
  }

  /**
   * The text of the given ids. For a byte vocabulary the bytes are read as UTF-8 with malformed input
   * replaced by U+FFFD, which is right for display but not a round trip; use {@link #write} for that.
   */
  public String decode(int... ids) {
    if (kind == Kind.BYTES) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length);
      for (int id : ids) {
        bytes.write(symbol(id));
      }
      return bytes.toString(StandardCharsets.UTF_8);
    }
    StringBuilder sb = new StringBuilder(ids.length);
    for (int id : ids) {
      sb.appendCodePoint(symbol(id));
    }
    return sb.toString();
  }

  /**
   * A symbol as a user can read it in a message: printable ASCII quoted ({@code 'Z'}), other code points
   * as {@code U+00E9}, followed by the character quoted when it is visible, bytes as {@code 0xE9}.
   */
  public String describe(int symbol) {
    return describe(kind, symbol);
  }

  static String describe(Kind kind, int symbol) {
    if (symbol >= 0x20 && symbol < 0x7F) {
      return "'" + (char) symbol + "'";
    }
    if (kind == Kind.BYTES) {
      return String.format(Locale.ROOT, "0x%02X", symbol);
    }
    String code = String.format(Locale.ROOT, "U+%04X", symbol);
    return isVisible(symbol) ? code + " '" + new String(Character.toChars(symbol)) + "'" : code;
  }

  private static boolean isVisible(int cp) {
    if (cp < 0xA0 || !Character.isValidCodePoint(cp) || Character.isWhitespace(cp)) {
      return false;
    }
    int type = Character.getType(cp);
    return type != Character.UNASSIGNED && type != Character.CONTROL && type != Character.FORMAT
        && type != Character.SURROGATE && type != Character.PRIVATE_USE && type != Character.SPACE_SEPARATOR;
  }

  /** "3 symbols: 'Z', U+00E9 'é', 0x00" with at most {@value #LISTED} listed. */
  String describeList(int[] list) {
    return describeList(kind, list);
  }

  static String describeList(Kind kind, int[] list) {
    StringBuilder sb = new StringBuilder();
    sb.append(list.length).append(list.length == 1 ? " symbol: " : " symbols: ");
    for (int i = 0; i < Math.min(list.length, LISTED); i++) {
      sb.append(i == 0 ? "" : ", ").append(describe(kind, list[i]));
    }
    if (list.length > LISTED) {
      sb.append(" and ").append(list.length - LISTED).append(" more");
    }
    return sb.toString();
  }

  private int[] symbolsOf(String text) {
    if (kind == Kind.CODE_POINTS) {
      return text.codePoints().toArray();
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i] & 0xFF;
    }
    return out;
  }

  /** The serial form described in the class comment. */
  public String serialize() {
    StringBuilder sb = new StringBuilder(kind.serialName).append(':');
    for (int i = 0; i < symbols.length; i++) {
      sb.append(i == 0 ? "" : ",").append(symbols[i]);
    }
    return sb.toString();
  }

  /** Reads the serial form; throws IllegalArgumentException saying what is wrong with it. */
  public static Vocabulary parse(String serial) {
    if (serial == null) {
      throw new IllegalArgumentException("malformed vocabulary: missing (null)");
    }
    int colon = serial.indexOf(':');
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (colon > 0 && k.serialName.equals(serial.substring(0, colon))) {
        kind = k;
      }
    }
    if (kind == null) {
      throw malformed(serial, "it does not start with code_points: or bytes:");
    }
    String body = serial.substring(colon + 1);
    if (body.isEmpty()) {
      throw malformed(serial, "it has no symbols");
    }
    String[] parts = body.split(",", -1);
    int[] symbols = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].matches("[0-9]{1,7}")) {
        throw malformed(serial, "symbol " + (i + 1) + " is '" + abbreviate(parts[i]) + "', not a number");
      }
      symbols[i] = Integer.parseInt(parts[i]);
    }
    try {
      return of(kind, symbols);
    } catch (IllegalArgumentException e) {
      throw malformed(serial, e.getMessage());
    }
  }

  private static IllegalArgumentException malformed(String serial, String why) {
    return new IllegalArgumentException("malformed vocabulary \"" + abbreviate(serial) + "\": " + why
        + " (expected e.g. code_points:10,32,97 or bytes:0,255)");
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v && v.kind == kind && Arrays.equals(v.symbols, symbols);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(symbols);
  }

  @Override
  public String toString() {
    return "Vocabulary[" + kind.serialName + ", " + symbols.length + " symbols]";
  }
}
