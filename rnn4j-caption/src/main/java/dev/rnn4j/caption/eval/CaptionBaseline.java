package dev.rnn4j.caption.eval;

import dev.rnn4j.caption.data.Caption;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The caption-independent baseline: every image gets the most common training caption. A model whose
 * BLEU is not far above this one's does not use the image.
 */
public final class CaptionBaseline {
  private CaptionBaseline() {}

  /** The most frequent training sentence (the first seen among equally frequent ones). */
  public static List<String> mostCommon(List<Caption> train) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training captions");
    }
    Map<List<String>, Integer> counts = new HashMap<>();
    List<String> best = train.get(0).tokens();
    for (Caption c : train) {
      int n = counts.merge(c.tokens(), 1, Integer::sum);
      if (n > counts.get(best)) {
        best = c.tokens();
      }
    }
    return best;
  }

  /** {@code caption} for each of {@code images} images. */
  public static List<List<String>> repeated(List<String> caption, int images) {
    return Collections.nCopies(images, caption);
  }
}
