package dev.rnn4j.caption.data;

import java.util.List;
import java.util.Objects;

/**
 * One reference sentence of one image, already tokenised by {@link dev.rnn4j.text.Tokenizer}; never empty.
 *
 * @param image the image's name as features are keyed, e.g. {@code 1000268201_693b08cb0e.jpg}
 * @param tokens the words, lower-case, without punctuation; an unmodifiable copy
 */
public record Caption(String image, List<String> tokens) {
  public Caption {
    Objects.requireNonNull(image, "image");
    tokens = List.copyOf(tokens);
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("caption of " + image + " has no words");
    }
  }

  /** The words joined by single spaces, as the sentence is shown and scored. */
  public String text() {
    return String.join(" ", tokens);
  }
}
