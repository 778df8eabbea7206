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

  @Test
  void forTranslationPunctuationIsATokenOfItsOwnAndCaseIsOptional() {
    assertEquals(List.of("two", "young", ",", "white", "males", "."),
        Tokenizer.tokenizeWithPunctuation("Two young, White males.", true));
    assertEquals(List.of("Zwei", "Männer", "(", "im", "Freien", ")", "\u2014", "ok", "!", "!"),
        Tokenizer.tokenizeWithPunctuation("  Zwei\tMänner (im Freien) \u2014 ok!!\u00a0", false));
    assertEquals(List.of("man", "'", "s", "t", "-", "shirt"), Tokenizer.tokenizeWithPunctuation("man's t-shirt", true));
    // a symbol outside the BMP is one token, not two halves; a combining accent stays with its letter
    assertEquals(List.of("\ud83d\ude00", "e\u0301"), Tokenizer.tokenizeWithPunctuation("\ud83d\ude00e\u0301", true));
    assertEquals(List.of(), Tokenizer.tokenizeWithPunctuation(" \t ", true));
  }
}
