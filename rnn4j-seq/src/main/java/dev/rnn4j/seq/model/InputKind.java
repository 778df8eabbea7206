package dev.rnn4j.seq.model;

import java.util.Locale;

/**
 * What a model reads. {@link #CHARS}: characters; a classifier runs its recurrent layers over the text's
 * characters, a tagger builds each word from its characters alone. {@link #WORDS}: a word embedding per word
 * (a vocabulary with a minimum count and {@code <UNK>}). {@link #BOTH}: each word is its embedding
 * concatenated with its characters read by a small bidirectional character RNN, the usual tagger recipe
 * (Ling et al. 2015, Plank et al. 2016): the characters give unseen words a representation.
 */
public enum InputKind {
  CHARS, WORDS, BOTH;

  public static InputKind parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown input '" + s + "' (expected chars, words or both)");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether words are read through their characters. */
  public boolean usesWordCharacters(SeqKind kind) {
    return this == BOTH || this == CHARS && kind == SeqKind.TAGGER;
  }

  /** Whether the recurrent layers step over words (else over characters: a character classifier). */
  public boolean stepsOverWords(SeqKind kind) {
    return this != CHARS || kind == SeqKind.TAGGER;
  }

  /** Whether a word embedding is part of the input. */
  public boolean usesWordEmbedding() {
    return this != CHARS;
  }
}
