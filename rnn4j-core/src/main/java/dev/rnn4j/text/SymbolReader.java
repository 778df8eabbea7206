package dev.rnn4j.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads symbols one at a time from a byte stream: raw bytes, or code points decoded strictly as UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence at the end).
 * Ill-formed input throws a {@link CorpusException} naming the offset of the first byte of the ill-formed
 * sequence, the position Python's and Java's decoders report too.
 *
 * <p>Our own decoder rather than a {@code CharsetDecoder} because it yields code points directly and
 * knows the byte offset without bookkeeping across char buffers.
 */
final class SymbolReader {
  private final InputStream in;
  private final boolean bytes;
  private final String name;
  /** What the user can do about text that is not UTF-8 (it differs for training and for a fixed model). */
  private final String hint;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  /** Offset in the stream of {@code buf[0]}. */
  private long bufStart;

  SymbolReader(InputStream in, Vocabulary.Kind kind, String name, String hint) {
    this.in = in;
    this.bytes = kind == Vocabulary.Kind.BYTES;
    this.name = name;
    this.hint = hint;
  }

  /** Offset in the stream of the next unread byte. */
  long offset() {
    return bufStart + pos;
  }

  /** The next symbol, or -1 at the end of the stream. */
  int next() throws IOException {
    int b0 = readByte();
    if (b0 < 0x80 || bytes) {
      return b0;
    }
    long start = offset() - 1;
    int n;
    int min;
    int max = 0xBF;
    int cp;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 1;
      min = 0x80;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 2;
      // E0 would be overlong below A0; ED would encode a surrogate from A0.
      min = b0 == 0xE0 ? 0xA0 : 0x80;
      max = b0 == 0xED ? 0x9F : 0xBF;
      cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 3;
      // F0 would be overlong below 90; F4 would exceed U+10FFFF from 90.
      min = b0 == 0xF0 ? 0x90 : 0x80;
      max = b0 == 0xF4 ? 0x8F : 0xBF;
      cp = b0 & 0x07;
    } else {
      throw bad(start, b0, b0 < 0xC0 ? "a continuation byte without a lead byte" : "a byte never used in UTF-8");
    }
    for (int i = 0; i < n; i++) {
      int b = readByte();
      if (b < 0) {
        throw bad(start, b0, "a sequence cut short by the end of the input");
      }
      if (b < min || b > max) {
        throw bad(start, b0, String.format(Locale.ROOT, "followed by 0x%02X, not a valid continuation", b));
      }
      cp = (cp << 6) | (b & 0x3F);
      min = 0x80;
      max = 0xBF;
    }
    return cp;
  }

  private int readByte() throws IOException {
    if (pos == limit) {
      bufStart += limit;
      pos = 0;
      limit = 0;
      int r;
      do {
        r = in.read(buf, 0, buf.length);
      } while (r == 0);
      if (r < 0) {
        return -1;
      }
      limit = r;
    }
    return buf[pos++] & 0xFF;
  }

  private CorpusException bad(long offset, int lead, String why) {
    return new CorpusException(CorpusException.Reason.NOT_UTF8, String.format(Locale.ROOT,
        "%s: not valid UTF-8 at byte %d (0x%02X: %s; %s)", name, offset, lead, why, hint));
  }
}
