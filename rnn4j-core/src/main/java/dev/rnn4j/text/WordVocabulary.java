package dev.rnn4j.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a word-level model reads and writes (a captioner, a sentence classifier, a tagger): four special
 * ids, then every training word seen at least {@code minCount} times, most frequent first and alphabetical
 * among equal counts (so equal data give equal ids). Rarer words, and words never seen, map to {@link #UNK}.
 * Immutable. Models that do not generate text simply never use {@link #START} and {@link #END}; keeping one
 * id layout for every model kind is what lets them share this class and its serial form.
 *
 * <p>Serial form, stored in captioning checkpoints and so frozen: a JSON array of all words by id, the specials first,
 * e.g. {@code ["<PAD>","<START>","<END>","<UNK>","a","dog"]}.
 */
public final class WordVocabulary {
  /** Padding after a sentence's end in a batch; never predicted. */
  public static final int PAD = 0;
  /** Fed as the first word; never predicted. */
  public static final int START = 1;
  /** Predicted after the last word; ends a sentence. */
  public static final int END = 2;
  /** Any word outside the vocabulary. */
  public static final int UNK = 3;

  private static final List<String> SPECIALS = List.of("<PAD>", "<START>", "<END>", "<UNK>");

  private final String[] words;
  private final Map<String, Integer> ids = new HashMap<>();

  private WordVocabulary(List<String> words) {
    this.words = words.toArray(String[]::new);
    for (int i = 0; i < this.words.length; i++) {
      if (ids.put(this.words[i], i) != null) {
        throw new IllegalArgumentException("word vocabulary lists '" + this.words[i] + "' twice");
      }
    }
  }

  /**
   * The words of the {@code train} sentences (each a list of tokens) seen at least {@code minCount} times
   * (neuraltalk's {@code word_count_threshold}, typically 5). Tokens that spell a special ({@code <UNK>}) are
   * not added a second time.
   */
  public static WordVocabulary build(Iterable<? extends List<String>> train, int minCount) {
    if (minCount < 1) {
      throw new IllegalArgumentException("minimum word count must be at least 1, got " + minCount);
    }
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> sentence : train) {
      for (String w : sentence) {
        counts.merge(w, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> kept = new ArrayList<>();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() >= minCount && !SPECIALS.contains(e.getKey())) {
        kept.add(e);
      }
    }
    kept.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> words = new ArrayList<>(SPECIALS);
    kept.forEach(e -> words.add(e.getKey()));
    return new WordVocabulary(words);
  }

  /** Number of ids, the four specials included. */
  public int size() {
    return words.length;
  }

  /** The id of {@code word}, or {@link #UNK}. */
  public int id(String word) {
    return ids.getOrDefault(word, UNK);
  }

  /** The word of {@code id}; the specials read {@code <PAD> <START> <END> <UNK>}. */
  public String word(int id) {
    if (id < 0 || id >= words.length) {
      throw new IllegalArgumentException("word id " + id + " is outside 0.." + (words.length - 1));
    }
    return words[id];
  }

  /** The ids of {@code tokens}, unknown words as {@link #UNK}; no START or END added. */
  public int[] encode(List<String> tokens) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = id(tokens.get(i));
    }
    return out;
  }

  /** The words of {@code ids} up to the first {@link #END}, skipping START and PAD; UNK reads {@code <UNK>}. */
  public List<String> decode(int[] ids) {
    List<String> out = new ArrayList<>();
    for (int id : ids) {
      if (id == END) {
        break;
      }
      if (id != START && id != PAD) {
        out.add(word(id));
      }
    }
    return out;
  }

  /** The serial form (see the class comment). */
  public String serialize() {
    try {
      return new ObjectMapper().writeValueAsString(words);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write word vocabulary", e);
    }
  }

  /**
   * The vocabulary of a serial form.
   *
   * @throws IllegalArgumentException when it is not a JSON array of distinct strings that starts with the
   *     four specials
   */
  public static WordVocabulary parse(String serial) {
    String[] words;
    try {
      words = new ObjectMapper().readValue(serial, String[].class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("word vocabulary is not a JSON array of strings: "
          + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    }
    if (words == null || words.length < SPECIALS.size()
        || !Arrays.asList(words).subList(0, SPECIALS.size()).equals(SPECIALS)) {
      throw new IllegalArgumentException("word vocabulary must start with " + SPECIALS);
    }
    for (String w : words) {
      if (w == null || w.isEmpty()) {
        throw new IllegalArgumentException("word vocabulary holds an empty or null word");
      }
    }
    return new WordVocabulary(List.of(words));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WordVocabulary v && Arrays.equals(words, v.words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return "WordVocabulary[" + words.length + " words]";
  }
}
