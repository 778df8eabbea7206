package dev.rnn4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a sentence into words: lower-cased (root locale), a word is a maximal run of letters and digits,
 * and everything else (spaces, punctuation, apostrophes, hyphens) separates words and is dropped.
 *
 * <p>Any word-level model may use it; captioning is why it is this way. Dropping punctuation follows
 * neuraltalk and neuraltalk2, whose preprocessing keeps only alphanumeric words, and Karpathy's {@code dataset.json}, whose {@code tokens} carry no punctuation: a model then never
 * spends its words on a full stop, and BLEU, which must see candidates and references tokenised alike,
 * compares words only. One rule for raw and pre-tokenised text: {@code "man's t-shirt."} and Flickr8k's
 * {@code "man 's t-shirt ."} both give {@code [man, s, t, shirt]}.
 */
public final class Tokenizer {
  private Tokenizer() {}

  /** The words of {@code sentence}; empty when it has no letters or digits. */
  public static List<String> tokenize(String sentence) {
    List<String> words = new ArrayList<>();
    String s = sentence.toLowerCase(Locale.ROOT);
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      // A combining accent (a decomposed "é") belongs to the word it follows.
      int type = Character.getType(cp);
      boolean word = Character.isLetterOrDigit(cp)
          || start >= 0 && (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK);
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        words.add(s.substring(start, i));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      words.add(s.substring(start));
    }
    return words;
  }

  /**
   * The tokens of {@code sentence} for translation, where punctuation carries meaning and BLEU counts it
   * (as the Moses tokenizer's output does): words are the same runs of letters and digits as
   * {@link #tokenize}'s, and every other code point that is not white space is a token of its own
   * ({@code "Two young, White males."} gives {@code [two, young, ",", white, males, "."]} when lower-cased).
   */
  public static List<String> tokenizeWithPunctuation(String sentence, boolean lowercase) {
    List<String> tokens = new ArrayList<>();
    String s = lowercase ? sentence.toLowerCase(Locale.ROOT) : sentence;
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int type = Character.getType(cp);
      boolean word = Character.isLetterOrDigit(cp)
          || start >= 0 && (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK);
      if (!word && start >= 0) {
        tokens.add(s.substring(start, i));
        start = -1;
      }
      if (word && start < 0) {
        start = i;
      } else if (!word && !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
        tokens.add(new String(Character.toChars(cp)));
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      tokens.add(s.substring(start));
    }
    return tokens;
  }
}
