package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VocabularyTest {
  private static final String TEXT = "hello é€😀 world";

  @Test
  void symbolsAreSortedAndIdsAreRanks() {
    Vocabulary v = Corpus.fromString("cabbage").vocabulary();
    assertEquals(Vocabulary.Kind.CODE_POINTS, v.kind());
    assertEquals(5, v.size());
    assertArrayEquals(new int[] {'a', 'b', 'c', 'e', 'g'},
        new int[] {v.symbol(0), v.symbol(1), v.symbol(2), v.symbol(3), v.symbol(4)});
    assertEquals(2, v.id('c'));
    assertEquals(-1, v.id('z'));
    assertArrayEquals(new int[] {2, 0, 1, 1, 0, 4, 3}, v.encode("cabbage"));
  }

  @Test
  void serialFormRoundTripsAndIsStable() {
    Vocabulary v = Corpus.fromString(TEXT).vocabulary();
    String serial = v.serialize();
    assertEquals("code_points:32,100,101,104,108,111,114,119,233,8364,128512", serial);
    assertEquals(v, Vocabulary.parse(serial));

    Vocabulary bytes = Vocabulary.of(Vocabulary.Kind.BYTES, 0, 10, 255);
    assertEquals("bytes:0,10,255", bytes.serialize());
    assertEquals(bytes, Vocabulary.parse("bytes:0,10,255"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "words:1,2", "code_points", "code_points:", "code_points:1,,2",
      "code_points:2,1", "code_points:1,1", "bytes:256", "code_points:55296", "code_points:-1", "code_points:a",
      "code_points: 1", "code_points:99999999999"})
  void malformedSerialFormIsRefusedClearly(String serial) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.parse(serial));
    assertEquals(true, e.getMessage().startsWith("malformed vocabulary \""), e.getMessage());
  }

  @Test
  void unknownSymbolsAreListedReadably() {
    Vocabulary v = Corpus.fromString("abc\n").vocabulary();
    assertArrayEquals(new int[] {'Z', 0xE9}, v.unknownSymbols("abZcéZ"));
    assertArrayEquals(new int[0], v.unknownSymbols("cab\n"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("abZcé\t"));
    assertEquals("the vocabulary lacks 3 symbols: U+0009, 'Z', U+00E9 'é'", e.getMessage());
    assertEquals("0xE9", Vocabulary.of(Vocabulary.Kind.BYTES, 1).describe(0xE9));
  }

  @Test
  void writeStreamsUtf8OrRawBytes() throws IOException {
    Vocabulary v = Corpus.fromString(TEXT).vocabulary();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int id : v.encode(TEXT)) {
      v.write(id, out);
    }
    assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_8), out.toByteArray());
    assertEquals(TEXT, v.decode(v.encode(TEXT)));

    Vocabulary bytes = Vocabulary.of(Vocabulary.Kind.BYTES, 0x41, 0xE9);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    bytes.write(1, raw);
    bytes.write(0, raw);
    assertArrayEquals(new byte[] {(byte) 0xE9, 0x41}, raw.toByteArray());
  }

  @Test
  void byteVocabularyEncodesUtf8BytesOfAString() {
    Vocabulary v = Vocabulary.of(Vocabulary.Kind.BYTES, 'a', 0xA9, 0xC3);
    assertArrayEquals(new int[] {0, 2, 1}, v.encode("aé"));
    assertEquals("aé", v.decode(0, 2, 1));
  }
}
