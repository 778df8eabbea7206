package dev.rnn4j.caption.model;

/**
 * Perplexity of captions under a model: {@code exp(total NLL / predicted tokens)}, where every word and
 * each caption's closing END is a predicted token (START is given, padding is not counted). Batches of 50
 * captions; the result does not depend on the batching, since the state starts at zero per caption.
 */
public final class Perplexity {
  private static final int BATCH = 50;

  private Perplexity() {}

  /** Perplexity of every caption of {@code data}. */
  public static double of(CaptionModel model, EncodedCaptions data) {
    return Math.exp(meanNll(model, data));
  }

  /** Mean cross-entropy per predicted token of every caption of {@code data}, nats: the log of {@link #of}. */
  public static double meanNll(CaptionModel model, EncodedCaptions data) {
    float[][] f = new float[data.size()][];
    for (int i = 0; i < f.length; i++) {
      f[i] = data.featuresOf(i);
    }
    return meanNll(model, data.words(), f);
  }

  /**
   * @param captions word ids of each caption, no START/END
   * @param features the image features of each caption ({@code features[i]} for {@code captions[i]})
   */
  public static double of(CaptionModel model, int[][] captions, float[][] features) {
    return Math.exp(meanNll(model, captions, features));
  }

  /** Mean cross-entropy per predicted token in nats, the log of {@link #of}. */
  public static double meanNll(CaptionModel model, int[][] captions, float[][] features) {
    if (captions.length != features.length) {
      throw new IllegalArgumentException(captions.length + " captions but " + features.length + " feature vectors");
    }
    if (captions.length == 0) {
      throw new IllegalArgumentException("no captions to score");
    }
    CaptionModel m = model.twin();
    double nll = 0;
    long tokens = 0;
    for (int from = 0; from < captions.length; from += BATCH) {
      int n = Math.min(BATCH, captions.length - from);
      int[][] c = new int[n][];
      float[][] f = new float[n][];
      System.arraycopy(captions, from, c, 0, n);
      System.arraycopy(features, from, f, 0, n);
      CaptionBatch b = CaptionBatch.of(c, f);
      nll += m.loss(b);
      tokens += b.tokens();
    }
    return nll / tokens;
  }
}
