package dev.rnn4j.caption.model;

import dev.rnn4j.nn.SoftmaxCrossEntropy;

/**
 * B captions with their images' features, laid out as one padded window for {@link CaptionModel}.
 *
 * <p>Caption b has words {@code w_1..w_Lb} (ids, without START or END). The window has
 * {@code S = max_b Lb + 1} predicted steps; rows are time-major ({@code t*B + b}):
 * {@code inputs = START, w_1, ..., w_Lb, PAD, ...} and {@code targets = w_1, ..., w_Lb, END, IGNORE, ...},
 * so every word and the closing END is predicted once and padding predicts nothing.
 */
public final class CaptionBatch {
  private final int size;
  private final int steps;
  private final int featureWidth;
  private final int[] inputs;
  private final int[] targets;
  private final float[] features;
  private final int tokens;

  private CaptionBatch(int size, int steps, int featureWidth, int[] inputs, int[] targets, float[] features,
                       int tokens) {
    this.size = size;
    this.steps = steps;
    this.featureWidth = featureWidth;
    this.inputs = inputs;
    this.targets = targets;
    this.features = features;
    this.tokens = tokens;
  }

  /**
   * Lays out {@code captions[b]} (word ids, no START/END) with image features {@code features[b]}.
   *
   * @throws IllegalArgumentException when the counts differ, the feature widths differ, or a caption holds
   *     a negative id or one of the markers PAD, START, END
   */
  public static CaptionBatch of(int[][] captions, float[][] features) {
    int n = captions.length;
    if (n == 0 || features.length != n) {
      throw new IllegalArgumentException("a batch needs one feature vector per caption and at least one caption, got "
          + n + " captions and " + features.length + " feature vectors");
    }
    int width = features[0].length;
    int longest = 0;
    int tokens = 0;
    for (int b = 0; b < n; b++) {
      if (features[b].length != width) {
        throw new IllegalArgumentException("feature vector " + b + " has width " + features[b].length + ", not " + width);
      }
      for (int w : captions[b]) {
        if (w < 0 || w == CaptionModel.PAD || w == CaptionModel.START || w == CaptionModel.END) {
          throw new IllegalArgumentException("caption " + b + " holds word id " + w
              + " (ids must be >= 0 and not the PAD, START or END markers)");
        }
      }
      longest = Math.max(longest, captions[b].length);
      tokens += captions[b].length + 1;
    }
    int steps = longest + 1;
    int[] inputs = new int[steps * n];
    int[] targets = new int[steps * n];
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < n; b++) {
        int[] c = captions[b];
        int r = t * n + b;
        inputs[r] = t == 0 ? CaptionModel.START : t <= c.length ? c[t - 1] : CaptionModel.PAD;
        targets[r] = t < c.length ? c[t] : t == c.length ? CaptionModel.END : SoftmaxCrossEntropy.IGNORE;
      }
    }
    float[] flat = new float[n * width];
    for (int b = 0; b < n; b++) {
      System.arraycopy(features[b], 0, flat, b * width, width);
    }
    return new CaptionBatch(n, steps, width, inputs, targets, flat, tokens);
  }

  /** Captions in the batch (B). */
  public int size() {
    return size;
  }

  /** Predicted steps S: the longest caption's words plus END. */
  public int steps() {
    return steps;
  }

  public int featureWidth() {
    return featureWidth;
  }

  /** Predicted tokens: every caption's words plus its END (padding excluded). */
  public int tokens() {
    return tokens;
  }

  /** Input ids, {@code [S*B]}, time-major. */
  int[] inputs() {
    return inputs;
  }

  /** Target ids, {@code [S*B]}, time-major, {@link SoftmaxCrossEntropy#IGNORE} on padding. */
  int[] targets() {
    return targets;
  }

  /** Features, {@code [B*F]}, row b for caption b. */
  float[] features() {
    return features;
  }
}
