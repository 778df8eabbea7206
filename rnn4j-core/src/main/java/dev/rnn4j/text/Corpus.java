package dev.rnn4j.text;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A whole text as token ids over its {@link Vocabulary}, held compactly (one byte per token for up to 256
 * symbols, two for up to 65536, else four) and never as one String, so a 100 MB file loads in about
 * 100 MB of heap. Immutable.
 *
 * <p>Loading decodes strictly (see {@link SymbolReader}) and refuses, with a {@link CorpusException}
 * whose one-line message starts with the file's name, a missing file, a directory, an unreadable file,
 * empty text, binary text unless a byte vocabulary was asked for (see {@link CorpusLoader}) and, over a
 * given vocabulary, symbols it lacks.
 *
 * <p>{@link #split} cuts the corpus into contiguous train, validation and test ranges in that order, the
 * first {@code floor(n * (1 - val - test))} tokens for training, as nanoGPT's char-level Shakespeare
 * does, so losses on the last tenth compare with other char-level models.
 */
public final class Corpus {
  /** Class-path resource of the default corpus, Tiny Shakespeare (public domain). */
  static final String BUILT_IN = "/dev/rnn4j/text/tinyshakespeare.txt";

  private static Corpus builtIn;

  private final String name;
  private final Vocabulary vocabulary;
  private final TokenIds ids;
  private String sha256;

  Corpus(String name, Vocabulary vocabulary, TokenIds ids) {
    this.name = name;
    this.vocabulary = vocabulary;
    this.ids = ids;
  }

  /** Loads a UTF-8 text file with a code-point vocabulary built from it. */
  public static Corpus load(Path file) {
    return load(file, Vocabulary.Kind.CODE_POINTS);
  }

  /** Loads a file with a vocabulary of the given kind built from it. */
  public static Corpus load(Path file, Vocabulary.Kind kind) {
    checkFile(file);
    return CorpusLoader.load(file.toString(), () -> Files.newInputStream(file), kind, null);
  }

  /**
   * Loads a file over an existing vocabulary (a model's, to evaluate it on new text); symbols the
   * vocabulary lacks are an error that lists them.
   */
  public static Corpus load(Path file, Vocabulary vocabulary) {
    checkFile(file);
    return CorpusLoader.load(file.toString(), () -> Files.newInputStream(file), vocabulary.kind(), vocabulary);
  }

  /** A corpus of a string with a code-point vocabulary built from it; for tests and small inputs. */
  public static Corpus fromString(String text) {
    return CorpusLoader.load("text", utf8(text), Vocabulary.Kind.CODE_POINTS, null);
  }

  /** A corpus of a string over an existing vocabulary; symbols it lacks are an error that lists them. */
  public static Corpus fromString(String text, Vocabulary vocabulary) {
    return CorpusLoader.load("text", utf8(text), vocabulary.kind(), vocabulary);
  }

  /** The built-in default corpus, Tiny Shakespeare: 1,115,394 characters, 65 symbols. */
  public static synchronized Corpus builtIn() {
    // Loaded once, on first use: it is immutable.
    if (builtIn == null) {
      builtIn = CorpusLoader.load("built-in tinyshakespeare.txt", () -> {
        InputStream in = Corpus.class.getResourceAsStream(BUILT_IN);
        if (in == null) {
          throw new IllegalStateException("resource " + BUILT_IN + " is missing from the class path");
        }
        return in;
      }, Vocabulary.Kind.CODE_POINTS, null);
    }
    return builtIn;
  }

  private static void checkFile(Path file) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw new CorpusException(CorpusException.Reason.DIRECTORY, name + ": is a directory, not a text file");
    }
    if (!Files.exists(file)) {
      throw new CorpusException(CorpusException.Reason.MISSING, name + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      // Loading reads twice, which a pipe or device cannot do.
      throw new CorpusException(CorpusException.Reason.UNREADABLE, name + ": cannot read, not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new CorpusException(CorpusException.Reason.UNREADABLE, name + ": cannot read, permission denied");
    }
  }

  private static CorpusLoader.Opener utf8(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new CorpusException(CorpusException.Reason.NOT_UTF8, String.format(
            "text: unpaired surrogate U+%04X at char %d cannot be UTF-8", (int) c, i));
      }
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return () -> new ByteArrayInputStream(bytes);
  }

  /** Where the text came from: the file's path, {@code text} or {@code built-in tinyshakespeare.txt}. */
  public String name() {
    return name;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * SHA-256 of the text's bytes, in lower-case hex: for a UTF-8 file read as code points, or any file read
   * as bytes, what {@code sha256sum} prints for the file. Identifies the text in a checkpoint without
   * storing where it lay. Computed once, on first use.
   */
  public synchronized String sha256() {
    if (sha256 == null) {
      java.security.MessageDigest digest;
      try {
        digest = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
      try (java.io.OutputStream out = new java.io.BufferedOutputStream(
          new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), digest), 1 << 16)) {
        for (int i = 0; i < ids.length(); i++) {
          vocabulary.write(ids.get(i), out);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      sha256 = java.util.HexFormat.of().formatHex(digest.digest());
    }
    return sha256;
  }

  /** The number of tokens. */
  public int length() {
    return ids.length();
  }

  /** The id of token {@code i}. */
  public int token(int i) {
    if (i < 0 || i >= ids.length()) {
      throw new IndexOutOfBoundsException("token " + i + " outside corpus of " + ids.length());
    }
    return ids.get(i);
  }

  /** Every token, as one range. */
  public TokenRange all() {
    return new TokenRange(ids, vocabulary, 0, ids.length());
  }

  /** The default split: 90% train, 10% validation, no test. */
  public Split split() {
    return split(0.1, 0.0);
  }

  /**
   * Train, validation and test ranges, contiguous and in that order. Each fraction must be in [0, 1) and
   * their sum below 1; train gets {@code floor(n * (1 - val - test))} tokens, test
   * {@code n - floor(n * (1 - test))}, validation the rest. A small fraction of a short text may be empty.
   */
  public Split split(double valFraction, double testFraction) {
    checkFraction("validation", valFraction);
    checkFraction("test", testFraction);
    if (!(valFraction + testFraction < 1)) {
      throw new IllegalArgumentException("validation and test fractions must sum to less than 1, got "
          + valFraction + " + " + testFraction);
    }
    int n = ids.length();
    int valEnd = (int) Math.floor(n * (1.0 - testFraction));
    int trainEnd = Math.min(valEnd, (int) Math.floor(n * (1.0 - valFraction - testFraction)));
    return new Split(new TokenRange(ids, vocabulary, 0, trainEnd),
        new TokenRange(ids, vocabulary, trainEnd, valEnd - trainEnd),
        new TokenRange(ids, vocabulary, valEnd, n - valEnd));
  }

  private static void checkFraction(String what, double f) {
    if (!(f >= 0 && f < 1)) {
      throw new IllegalArgumentException(what + " fraction must be in [0, 1), got " + f);
    }
  }

  /** The ids' storage, for tests of the compact path. */
  TokenIds ids() {
    return ids;
  }

  @Override
  public String toString() {
    return "Corpus[" + name + ", " + ids.length() + " tokens, " + vocabulary + "]";
  }
}
