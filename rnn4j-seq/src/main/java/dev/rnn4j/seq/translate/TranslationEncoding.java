package dev.rnn4j.seq.translate;

import dev.rnn4j.text.BytePairEncoding;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.WordVocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * From raw lines to token ids and back, for both languages, so that a user never tokenises by hand:
 * optionally lower-case, split into words with punctuation kept as tokens
 * ({@link Tokenizer#tokenizeWithPunctuation}), then either look words up in a vocabulary of the training
 * text's words seen at least {@code minCount} times (the rest are {@code <UNK>}), or first split them into
 * subword units learned from the training text by byte-pair encoding (Sennrich et al. 2016), so that a rare
 * word is spelled out of known pieces instead of being lost. Each language has its own units and vocabulary.
 * Translations are compared (BLEU) on the words of this tokenisation: subword units are joined back first.
 */
public final class TranslationEncoding {
  private final boolean lowercase;
  private final Side source;
  private final Side target;

  /** One language: its optional subword splitter and its vocabulary (of words, or of units). */
  record Side(BytePairEncoding bpe, WordVocabulary vocabulary) {
    List<String> units(List<String> words) {
      return bpe == null ? words : bpe.encode(words);
    }

    String bpeSerial() {
      return bpe == null ? "" : bpe.serialize();
    }
  }

  TranslationEncoding(boolean lowercase, Side source, Side target) {
    this.lowercase = lowercase;
    this.source = source;
    this.target = target;
  }

  /**
   * Learns both languages' vocabularies from aligned training lines.
   *
   * @param merges byte-pair merges to learn per language; 0 for whole words
   */
  public static TranslationEncoding learn(List<String> sourceLines, List<String> targetLines, boolean lowercase,
                                          int minCount, int merges) {
    return new TranslationEncoding(lowercase, side(sourceLines, lowercase, minCount, merges),
        side(targetLines, lowercase, minCount, merges));
  }

  private static Side side(List<String> lines, boolean lowercase, int minCount, int merges) {
    List<List<String>> words = new ArrayList<>(lines.size());
    for (String line : lines) {
      words.add(Tokenizer.tokenizeWithPunctuation(line, lowercase));
    }
    BytePairEncoding bpe = merges > 0 ? BytePairEncoding.learn(words, merges) : null;
    List<List<String>> units = words;
    if (bpe != null) {
      units = new ArrayList<>(words.size());
      for (List<String> w : words) {
        units.add(bpe.encode(w));
      }
    }
    return new Side(bpe, WordVocabulary.build(units, minCount));
  }

  /** Rebuilds an encoding from its serial parts (a checkpoint's metadata). */
  public static TranslationEncoding parse(boolean lowercase, String sourceBpe, String sourceVocabulary,
                                          String targetBpe, String targetVocabulary) {
    return new TranslationEncoding(lowercase,
        new Side(sourceBpe.isEmpty() ? null : BytePairEncoding.parse(sourceBpe), WordVocabulary.parse(sourceVocabulary)),
        new Side(targetBpe.isEmpty() ? null : BytePairEncoding.parse(targetBpe), WordVocabulary.parse(targetVocabulary)));
  }

  public boolean lowercase() {
    return lowercase;
  }

  /** Whether words are split into learned subword units. */
  public boolean subwords() {
    return source.bpe() != null;
  }

  /** The words of a line as BLEU and the user see them (this tokenisation; no subword splitting). */
  public List<String> words(String line) {
    return Tokenizer.tokenizeWithPunctuation(line, lowercase);
  }

  /** The source line's tokens as the model reads them (words, or subword units). */
  public List<String> sourceUnits(String line) {
    return source.units(words(line));
  }

  public int[] encodeSource(String line) {
    return source.vocabulary().encode(sourceUnits(line));
  }

  public int[] encodeTarget(String line) {
    return target.vocabulary().encode(target.units(words(line)));
  }

  /** The target tokens of {@code ids} (units, not joined). */
  public List<String> targetUnits(int[] ids) {
    return target.vocabulary().decode(ids);
  }

  /** The words a translation's ids spell (subword units joined). */
  public List<String> targetWords(int[] ids) {
    List<String> units = targetUnits(ids);
    return target.bpe() == null ? units : BytePairEncoding.decode(units);
  }

  public WordVocabulary sourceVocabulary() {
    return source.vocabulary();
  }

  public WordVocabulary targetVocabulary() {
    return target.vocabulary();
  }

  String sourceBpeSerial() {
    return source.bpeSerial();
  }

  String targetBpeSerial() {
    return target.bpeSerial();
  }

  /** Merges learned per language (0: whole words). */
  public int merges() {
    return source.bpe() == null ? 0 : source.bpe().size();
  }

  /** A training or dev pair from two aligned lines. */
  public SentencePair pair(String sourceLine, String targetLine) {
    return new SentencePair(encodeSource(sourceLine), encodeTarget(targetLine));
  }
}
