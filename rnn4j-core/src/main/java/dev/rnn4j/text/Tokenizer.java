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
}
