package dev.rnn4j.caption.data;

import java.util.List;

/**
 * How many images of a caption set have feature vectors.
 *
 * @param matched images with a vector
 * @param missing images without one, in the order asked
 */
public record MatchReport(int matched, List<String> missing) {
  public MatchReport {
    missing = List.copyOf(missing);
  }

  /** Whether every image has a vector. */
  public boolean complete() {
    return missing.isEmpty();
  }

  /** A one-line summary, e.g. {@code 998 of 1000 images have features; missing: a.jpg, b.jpg}. */
  public String summary() {
    String s = matched + " of " + (matched + missing.size()) + " images have features";
    if (missing.isEmpty()) {
      return s;
    }
    List<String> shown = missing.subList(0, Math.min(5, missing.size()));
    return s + "; missing: " + String.join(", ", shown) + (missing.size() > shown.size()
        ? " and " + (missing.size() - shown.size()) + " more" : "");
  }
}
