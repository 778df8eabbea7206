package dev.rnn4j.caption.eval;

import dev.rnn4j.caption.data.CaptionSet;
import dev.rnn4j.caption.data.ImageFeatures;
import dev.rnn4j.caption.data.MatchReport;
import dev.rnn4j.caption.data.Subset;
import dev.rnn4j.caption.model.EncodedCaptions;
import dev.rnn4j.text.WordVocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One subset of a caption set as the model sees it: the captions of every image that has features,
 * encoded with a word vocabulary, and per image its features and reference sentences. Captions of images
 * without features cannot be trained or scored; they are left out and reported ({@link #match()}), which
 * is not an error.
 */
public final class CaptionDataset {
  private final Subset subset;
  private final EncodedCaptions encoded;
  private final List<String> images;
  private final List<List<List<String>>> references;
  private final MatchReport match;
  private final int skippedCaptions;

  private CaptionDataset(Subset subset, EncodedCaptions encoded, List<String> images,
                         List<List<List<String>>> references, MatchReport match, int skippedCaptions) {
    this.subset = subset;
    this.encoded = encoded;
    this.images = images;
    this.references = references;
    this.match = match;
    this.skippedCaptions = skippedCaptions;
  }

  /**
   * The captions of {@code subset} whose images have features.
   *
   * @param expectedWidth the feature width the model expects, or 0 to accept the features' own
   * @throws IllegalArgumentException when the features have another width than expected
   */
  public static CaptionDataset of(CaptionSet set, Subset subset, ImageFeatures features, WordVocabulary vocabulary,
                                  int expectedWidth) {
    if (expectedWidth > 0) {
      features.requireWidth(expectedWidth);
    }
    Map<String, List<List<String>>> refs = set.references(subset);
    MatchReport match = features.match(refs.keySet());
    List<String> images = new ArrayList<>();
    List<List<List<String>>> references = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    List<int[]> words = new ArrayList<>();
    List<Integer> imageOf = new ArrayList<>();
    int skipped = 0;
    for (Map.Entry<String, List<List<String>>> e : refs.entrySet()) {
      float[] v = features.get(e.getKey());
      if (v == null) {
        skipped += e.getValue().size();
        continue;
      }
      int index = images.size();
      images.add(e.getKey());
      references.add(e.getValue());
      vectors.add(v);
      for (List<String> sentence : e.getValue()) {
        words.add(vocabulary.encode(sentence));
        imageOf.add(index);
      }
    }
    int[] image = new int[imageOf.size()];
    for (int i = 0; i < image.length; i++) {
      image[i] = imageOf.get(i);
    }
    EncodedCaptions encoded = new EncodedCaptions(words.toArray(new int[0][]), image, vectors.toArray(new float[0][]));
    return new CaptionDataset(subset, encoded, Collections.unmodifiableList(images),
        Collections.unmodifiableList(references), match, skipped);
  }

  public Subset subset() {
    return subset;
  }

  /** The captions as word ids with their images' features. */
  public EncodedCaptions encoded() {
    return encoded;
  }

  /** The images with features, in order of appearance; image i has features {@code encoded().features()[i]}. */
  public List<String> images() {
    return images;
  }

  /** The reference sentences of image i. */
  public List<List<List<String>>> references() {
    return references;
  }

  /** Which images of the subset have features. */
  public MatchReport match() {
    return match;
  }

  /** Captions left out because their image has no features. */
  public int skippedCaptions() {
    return skippedCaptions;
  }

  public boolean isEmpty() {
    return images.isEmpty();
  }
}
