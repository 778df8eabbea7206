package dev.rnn4j.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.stream.IntStream;

/**
 * Turns a byte source into token ids in two streaming passes, so the whole text never exists as a String
 * and the peak memory is the ids plus a read buffer. The first pass decodes, checks the text and collects
 * its symbols (and so the vocabulary and the length); the second decodes again and stores ids in the
 * narrowest array (see {@link TokenIds}).
 *
 * <p>Checks, in this order: well-formed UTF-8 and no NUL byte (both stop the first pass at once), not
 * empty, not binary, no symbol outside a given vocabulary. Text counts as binary when it holds a NUL or
 * when more than a tenth of its symbols are control characters other than tab, line feed, vertical tab,
 * form feed and carriage return: real text has almost none, so a tenth already means "not text". A byte
 * vocabulary skips the UTF-8 and binary checks: it accepts any non-empty input.
 */
final class CorpusLoader {
  /** Opens the source anew for each pass. */
  interface Opener {
    InputStream open() throws IOException;
  }

  private static final int MAX_TOKENS = Integer.MAX_VALUE - 8;
  private static final String USE_BYTES = "use --bytes for a byte vocabulary";
  /** A trained model's vocabulary cannot change; only a model trained on bytes reads any file. */
  private static final String MODEL_READS_UTF8 = "this model reads UTF-8 text; a model must be trained with --bytes "
      + "to read any bytes";

  private CorpusLoader() {
  }

  /** Loads with a vocabulary of the given kind built from the text, or over {@code fixed} when not null. */
  static Corpus load(String name, Opener opener, Vocabulary.Kind kind, Vocabulary fixed) {
    String hint = fixed == null ? USE_BYTES : MODEL_READS_UTF8;
    boolean[] present = new boolean[kind.maxSymbol() + 1];
    long count = 0;
    long controls = 0;
    int max = 0;
    try (InputStream in = opener.open()) {
      SymbolReader reader = new SymbolReader(in, kind, name, hint);
      for (int s = reader.next(); s >= 0; s = reader.next()) {
        present[s] = true;
        max = Math.max(max, s);
        count++;
        if (kind == Vocabulary.Kind.CODE_POINTS && isControl(s)) {
          if (s == 0) {
            throw new CorpusException(CorpusException.Reason.BINARY, name + ": binary file (NUL byte at byte "
                + (reader.offset() - 1) + "; " + hint + ")");
          }
          controls++;
        }
      }
    } catch (NoSuchFileException e) {
      throw new CorpusException(CorpusException.Reason.MISSING, name + ": no such file", e);
    } catch (IOException e) {
      throw unreadable(name, e.toString(), e);
    }
    if (count == 0) {
      throw new CorpusException(CorpusException.Reason.EMPTY, name + ": empty, no text to learn from");
    }
    if (count > MAX_TOKENS) {
      throw new CorpusException(CorpusException.Reason.TOO_LARGE, name + ": too large, " + count
          + " symbols; at most " + MAX_TOKENS + " fit");
    }
    if (controls * 10 > count) {
      throw new CorpusException(CorpusException.Reason.BINARY, name + ": binary file (" + controls + " of "
          + count + " symbols are control characters; " + hint + ")");
    }
    Vocabulary vocabulary = fixed != null ? checkKnown(name, fixed, present) : vocabularyOf(kind, present);
    int[] lookup = new int[max + 1];
    for (int s = 0; s <= max; s++) {
      lookup[s] = present[s] ? vocabulary.id(s) : -1;
    }
    present = null; // let the first pass's table go before the ids are allocated
    TokenIds ids = TokenIds.allocate(vocabulary.size(), (int) count);
    fill(name, opener, kind, lookup, ids);
    return new Corpus(name, vocabulary, ids);
  }

  private static void fill(String name, Opener opener, Vocabulary.Kind kind, int[] lookup, TokenIds ids) {
    int n = ids.length();
    int i = 0;
    try (InputStream in = opener.open()) {
      SymbolReader reader = new SymbolReader(in, kind, name, USE_BYTES);
      for (int s = reader.next(); s >= 0; s = reader.next()) {
        int id = s < lookup.length ? lookup[s] : -1;
        if (id < 0 || i == n) {
          throw changed(name);
        }
        ids.set(i++, id);
      }
    } catch (IOException e) {
      throw unreadable(name, e.toString(), e);
    }
    if (i != n) {
      throw changed(name);
    }
  }

  private static boolean isControl(int s) {
    return (s < 0x20 && (s < '\t' || s > '\r')) || s == 0x7F;
  }

  private static Vocabulary vocabularyOf(Vocabulary.Kind kind, boolean[] present) {
    int size = 0;
    for (boolean p : present) {
      size += p ? 1 : 0;
    }
    int[] symbols = new int[size];
    for (int s = 0, k = 0; s < present.length; s++) {
      if (present[s]) {
        symbols[k++] = s;
      }
    }
    return Vocabulary.of(kind, symbols);
  }

  private static Vocabulary checkKnown(String name, Vocabulary vocabulary, boolean[] present) {
    int[] unknown = IntStream.range(0, present.length)
        .filter(s -> present[s] && vocabulary.id(s) < 0).toArray();
    if (unknown.length > 0) {
      throw new CorpusException(CorpusException.Reason.UNKNOWN_SYMBOLS, name + ": the vocabulary lacks "
          + vocabulary.describeList(unknown));
    }
    return vocabulary;
  }

  private static CorpusException changed(String name) {
    return unreadable(name, "it changed while being read", null);
  }

  private static CorpusException unreadable(String name, String why, Throwable cause) {
    return new CorpusException(CorpusException.Reason.UNREADABLE, name + ": cannot read, " + why, cause);
  }
}
