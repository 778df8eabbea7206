package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
  @TempDir
  Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static int[] tokens(Corpus c) {
    return c.all().toArray();
  }

  @Test
  void multiByteCharactersAreSingleSymbols() throws IOException {
    String text = "aé€😀a";
    Corpus c = Corpus.load(write("t.txt", text.getBytes(StandardCharsets.UTF_8)));
    assertEquals(5, c.length());
    assertArrayEquals(new int[] {'a', 0xE9, 0x20AC, 0x1F600}, symbols(c.vocabulary()));
    assertArrayEquals(new int[] {0, 1, 2, 3, 0}, tokens(c));
    assertEquals(text, c.vocabulary().decode(tokens(c)));
  }

  private static int[] symbols(Vocabulary v) {
    int[] s = new int[v.size()];
    Arrays.setAll(s, v::symbol);
    return s;
  }

  @Test
  void idsUseTheNarrowestArray() {
    assertEquals(byte.class, Corpus.fromString("abc").ids().elementType());
    StringBuilder wide = new StringBuilder();
    for (int cp = 0x4E00; cp < 0x4E00 + 300; cp++) {
      wide.appendCodePoint(cp);
    }
    Corpus c16 = Corpus.fromString(wide.toString());
    assertEquals(char.class, c16.ids().elementType());
    assertEquals(299, c16.token(299));
    StringBuilder wider = new StringBuilder();
    for (int cp = 0x20000; cp < 0x20000 + 65537; cp++) {
      wider.appendCodePoint(cp);
    }
    Corpus c32 = Corpus.fromString(wider.toString());
    assertEquals(int.class, c32.ids().elementType());
    assertEquals(65536, c32.token(65536));
  }

  @Test
  void byteStorageKeepsIdsAbove127() {
    StringBuilder sb = new StringBuilder();
    for (int cp = 0x100; cp < 0x100 + 256; cp++) {
      sb.appendCodePoint(cp);
    }
    Corpus c = Corpus.fromString(sb.toString());
    assertEquals(byte.class, c.ids().elementType());
    assertEquals(255, c.token(255));
  }

  @Test
  void invalidUtf8NamesTheByteOffset() throws IOException {
    byte[] bytes = new byte[12];
    Arrays.fill(bytes, (byte) 'x');
    bytes[10] = (byte) 0xC3;
    bytes[11] = 0x28;
    Path file = write("bad.txt", bytes);
    CorpusException e = assertThrows(CorpusException.class, () -> Corpus.load(file));
    assertEquals(CorpusException.Reason.NOT_UTF8, e.reason());
    assertEquals(file + ": not valid UTF-8 at byte 10 (0xC3: followed by 0x28, not a valid continuation;"
        + " use --bytes for a byte vocabulary)", e.getMessage());
  }

  @Test
  void illFormedSequencesAreRefusedAtTheirFirstByte() {
    byte[][] cases = {
        {(byte) 0x80}, // continuation without lead
        {(byte) 0xC0, (byte) 0x80}, // overlong NUL
        {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, // overlong
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // surrogate U+D800
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // never used
        {(byte) 0xE2, (byte) 0x82}, // cut short by the end
    };
    for (byte[] bad : cases) {
      byte[] bytes = new byte[3 + bad.length];
      bytes[0] = 'a';
      bytes[1] = (byte) 0xC3;
      bytes[2] = (byte) 0xA9;
      System.arraycopy(bad, 0, bytes, 3, bad.length);
      CorpusException e = assertThrows(CorpusException.class,
          () -> CorpusLoader.load("x", () -> new java.io.ByteArrayInputStream(bytes), Vocabulary.Kind.CODE_POINTS,
              null), Arrays.toString(bad));
      assertTrue(e.getMessage().startsWith("x: not valid UTF-8 at byte 3 "), e.getMessage());
    }
  }

  @Test
  void offsetsCountAcrossReadBuffers() throws IOException {
    byte[] bytes = new byte[200_003];
    Arrays.fill(bytes, (byte) 'a');
    bytes[200_001] = (byte) 0xFF;
    CorpusException e = assertThrows(CorpusException.class, () -> Corpus.load(write("big.txt", bytes)));
    assertTrue(e.getMessage().contains("at byte 200001 (0xFF: a byte never used in UTF-8"), e.getMessage());
  }

  @Test
  void unusableFilesAreRefusedWithOneLineNamingThem() throws IOException {
    Path missing = dir.resolve("missing.txt");
    Path empty = write("empty.txt", new byte[0]);
    Path binary = write("bin.dat", new byte[] {'a', 'b', 0, 'c'});
    Path controls = write("ctl.dat", new byte[] {'a', 1, 2, 'b', '\n', 'c', 'd', 'e', 'f', 'g'});
    expect(CorpusException.Reason.MISSING, missing + ": no such file", () -> Corpus.load(missing));
    expect(CorpusException.Reason.DIRECTORY, dir + ": is a directory, not a text file", () -> Corpus.load(dir));
    expect(CorpusException.Reason.EMPTY, empty + ": empty, no text to learn from", () -> Corpus.load(empty));
    expect(CorpusException.Reason.EMPTY, empty + ": empty, no text to learn from",
        () -> Corpus.load(empty, Vocabulary.Kind.BYTES));
    expect(CorpusException.Reason.BINARY, binary + ": binary file (NUL byte at byte 2; use --bytes for a byte"
        + " vocabulary)", () -> Corpus.load(binary));
    expect(CorpusException.Reason.BINARY, controls + ": binary file (2 of 10 symbols are control characters;"
        + " use --bytes for a byte vocabulary)", () -> Corpus.load(controls));
    expect(CorpusException.Reason.EMPTY, "text: empty, no text to learn from", () -> Corpus.fromString(""));
  }

  private static void expect(CorpusException.Reason reason, String message, Runnable load) {
    CorpusException e = assertThrows(CorpusException.class, load::run);
    assertEquals(message, e.getMessage());
    assertEquals(reason, e.reason());
    assertTrue(e instanceof IllegalArgumentException);
  }

  @Test
  void bytesKindAcceptsBinaryAndNonUtf8() throws IOException {
    Path binary = write("bin.dat", new byte[] {'a', 0, (byte) 0xFF, 'a', (byte) 0xC3});
    Corpus c = Corpus.load(binary, Vocabulary.Kind.BYTES);
    assertEquals(Vocabulary.Kind.BYTES, c.vocabulary().kind());
    assertArrayEquals(new int[] {0, 'a', 0xC3, 0xFF}, symbols(c.vocabulary()));
    assertArrayEquals(new int[] {1, 0, 3, 1, 2}, tokens(c));
    assertEquals(byte.class, c.ids().elementType());
  }

  @Test
  void loadingOverAVocabularyUsesItsIdsAndListsWhatItLacks() throws IOException {
    Vocabulary v = Corpus.fromString("abcd é").vocabulary();
    Corpus c = Corpus.load(write("eval.txt", "dé a".getBytes(StandardCharsets.UTF_8)), v);
    assertEquals(v, c.vocabulary());
    assertArrayEquals(new int[] {4, 5, 0, 1}, tokens(c));
    Path other = write("other.txt", "abZ€Z".getBytes(StandardCharsets.UTF_8));
    expect(CorpusException.Reason.UNKNOWN_SYMBOLS, other + ": the vocabulary lacks 2 symbols: 'Z', U+20AC '€'",
        () -> Corpus.load(other, v));
    assertArrayEquals(new int[] {4, 2}, tokens(Corpus.fromString("db", v)));
  }

  @Test
  void unpairedSurrogateInAStringIsRefused() {
    expect(CorpusException.Reason.NOT_UTF8, "text: unpaired surrogate U+D800 at char 1 cannot be UTF-8",
        () -> Corpus.fromString("a\uD800b"));
  }

  @Test
  void splitsAreContiguousAndSized() {
    Corpus c = Corpus.fromString("0123456789".repeat(10));
    Split s = c.split(0.2, 0.1);
    assertEquals(70, s.train().length());
    assertEquals(20, s.validation().length());
    assertEquals(10, s.test().length());
    assertEquals(0, s.train().start());
    assertEquals(70, s.validation().start());
    assertEquals(90, s.test().start());
    int[] all = tokens(c);
    int[] joined = new int[100];
    s.train().copyTo(0, joined, 0, 70);
    s.validation().copyTo(0, joined, 70, 20);
    s.test().copyTo(0, joined, 90, 10);
    assertArrayEquals(all, joined);
    assertEquals(c.token(75), s.validation().token(5));
    assertThrows(IndexOutOfBoundsException.class, () -> s.test().token(10));

    Split d = c.split();
    assertEquals(90, d.train().length());
    assertEquals(10, d.validation().length());
    assertEquals(0, d.test().length());
  }

  @Test
  void fractionsAreValidated() {
    Corpus c = Corpus.fromString("abcdefgh");
    assertEquals("validation fraction must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> c.split(1.0, 0)).getMessage());
    assertEquals("test fraction must be in [0, 1), got -0.1",
        assertThrows(IllegalArgumentException.class, () -> c.split(0.1, -0.1)).getMessage());
    assertEquals("validation fraction must be in [0, 1), got NaN",
        assertThrows(IllegalArgumentException.class, () -> c.split(Double.NaN, 0)).getMessage());
    assertEquals("validation and test fractions must sum to less than 1, got 0.6 + 0.4",
        assertThrows(IllegalArgumentException.class, () -> c.split(0.6, 0.4)).getMessage());
  }

  @Test
  void builtInCorpusIsTinyShakespeare() {
    Corpus c = Corpus.builtIn();
    assertEquals(65, c.vocabulary().size());
    assertEquals(1_115_394, c.length());
    assertEquals(byte.class, c.ids().elementType());
    assertEquals("First Citizen:", c.vocabulary().decode(c.all().toArray()).substring(0, 14));
    // The same last-10% validation split as nanoGPT's shakespeare_char: train = int(n * 0.9).
    assertEquals(1_003_854, c.split().train().length());
  }

  @Test
  void aLargeFileLoadsIntoBytes() throws IOException {
    Path file = dir.resolve("large.txt");
    byte[] line = "the quick brown fox jumps over the lazy dog; THE QUICK BROWN FOX!\n"
        .getBytes(StandardCharsets.US_ASCII);
    int lines = 20_000_000 / line.length;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] block = new byte[line.length * 1000];
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(line, 0, block, i * line.length, line.length);
      }
      for (int i = 0; i < lines / 1000; i++) {
        out.write(block);
      }
    }
    Corpus c = Corpus.load(file);
    assertEquals(byte.class, c.ids().elementType());
    assertEquals(lines / 1000 * 1000L * line.length, c.length());
    assertEquals(c.vocabulary().id('\n'), c.token(c.length() - 1));
  }
}
