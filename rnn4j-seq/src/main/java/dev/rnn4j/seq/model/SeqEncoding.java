package dev.rnn4j.seq.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.WordVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * How text becomes {@link Example}s for one model, and back: the word vocabulary (lower-cased words with a
 * minimum count, {@code <UNK>} for the rest), the character vocabulary (code points, the same rule), and the
 * label set (sorted). Stored in the checkpoint, so that a model reads new text exactly as it read its
 * training data.
 *
 * <p>A classifier's text is split into words by the core {@link Tokenizer} (lower-cased runs of letters and
 * digits); a character classifier reads the text's code points as they are. A tagger's words are given
 * (CoNLL-U forms): its word embedding reads them lower-cased, its character RNN as written, so case still
 * informs the tag (proper nouns) without splitting the vocabulary.
 */
public final class SeqEncoding {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SeqKind kind;
  private final InputKind input;
  private final WordVocabulary words;
  private final WordVocabulary chars;
  private final List<String> labels;

  public SeqEncoding(SeqKind kind, InputKind input, WordVocabulary words, WordVocabulary chars, List<String> labels) {
    if (input.usesWordEmbedding() != (words != null)) {
      throw new IllegalArgumentException("a word vocabulary is needed exactly when words are embedded");
    }
    if (labels == null || labels.stream().anyMatch(l -> l == null)) {
      throw new IllegalArgumentException("labels must be a list of strings, without null");
    }
    if (new HashSet<>(labels).size() != labels.size()) {
      throw new IllegalArgumentException("labels " + labels + " name a class twice");
    }
    if (labels.size() < 2) {
      throw new IllegalArgumentException("the training data has " + labels.size() + " label(s) " + labels
          + "; a " + (kind == SeqKind.TAGGER ? "tagger" : "classifier") + " needs at least two");
    }
    this.kind = kind;
    this.input = input;
    this.words = words;
    this.chars = chars;
    this.labels = List.copyOf(labels);
  }

  /** Builds the vocabularies and the label set from a classifier's training texts and labels. */
  public static SeqEncoding forClassifier(List<String> texts, List<String> textLabels, InputKind input, int minCount) {
    List<List<String>> tokenised = new ArrayList<>();
    for (String t : texts) {
      tokenised.add(input == InputKind.CHARS ? List.of(t) : Tokenizer.tokenize(t));
    }
    WordVocabulary words = input.usesWordEmbedding() ? WordVocabulary.build(tokenised, minCount) : null;
    WordVocabulary chars = WordVocabulary.build(characterLists(tokenised), minCount);
    return new SeqEncoding(SeqKind.CLASSIFIER, input, words, chars, sortedLabels(textLabels));
  }

  /** Builds the vocabularies and the tag set from a tagger's training sentences (words and their tags). */
  public static SeqEncoding forTagger(List<List<String>> sentences, List<List<String>> tags, InputKind input,
                                      int minCount) {
    List<List<String>> lower = new ArrayList<>();
    for (List<String> s : sentences) {
      lower.add(lowerCase(s));
    }
    WordVocabulary words = input.usesWordEmbedding() ? WordVocabulary.build(lower, minCount) : null;
    WordVocabulary chars = WordVocabulary.build(characterLists(sentences), minCount);
    List<String> all = new ArrayList<>();
    tags.forEach(all::addAll);
    return new SeqEncoding(SeqKind.TAGGER, input, words, chars, sortedLabels(all));
  }

  public SeqKind kind() {
    return kind;
  }

  public InputKind input() {
    return input;
  }

  /** Word vocabulary size, 0 without word input. */
  public int wordVocabSize() {
    return words == null ? 0 : words.size();
  }

  public int charVocabSize() {
    return chars.size();
  }

  public List<String> labels() {
    return labels;
  }

  public String label(int id) {
    return labels.get(id);
  }

  /** The id of a label; a label the training data never had is an error that names it. */
  public int labelId(String label) {
    int i = labels.indexOf(label);
    if (i < 0) {
      throw new IllegalArgumentException((kind == SeqKind.TAGGER ? "tag '" : "label '") + label
          + "' was not in the training data (known: " + String.join(", ", labels) + ")");
    }
    return i;
  }

  /** A classifier's example; {@code label} null when unknown. Text without a word reads as one {@code <UNK>}. */
  public Example classifierExample(String text, String label) {
    int y = label == null ? -1 : labelId(label);
    if (input == InputKind.CHARS) {
      int[] ids = charIds(text);
      return new Example(ids.length == 0 ? new int[] {WordVocabulary.UNK} : ids, null, y, null);
    }
    List<String> tokens = Tokenizer.tokenize(text);
    if (tokens.isEmpty()) {
      tokens = List.of(" ");
    }
    return wordExample(tokens, tokens, y, null);
  }

  /** A tagger's example; {@code tags} null when unknown. */
  public Example taggerExample(List<String> forms, List<String> tags) {
    if (forms.isEmpty()) {
      throw new IllegalArgumentException("a sentence without words");
    }
    int[] t = null;
    if (tags != null) {
      t = new int[tags.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = labelId(tags.get(i));
      }
    }
    return wordExample(lowerCase(forms), forms, -1, t);
  }

  private Example wordExample(List<String> embedded, List<String> spelled, int label, int[] tags) {
    int[] ids = new int[embedded.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = words == null ? WordVocabulary.UNK : words.id(embedded.get(i));
    }
    int[][] wc = null;
    if (input.usesWordCharacters(kind)) {
      wc = new int[ids.length][];
      for (int i = 0; i < ids.length; i++) {
        wc[i] = charIds(spelled.get(i));
        if (wc[i].length == 0) {
          wc[i] = new int[] {WordVocabulary.UNK};
        }
      }
    }
    return new Example(ids, wc, label, tags);
  }

  private int[] charIds(String s) {
    return s.codePoints().map(cp -> chars.id(new String(Character.toChars(cp)))).toArray();
  }

  /** The word vocabulary's serial form, "" without word input. */
  public String wordsSerial() {
    return words == null ? "" : words.serialize();
  }

  public String charsSerial() {
    return chars.serialize();
  }

  public String labelsSerial() {
    try {
      return JSON.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rebuilds an encoding from its serial parts (as a checkpoint stores them). */
  public static SeqEncoding parse(SeqKind kind, InputKind input, String words, String chars, String labels) {
    try {
      String[] names = JSON.readValue(labels, String[].class);
      return new SeqEncoding(kind, input, words.isEmpty() ? null : WordVocabulary.parse(words),
          WordVocabulary.parse(chars), names == null ? null : Arrays.asList(names));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("labels are not a JSON list of strings: " + e.getOriginalMessage());
    }
  }

  private static List<String> sortedLabels(List<String> all) {
    return new ArrayList<>(new TreeSet<>(all));
  }

  private static List<String> lowerCase(List<String> words) {
    List<String> out = new ArrayList<>(words.size());
    for (String w : words) {
      out.add(w.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static List<List<String>> characterLists(List<? extends List<String>> texts) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> t : texts) {
      List<String> cs = new ArrayList<>();
      for (String w : t) {
        w.codePoints().forEach(cp -> cs.add(new String(Character.toChars(cp))));
      }
      out.add(cs);
    }
    return out;
  }
}
