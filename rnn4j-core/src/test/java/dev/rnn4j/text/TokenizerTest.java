package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  @Test
  void lowerCasesAndDropsPunctuation() {
    assertEquals(List.of("a", "black", "dog", "is", "running", "after", "a", "white", "dog", "in", "the", "snow"),
        Tokenizer.tokenize("A black dog is running after a white dog in the snow ."));
  }

  @Test
  void rawAndPreTokenisedTextGiveTheSameWords() {
    List<String> expected = List.of("a", "man", "s", "t", "shirt");
    assertEquals(expected, Tokenizer.tokenize("A man's T-shirt."));
    assertEquals(expected, Tokenizer.tokenize("a man 's t-shirt ."));
  }

  @Test
  void punctuationGluedToWordsSplitsOff() {
    assertEquals(List.of("hello", "world", "2", "dogs"), Tokenizer.tokenize("\"Hello,world!\"\t(2 dogs)..."));
  }

  @Test
  void keepsLettersOfOtherScriptsAndAccents() {
    assertEquals(List.of("café", "über", "straße"), Tokenizer.tokenize("Café ÜBER Straße"));
    // A decomposed accent (e + U+0301) stays inside its word.
    assertEquals(List.of("cafe\u0301", "noir"), Tokenizer.tokenize("Cafe\u0301 noir"));
  }

  @Test
  void blankOrPunctuationOnlyIsEmpty() {
    assertEquals(List.of(), Tokenizer.tokenize(""));
    assertEquals(List.of(), Tokenizer.tokenize("  . , ! \t"));
  }
}
