package dev.rnn4j.caption.model;

/**
 * Standardisation of image features, fixed before training from the training images:
 * {@code v' = (v - mean) * scale} with {@code scale = 1 / sqrt(var + 1e-3)} per feature (the floor keeps a
 * feature that hardly varies in training from being blown up at test time). Not learned; stored in
 * checkpoints next to the weights. Shared by a model and its twins.
 */
public final class FeatureNormalization {
  private static final double VARIANCE_FLOOR = 1e-3;

  private float[] mean;
  private float[] scale;

  FeatureNormalization() {}

  /** Mean and scale from the feature vectors of the training images. */
  void fit(float[][] features, int width) {
    if (features.length == 0) {
      throw new IllegalArgumentException("no feature vectors to standardise from");
    }
    double[] sum = new double[width];
    double[] sq = new double[width];
    for (float[] v : features) {
      if (v.length != width) {
        throw new IllegalArgumentException("image features have width " + v.length + ", the model expects " + width);
      }
      for (int j = 0; j < width; j++) {
        sum[j] += v[j];
        sq[j] += (double) v[j] * v[j];
      }
    }
    float[] m = new float[width];
    float[] s = new float[width];
    for (int j = 0; j < width; j++) {
      double mu = sum[j] / features.length;
      double var = Math.max(0, sq[j] / features.length - mu * mu);
      m[j] = (float) mu;
      s[j] = (float) (1 / Math.sqrt(var + VARIANCE_FLOOR));
    }
    set(m, s);
  }

  void set(float[] mean, float[] scale) {
    if (mean.length != scale.length) {
      throw new IllegalArgumentException("mean and scale differ in width: " + mean.length + " vs " + scale.length);
    }
    this.mean = mean.clone();
    this.scale = scale.clone();
  }

  boolean active() {
    return mean != null;
  }

  /** The mean, or null when features pass unchanged. */
  float[] mean() {
    return mean == null ? null : mean.clone();
  }

  float[] scale() {
    return scale == null ? null : scale.clone();
  }

  /** {@code v'} of feature {@code j}. */
  float apply(int j, float v) {
    return mean == null ? v : (v - mean[j]) * scale[j];
  }

  /** {@code dLoss/dv} from {@code dLoss/dv'} of feature {@code j}. */
  float backward(int j, float g) {
    return mean == null ? g : g * scale[j];
  }
}
