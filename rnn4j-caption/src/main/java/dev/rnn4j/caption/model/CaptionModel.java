package dev.rnn4j.caption.model;

import dev.rnn4j.model.RecurrentStack;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.List;

/**
 * An image-conditioned word model (the lecture's one-to-many RNN; neuraltalk, Show and Tell).
 *
 * <p>Letters: B captions, S predicted steps (longest caption + END), T recurrent steps, V words, E
 * embedding width, F feature width, H hidden width, G gate blocks of the cell (1 rnn, 3 gru, 4 lstm).
 * {@code x_t = embedding(w_t)} with {@code w_0 = <START>}; {@code v} is the image's feature vector.
 *
 * <pre>
 *   EVERY_STEP (T = S):      m   = W_img v + b_img                                    [B, G*H]
 *                            a_t = W_ih x_t + b_ih + W_hh h_{t-1} + m   (layer 0, every gate)
 *   FIRST_STEP (T = S + 1):  u   = W_img v + b_img                                    [B, E]
 *                            inputs u, x_0, x_1, ...; the output of step 0 is not decoded
 *   layers l > 0:            input h_t^{l-1}, dropout on every layer's output
 *   y_t = W_dec h_t^top + b_dec;  loss = sum over non-padding t of -log softmax(y_t)[w_{t+1}]
 * </pre>
 *
 * <p>Why EVERY_STEP adds {@code m} to the cell's input projection rather than feeding {@code [x_t; u]}:
 * it is the lecture's formula itself ({@code W_ih v} with {@code W_ih = W_img}), and {@code m} is
 * computed once per caption instead of once per step, where a concatenated input would widen the
 * first layer's input GEMM at every step. {@code b_img} duplicates {@code b_ih}'s role there; it is kept so
 * both injections share one projection layer. The state starts at zero for every batch: each caption is
 * a sequence of its own. Backward also gives {@code dLoss/dv} ({@link #gradFeatures()}). Features may
 * be standardised first, {@code v <- (v - mean) * scale}, with statistics fixed from the training images
 * ({@link #featureNormalization}; not learned).
 *
 * <p>Parameters, PyTorch-style: {@code embedding.weight [V, E]}, {@code image.weight [G*H or E, F]},
 * {@code image.bias}, {@code rnn.weight_ih_l0 ...} (the core's cells), {@code decoder.weight [V, H]},
 * {@code decoder.bias}.
 */
public final class CaptionModel {
  /** Reserved word ids, the same as {@link dev.rnn4j.text.WordVocabulary}'s. */
  public static final int PAD = 0;
  public static final int START = 1;
  public static final int END = 2;

  private final CaptionConfig config;
  private final Parameters params;
  private final Embedding embedding;
  private final Linear image;
  private final RecurrentStack stack;
  private final boolean everyStep;
  private final FeatureNormalization normalization;
  private int batch;
  private int capacitySteps;
  private Matrix features;
  private Matrix input;
  private Matrix perSequence;
  private Matrix gradPerSequence;
  private Matrix gradFeatures;
  private Matrix gradFeaturesBuffer;
  private final Rng[] dropoutRng = new Rng[1];

  /** A new model with zero parameters; call {@link #initialize} before training. */
  public CaptionModel(CaptionConfig config) {
    this(config, new Parameters(), new FeatureNormalization(config.featureWidth()));
  }

  private CaptionModel(CaptionConfig config, Parameters params, FeatureNormalization normalization) {
    this(config, params, normalization, true);
  }

  private CaptionModel(CaptionConfig config, Parameters params, FeatureNormalization normalization,
                       boolean allocate) {
    this.config = config;
    this.params = params;
    this.normalization = normalization;
    this.everyStep = config.injection() == ImageInjection.EVERY_STEP;
    embedding = new Embedding(params, config.vocabSize(), config.embedding());
    Linear[] img = new Linear[1];
    // the image projection's parameters sit between the layers' and the decoder's, as they always have
    stack = new RecurrentStack(params, config.cell(), config.embedding(), config.hidden(), config.layers(),
        config.dropout(), config.vocabSize(), first -> img[0] = new Linear(params, "image", config.featureWidth(),
            everyStep ? first.projectionWidth() : config.embedding()));
    image = img[0];
    if (allocate && !params.isAllocated()) {
      params.allocate();
    }
  }

  /**
   * The parameters a model of {@code config} declares, not allocated: a checkpoint's tensors are checked
   * against them before the model's memory is reserved.
   *
   * @throws ArithmeticException when the sizes overflow an {@code int}
   */
  public static Parameters declaredParameters(CaptionConfig config) {
    Parameters params = new Parameters();
    new CaptionModel(config, params, new FeatureNormalization(config.featureWidth()), false);
    return params;
  }

  /**
   * A step-by-step view of this model for decoders: {@code streams} hypotheses of one image, with buffers
   * and state of its own (training buffers are left alone).
   */
  public CaptionStepper stepper(int streams) {
    return new CaptionStepper(twin(), streams);
  }

  /** Another model over the same parameter values and gradients, with buffers and state of its own. */
  public CaptionModel twin() {
    return new CaptionModel(config, params, normalization);
  }

  /**
   * The standardisation of image features (none until fitted or set), shared with twins: {@code
   * featureNormalization().fit(trainingFeatures)} before training.
   */
  public FeatureNormalization featureNormalization() {
    return normalization;
  }

  /**
   * Weights uniform in [-0.08, 0.08] (char-rnn) and zero biases (an LSTM's forget gate at 1, by its
   * cell); the image projection uniform in [-1/sqrt(F), 1/sqrt(F)], PyTorch's nn.Linear default, so that a
   * wide feature vector does not saturate the gates.
   */
  public void initialize(Rng rng) {
    fill(embedding.weight().value(), rng, 0.08);
    for (RecurrentLayer layer : stack.layers()) {
      layer.initialize(rng, 0.08f, false);
    }
    fill(image.weight().value(), rng, 1 / Math.sqrt(config.featureWidth()));
    image.bias().value().zero();
    fill(stack.decoder().weight().value(), rng, 0.08);
    stack.decoder().bias().value().zero();
  }

  private static void fill(Matrix m, Rng rng, double scale) {
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) ((rng.nextDouble() * 2 - 1) * scale));
    }
  }

  /**
   * Forward and backward over one batch; accumulates the gradients of {@code gradScale * loss} into
   * {@link #parameters()} and keeps {@code gradScale * dLoss/dv} for {@link #gradFeatures()}. Returns the
   * summed cross-entropy in nats over the batch's {@link CaptionBatch#tokens()} predictions.
   */
  public double trainStep(CaptionBatch b, float gradScale, Rng dropout) {
    Matrix logits = forward(b, true, dropout);
    double loss = SoftmaxCrossEntropy.lossAndGradientIgnoring(logits, b.targets(), gradScale, true);
    int n = b.size();
    int skip = everyStep ? 0 : n;
    Matrix dx = stack.backward(logits, skip);
    embedding.gradOutput().copyFrom(dx.rows(skip, b.steps() * n));
    embedding.backward();
    Matrix dv;
    if (everyStep) {
      Matrix dm = gradPerSequence.rows(0, n);
      stack.layers().get(0).gradPerSequence(dm);
      dv = image.backward(dm);
    } else {
      dv = image.backward(dx.rows(0, n));
    }
    gradFeatures = gradFeaturesBuffer.rows(0, n);
    normalization.backward(dv, gradFeatures);
    return loss;
  }

  /** Summed cross-entropy in nats of a batch, without gradients or dropout. */
  public double loss(CaptionBatch b) {
    return SoftmaxCrossEntropy.lossAndGradientIgnoring(forward(b, false, null), b.targets(), 0f, false);
  }

  /**
   * Teacher-forced logits of a batch without dropout, {@code [S*B, V]}: row {@code t*B + b} scores the word
   * after caption b's t-th input. A view, valid until the next forward of this model.
   */
  public Matrix logits(CaptionBatch b) {
    return forward(b, false, null);
  }

  /** {@code gradScale * dLoss/dv} of the last {@link #trainStep}, {@code [B, F]}; a view. */
  public Matrix gradFeatures() {
    if (gradFeatures == null) {
      throw new IllegalStateException("no training step yet");
    }
    return gradFeatures;
  }

  private Matrix forward(CaptionBatch b, boolean training, Rng rng) {
    if (b.featureWidth() != config.featureWidth()) {
      throw new IllegalArgumentException("image features have width " + b.featureWidth() + ", the model expects "
          + config.featureWidth());
    }
    int n = b.size();
    int s = b.steps();
    int steps = everyStep ? s : s + 1;
    ensureCapacity(n, steps);
    dropoutRng[0] = rng;
    Matrix v = features.rows(0, n);
    normalization.apply(b.features(), v);
    Matrix projected = image.forward(v);
    Matrix words = embedding.forward(b.inputs(), s * n);
    stack.resetState();
    Matrix h;
    if (everyStep) {
      h = stack.forward(words, projected, steps, training, dropoutRng);
    } else {
      Matrix x = input.rows(0, steps * n);
      x.rows(0, n).copyFrom(projected);
      x.rows(n, s * n).copyFrom(words);
      h = stack.forward(x, null, steps, training, dropoutRng);
    }
    return stack.decode(h.rows(everyStep ? 0 : n, s * n));
  }

  // ---- one step at a time, for decoders (CaptionStepper) -------------------------------------------

  /** Zero state for {@code streams} copies of one image, then (FIRST_STEP) its step 0. */
  void begin(float[] feature, int streams) {
    if (feature.length != config.featureWidth()) {
      throw new IllegalArgumentException("image features have width " + feature.length + ", the model expects "
          + config.featureWidth());
    }
    ensureCapacity(streams, 1);
    stack.resetState();
    Matrix v = features.rows(0, streams);
    for (int k = 0; k < streams; k++) {
      normalization.apply(feature, v.rows(k, 1));
    }
    Matrix projected = image.forward(v);
    if (everyStep) {
      perSequence.rows(0, streams).copyFrom(projected);
    } else {
      stack.forward(projected, null, 1, false, dropoutRng);
    }
  }

  /** One step for every stream from the given input ids; returns logits {@code [streams, V]}. */
  Matrix step(int[] ids) {
    Matrix x = embedding.forward(ids, batch);
    return stack.decode(stack.forward(x, everyStep ? perSequence.rows(0, batch) : null, 1, false, dropoutRng));
  }

  List<RecurrentLayer> layers() {
    return stack.layers();
  }

  // ---- buffers and state ---------------------------------------------------------------------------

  private void ensureCapacity(int n, int steps) {
    if (n == batch && steps <= capacitySteps) {
      return;
    }
    capacitySteps = n == batch ? Math.max(steps, capacitySteps) : steps;
    batch = n;
    int rows = n * capacitySteps;
    embedding.ensureCapacity(rows);
    stack.ensureCapacity(n, capacitySteps);
    image.ensureCapacity(n);
    features = Matrix.allocate(n, config.featureWidth());
    gradFeaturesBuffer = Matrix.allocate(n, config.featureWidth());
    int gh = stack.layers().get(0).projectionWidth();
    if (everyStep) {
      perSequence = Matrix.allocate(n, gh);
      gradPerSequence = Matrix.allocate(n, gh);
    } else {
      input = Matrix.allocate(rows, config.embedding());
    }
  }

  public Parameters parameters() {
    return params;
  }

  public CaptionConfig config() {
    return config;
  }
}
