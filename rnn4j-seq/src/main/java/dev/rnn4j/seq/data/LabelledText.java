package dev.rnn4j.seq.data;

import java.util.Objects;

/**
 * One example for a sequence classifier: a text and its class.
 *
 * @param text the raw text, untokenised; never empty
 * @param label the class's name, e.g. {@code 1} or {@code de}; never empty
 */
public record LabelledText(String text, String label) {
  public LabelledText {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    if (text.isEmpty() || label.isEmpty()) {
      throw new IllegalArgumentException("labelled text needs a text and a label, got '" + text + "' / '"
          + label + "'");
    }
  }
}
