package dev.rnn4j.seq.model;

import java.util.Locale;

/**
 * The two shapes of the lecture this module adds: a classifier reads a whole sequence and emits one label
 * (many to one); a tagger emits a label for every token (synchronised many to many).
 */
public enum SeqKind {
  CLASSIFIER("classify"),
  TAGGER("tag");

  private final String id;

  SeqKind(String id) {
    this.id = id;
  }

  /** The checkpoint's {@code rnn4j.kind} and the command's name: {@code classify} or {@code tag}. */
  public String id() {
    return id;
  }

  public static SeqKind parse(String s) {
    for (SeqKind k : values()) {
      if (k.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown model kind '" + s + "' (expected classify or tag)");
  }
}
