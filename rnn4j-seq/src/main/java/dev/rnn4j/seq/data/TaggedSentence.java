package dev.rnn4j.seq.data;

import java.util.List;
import java.util.Objects;

/**
 * One sentence for a tagger: its syntactic words with a universal (UPOS) and a language-specific (XPOS) tag
 * each. CoNLL-U writes an absent tag as {@code _}, and so does this record; every list has one entry a word.
 *
 * @param forms the words, in order; never empty
 * @param upos the universal part-of-speech tags, e.g. {@code NOUN}
 * @param xpos the language-specific tags, e.g. {@code NN}, or {@code _} each where the treebank has none
 * @param sentId the {@code # sent_id} comment's value, or {@code null}
 * @param text the {@code # text} comment's value (the untokenised sentence), or {@code null}
 * @param multiwordTokens the multi-word tokens over these words, in order; usually empty
 */
public record TaggedSentence(List<String> forms, List<String> upos, List<String> xpos, String sentId, String text,
    List<MultiwordToken> multiwordTokens) {
  /** The tag written for an absent tag. */
  public static final String NO_TAG = "_";

  public TaggedSentence {
    forms = List.copyOf(forms);
    upos = List.copyOf(upos);
    xpos = List.copyOf(xpos);
    multiwordTokens = List.copyOf(multiwordTokens);
    if (forms.isEmpty()) {
      throw new IllegalArgumentException("a tagged sentence needs at least one word");
    }
    if (upos.size() != forms.size() || xpos.size() != forms.size()) {
      throw new IllegalArgumentException("a tagged sentence needs one tag a word: " + forms.size() + " words, "
          + upos.size() + " UPOS, " + xpos.size() + " XPOS");
    }
    for (MultiwordToken m : multiwordTokens) {
      if (m.last() > forms.size()) {
        throw new IllegalArgumentException("multi-word token " + m.first() + "-" + m.last() + " ends after word "
            + forms.size());
      }
    }
  }

  /** Words without tags (to be predicted), every tag {@code _}; e.g. a line of plain tokenised text. */
  public static TaggedSentence untagged(List<String> forms) {
    List<String> none = forms.stream().map(f -> NO_TAG).toList();
    return new TaggedSentence(forms, none, none, null, null, List.of());
  }

  /** This sentence with its tags replaced, e.g. by predictions; comments and multi-word tokens are kept. */
  public TaggedSentence withTags(List<String> newUpos, List<String> newXpos) {
    return new TaggedSentence(forms, Objects.requireNonNull(newUpos, "upos"), Objects.requireNonNull(newXpos,
        "xpos"), sentId, text, multiwordTokens);
  }

  /** Number of words. */
  public int size() {
    return forms.size();
  }
}
