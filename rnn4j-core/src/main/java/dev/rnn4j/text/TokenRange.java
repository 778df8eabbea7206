package dev.rnn4j.text;

/**
 * A read-only view of a contiguous run of a corpus's tokens: tokens {@code [start, start + length)} of
 * the corpus, seen here as indices {@code [0, length)}. May be empty.
 */
public final class TokenRange {
  private final TokenIds ids;
  private final Vocabulary vocabulary;
  private final int start;
  private final int length;

  TokenRange(TokenIds ids, Vocabulary vocabulary, int start, int length) {
    this.ids = ids;
    this.vocabulary = vocabulary;
    this.start = start;
    this.length = length;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** Where this range begins in its corpus. */
  public int start() {
    return start;
  }

  public int length() {
    return length;
  }

  /** The first {@code n} tokens of this range (all of it when it is shorter). */
  public TokenRange head(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative length " + n);
    }
    return n >= length ? this : new TokenRange(ids, vocabulary, start, n);
  }

  /** How often each symbol of the vocabulary occurs in this range. */
  public long[] counts() {
    long[] counts = new long[vocabulary.size()];
    for (int i = 0; i < length; i++) {
      counts[ids.get(start + i)]++;
    }
    return counts;
  }

  /** The id of token {@code i} of this range. */
  public int token(int i) {
    if (i < 0 || i >= length) {
      throw new IndexOutOfBoundsException("token " + i + " outside range of " + length);
    }
    return ids.get(start + i);
  }

  /** Copies tokens {@code [from, from + count)} of this range into {@code dst} from {@code dstOffset}. */
  public void copyTo(int from, int[] dst, int dstOffset, int count) {
    if (from < 0 || count < 0 || from > length - count) {
      throw new IndexOutOfBoundsException("tokens [" + from + ", " + from + "+" + count + ") outside range of "
          + length);
    }
    if (dstOffset < 0 || dstOffset > dst.length - count) {
      throw new IndexOutOfBoundsException(count + " tokens do not fit in " + dst.length + " from " + dstOffset);
    }
    for (int i = 0; i < count; i++) {
      dst[dstOffset + i] = ids.get(start + from + i);
    }
  }

  /** All tokens of this range in a new array. */
  public int[] toArray() {
    int[] out = new int[length];
    copyTo(0, out, 0, length);
    return out;
  }

  @Override
  public String toString() {
    return "TokenRange[" + start + ", " + (start + length) + ")";
  }
}
