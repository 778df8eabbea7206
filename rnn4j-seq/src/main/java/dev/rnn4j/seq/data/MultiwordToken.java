package dev.rnn4j.seq.data;

import java.util.Objects;

/**
 * A CoNLL-U multi-word token (an ID range line such as {@code 1-2 Today's}): one surface token that the
 * treebank splits into the syntactic words {@code first..last}. Kept only so that written CoNLL-U has the
 * same tokens as the input; tags belong to the words.
 *
 * @param first the first word's 1-based ID
 * @param last the last word's 1-based ID, greater than {@code first}
 * @param form the surface form, e.g. {@code didn't}
 */
public record MultiwordToken(int first, int last, String form) {
  public MultiwordToken {
    Objects.requireNonNull(form, "form");
    if (first < 1 || last <= first) {
      throw new IllegalArgumentException("multi-word token range " + first + "-" + last + " is not a range");
    }
  }
}
