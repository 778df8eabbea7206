package dev.rnn4j.caption.model;

import dev.rnn4j.tensor.Matrix;

/**
 * Standardisation of image features, fixed before training from the training images:
 * {@code v' = (v - mean) * scale} with {@code scale = 1 / sqrt(var + 1e-3)} per feature (the floor keeps a
 * feature that hardly varies in training from being blown up at test time). Not learned; stored in
 * checkpoints next to the weights. Shared by a model and its twins.
 */
public final class FeatureNormalization {
  private static final double VARIANCE_FLOOR = 1e-3;

  private final int width;
  private float[] mean;
  private float[] scale;

  FeatureNormalization(int width) {
    this.width = width;
  }

  /** Mean and scale from the feature vectors of the training images (one per image). */
  public void fit(float[][] features) {
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

  /** Sets {@code v' = (v - mean) * scale}, e.g. as read from a checkpoint. */
  public void set(float[] mean, float[] scale) {
    if (mean.length != width || scale.length != width) {
      throw new IllegalArgumentException("feature standardisation of width " + mean.length + " and " + scale.length
          + ", the model expects " + width);
    }
    this.mean = mean.clone();
    this.scale = scale.clone();
  }

  /** Whether features are standardised (else they pass unchanged). */
  public boolean active() {
    return mean != null;
  }

  /** The mean, or null when features pass unchanged. */
  public float[] mean() {
    return mean == null ? null : mean.clone();
  }

  /** The scale, or null when features pass unchanged. */
  public float[] scale() {
    return scale == null ? null : scale.clone();
  }

  /** Writes {@code v'} of {@code raw} (rows of the target's width, back to back) into {@code target}. */
  void apply(float[] raw, Matrix target) {
    int f = target.cols();
    for (int i = 0; i < raw.length; i++) {
      target.set(i, mean == null ? raw[i] : (raw[i] - mean[i % f]) * scale[i % f]);
    }
  }

  /** Writes {@code dLoss/dv} from {@code dLoss/dv'} ({@code grad}) into {@code target}, of the same shape. */
  void backward(Matrix grad, Matrix target) {
    int f = target.cols();
    for (int i = 0, n = grad.size(); i < n; i++) {
      target.set(i, mean == null ? grad.get(i) : grad.get(i) * scale[i % f]);
    }
  }
}
