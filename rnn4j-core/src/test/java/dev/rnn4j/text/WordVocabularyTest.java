package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordVocabularyTest {
  private static List<String> c(String text) {
    return Tokenizer.tokenize(text);
  }

  private final List<List<String>> train = List.of(c("a dog runs"), c("a cat runs"), c("a dog sits"), c("the zebra"));

  @Test
  void specialsFirstThenByCountThenAlphabetically() {
    WordVocabulary v = WordVocabulary.build(train, 1);
    // a:3, dog:2, runs:2, then cat, sits, the, zebra once each.
    List<String> expected = List.of("<PAD>", "<START>", "<END>", "<UNK>", "a", "dog", "runs", "cat", "sits", "the",
        "zebra");
    assertEquals(expected.size(), v.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), v.word(i));
    }
    assertEquals(0, WordVocabulary.PAD);
    assertEquals(1, WordVocabulary.START);
    assertEquals(2, WordVocabulary.END);
    assertEquals(3, WordVocabulary.UNK);
  }

  @Test
  void buildsFromAnyTokenListsAndNeverRepeatsASpecial() {
    // A tagger's words keep their case and punctuation; a token spelling "<UNK>" is the special, not a word.
    WordVocabulary v = WordVocabulary.build(List.of(List.of("The", "dog", "."), List.of("<UNK>", "dog")), 1);
    assertEquals(List.of("dog", ".", "The"), List.of(v.word(4), v.word(5), v.word(6)));
    assertEquals(7, v.size());
    assertEquals(WordVocabulary.UNK, v.id("<UNK>"));
    assertEquals(WordVocabulary.UNK, v.id("the"));
  }

  @Test
  void rareWordsBecomeUnknown() {
    WordVocabulary v = WordVocabulary.build(train, 2);
    assertEquals(7, v.size()); // specials + a, dog, runs
    assertEquals(WordVocabulary.UNK, v.id("cat"));
    assertEquals(WordVocabulary.UNK, v.id("never-seen"));
    assertArrayEquals(new int[] {4, 3, 6}, v.encode(List.of("a", "cat", "runs")));
  }

  @Test
  void decodeStopsAtEndAndSkipsStartAndPad() {
    WordVocabulary v = WordVocabulary.build(train, 2);
    int[] ids = {WordVocabulary.START, 4, 5, WordVocabulary.PAD, WordVocabulary.UNK, WordVocabulary.END, 6};
    assertEquals(List.of("a", "dog", "<UNK>"), v.decode(ids));
    assertEquals(List.of("a", "dog", "runs"), v.decode(v.encode(List.of("a", "dog", "runs"))));
    assertThrows(IllegalArgumentException.class, () -> v.word(7));
  }

  @Test
  void serialFormRoundTrips() {
    WordVocabulary v = WordVocabulary.build(train, 1);
    String s = v.serialize();
    assertEquals("[\"<PAD>\",\"<START>\",\"<END>\",\"<UNK>\",\"a\",\"dog\",\"runs\",\"cat\",\"sits\",\"the\",\"zebra\"]", s);
    WordVocabulary back = WordVocabulary.parse(s);
    assertEquals(v, back);
    assertEquals(v.id("zebra"), back.id("zebra"));
  }

  @Test
  void badSerialFormsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> WordVocabulary.parse("not json"));
    assertThrows(IllegalArgumentException.class, () -> WordVocabulary.parse("[\"a\",\"b\"]"));
    assertThrows(IllegalArgumentException.class,
        () -> WordVocabulary.parse("[\"<PAD>\",\"<START>\",\"<END>\",\"<UNK>\",\"a\",\"a\"]"));
    assertThrows(IllegalArgumentException.class, () -> WordVocabulary.build(train, 0));
    // A null anywhere (a damaged or crafted checkpoint) is refused the same way, not a NullPointerException.
    assertThrows(IllegalArgumentException.class, () -> WordVocabulary.parse("null"));
    assertThrows(IllegalArgumentException.class,
        () -> WordVocabulary.parse("[\"<PAD>\",\"<START>\",\"<END>\",\"<UNK>\",null]"));
    assertThrows(IllegalArgumentException.class, () -> WordVocabulary.parse("[null,\"<START>\",\"<END>\",\"<UNK>\"]"));
    assertThrows(IllegalArgumentException.class,
        () -> WordVocabulary.parse("[\"<PAD>\",\"<START>\",\"<END>\",\"<UNK>\",\"\"]"));
  }
}
