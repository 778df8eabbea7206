package dev.rnn4j.caption.model;

/**
 * Captions as word ids with the features of their images: caption i has words {@code words[i]} (no
 * START/END) and image {@code image[i]}, whose feature vector is {@code features[image[i]]}. Several
 * captions may share an image.
 */
public record EncodedCaptions(int[][] words, int[] image, float[][] features) {
  public EncodedCaptions {
    if (words.length != image.length) {
      throw new IllegalArgumentException(words.length + " captions but " + image.length + " image indices");
    }
    if (features.length == 0 && words.length > 0) {
      throw new IllegalArgumentException("captions without any image features");
    }
    int width = features.length == 0 ? 0 : features[0].length;
    for (int i = 0; i < features.length; i++) {
      if (features[i].length != width) {
        throw new IllegalArgumentException("feature vector " + i + " has width " + features[i].length + ", not " + width);
      }
    }
    for (int i = 0; i < image.length; i++) {
      if (image[i] < 0 || image[i] >= features.length) {
        throw new IllegalArgumentException("caption " + i + " names image " + image[i] + " of " + features.length);
      }
    }
  }

  public int size() {
    return words.length;
  }

  /** Width of every feature vector (0 when there are none). */
  public int featureWidth() {
    return features.length == 0 ? 0 : features[0].length;
  }

  /** The features of caption i's image. */
  public float[] featuresOf(int i) {
    return features[image[i]];
  }

  /** The captions {@code indices[from, from + n)} as one padded batch. */
  public CaptionBatch batch(int[] indices, int from, int n) {
    int[][] w = new int[n][];
    float[][] f = new float[n][];
    for (int k = 0; k < n; k++) {
      w[k] = words[indices[from + k]];
      f[k] = featuresOf(indices[from + k]);
    }
    return CaptionBatch.of(w, f);
  }
}
