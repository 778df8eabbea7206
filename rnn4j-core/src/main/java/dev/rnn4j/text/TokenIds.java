package dev.rnn4j.text;

/**
 * Token ids in the narrowest array that holds them: {@code byte[]} for vocabularies of at most 256
 * symbols (read back unsigned), {@code char[]} for at most 65536, else {@code int[]}. Tiny Shakespeare's
 * 1.1 M tokens take 1.1 MB instead of a String's 2.2 MB or an int[]'s 4.5 MB.
 */
final class TokenIds {
  private final byte[] bytes;
  private final char[] chars;
  private final int[] ints;
  private final int length;

  private TokenIds(byte[] bytes, char[] chars, int[] ints, int length) {
    this.bytes = bytes;
    this.chars = chars;
    this.ints = ints;
    this.length = length;
  }

  /** Zero-filled storage for {@code length} ids below {@code vocabularySize}. */
  static TokenIds allocate(int vocabularySize, int length) {
    if (vocabularySize <= 1 << 8) {
      return new TokenIds(new byte[length], null, null, length);
    }
    if (vocabularySize <= 1 << 16) {
      return new TokenIds(null, new char[length], null, length);
    }
    return new TokenIds(null, null, new int[length], length);
  }

  int length() {
    return length;
  }

  int get(int i) {
    if (bytes != null) {
      return bytes[i] & 0xFF;
    }
    return chars != null ? chars[i] : ints[i];
  }

  void set(int i, int id) {
    if (bytes != null) {
      bytes[i] = (byte) id;
    } else if (chars != null) {
      chars[i] = (char) id;
    } else {
      ints[i] = id;
    }
  }

  /** The element type of the backing array: byte, char or int; for tests. */
  Class<?> elementType() {
    return bytes != null ? byte.class : chars != null ? char.class : int.class;
  }
}
