package dev.rnn4j.model;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A character language model: token ids -> embedding (or one-hot) -> stacked recurrent layers (dropout on
 * each layer's output) -> linear decoder -> softmax over the vocabulary.
 *
 * <p>Works on windows of T steps for B streams, rows time-major ({@code ids[t*B + b]}). The recurrent
 * state is carried from window to window until {@link #resetState()}. Parameter names follow PyTorch
 * ({@code embedding.weight}, {@code rnn.weight_ih_l0}, ..., {@code decoder.weight}, {@code decoder.bias}).
 */
public final class LanguageModel {
  private final ModelConfig config;
  private final Parameters params;
  private final Embedding embedding;
  private final RecurrentLayer[] layers;
  private final Dropout[] dropouts;
  private final Linear decoder;
  private int batch;
  private int capacitySteps;

  /** A new model with freshly allocated (zero) parameters; call {@link #initialize} before training. */
  public LanguageModel(ModelConfig config) {
    this(config, new Parameters());
  }

  private LanguageModel(ModelConfig config, Parameters params) {
    this(config, params, true);
  }

  private LanguageModel(ModelConfig config, Parameters params, boolean allocate) {
    this.config = config;
    this.params = params;
    int v = config.vocabSize();
    int h = config.hiddenSize();
    embedding = config.embedding() > 0 ? new Embedding(params, v, config.embedding()) : null;
    layers = new RecurrentLayer[config.layers()];
    dropouts = new Dropout[config.layers()];
    int in = embedding != null ? config.embedding() : v;
    for (int l = 0; l < layers.length; l++) {
      layers[l] = config.cell().create(params, l, l == 0 ? in : h, h);
      dropouts[l] = new Dropout(config.dropout());
    }
    decoder = new Linear(params, "decoder", h, v);
    if (allocate && !params.isAllocated()) {
      params.allocate();
    }
  }

  /**
   * The parameters a model of {@code config} declares, without allocating them: a checkpoint's tensors are
   * checked against these before any model memory is reserved.
   *
   * @throws ArithmeticException when the sizes overflow an {@code int}
   */
  public static Parameters declaredParameters(ModelConfig config) {
    Parameters params = new Parameters();
    new LanguageModel(config, params, false);
    return params;
  }

  /**
   * A second model over the same parameters with its own buffers and state: sampling while training, or
   * evaluating without disturbing the training streams' state.
   */
  public LanguageModel twin() {
    return new LanguageModel(config, params);
  }

  /**
   * A second model over the same parameter values but with its own gradients, buffers and state: a
   * data-parallel replica that trains some of the streams on another thread.
   */
  public LanguageModel replica() {
    return new LanguageModel(config, params.withOwnGradients());
  }

  /** Initial weights as {@link ModelConfig} says (char-rnn uniform or min-char-rnn gaussian). */
  public void initialize(Rng rng) {
    if (embedding != null) {
      fill(embedding.weight().value(), rng);
    }
    for (RecurrentLayer layer : layers) {
      layer.initialize(rng, config.initScale(), config.gaussianInit());
    }
    fill(decoder.weight().value(), rng);
    decoder.bias().value().zero();
  }

  private void fill(Matrix m, Rng rng) {
    float s = config.initScale();
    for (int i = 0; i < m.size(); i++) {
      m.set(i, config.gaussianInit() ? (float) (rng.nextGaussian() * s) : (float) ((rng.nextDouble() * 2 - 1) * s));
    }
  }

  /** Makes room for windows of up to {@code steps} steps of {@code batch} streams. */
  public void ensureCapacity(int batch, int steps) {
    if (batch == this.batch && steps <= capacitySteps) {
      return;
    }
    boolean sameBatch = batch == this.batch;
    this.capacitySteps = sameBatch ? Math.max(steps, capacitySteps) : steps;
    this.batch = batch;
    steps = capacitySteps;
    int rows = batch * steps;
    if (embedding != null) {
      embedding.ensureCapacity(rows);
    }
    for (int l = 0; l < layers.length; l++) {
      layers[l].ensureCapacity(batch, steps);
      dropouts[l].ensureCapacity(rows, config.hiddenSize());
    }
    decoder.ensureCapacity(rows);
  }

  /**
   * Forward and backward over one window; accumulates gradients of {@code gradScale * loss} into
   * {@link #parameters()}. Returns the summed cross-entropy in nats over all {@code steps * B} targets.
   * Dropout draws row {@code t*B + b} from {@code dropoutRngs[b % length]} (one generator per stream, or
   * a single one for all).
   */
  public double trainStep(int[] inputs, int[] targets, int steps, float gradScale, Rng[] dropoutRngs) {
    Matrix logits = forward(inputs, steps, true, dropoutRngs);
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, targets, gradScale, true);
    Matrix dx = decoder.backward(logits);
    for (int l = layers.length - 1; l >= 0; l--) {
      dropouts[l].backwardInPlace(dx, true);
      RecurrentLayer layer = layers[l];
      layer.gradOutput().copyFrom(dx);
      layer.backward();
      if (l > 0 || embedding != null) {
        dx = layer.gradInput();
      }
    }
    if (embedding != null) {
      embedding.gradOutput().copyFrom(dx);
      embedding.backward();
    }
    return loss;
  }

  /** Summed cross-entropy in nats of one window, without gradients or dropout (state is carried). */
  public double loss(int[] inputs, int[] targets, int steps) {
    Matrix logits = forward(inputs, steps, false, null);
    return SoftmaxCrossEntropy.lossAndGradient(logits, targets, 0f, false);
  }

  /** Logits {@code [steps*B, V]} for a window of inputs, without dropout (state is carried). */
  public Matrix logits(int[] inputs, int steps) {
    return forward(inputs, steps, false, null);
  }

  private Matrix forward(int[] ids, int steps, boolean training, Rng[] rngs) {
    if (batch == 0) {
      throw new IllegalStateException("call ensureCapacity(batch, steps) first");
    }
    int rows = steps * batch;
    Matrix x = embedding != null ? embedding.forward(ids, rows) : null;
    for (int l = 0; l < layers.length; l++) {
      if (x == null) {
        layers[l].forwardOneHot(ids, steps);
      } else {
        layers[l].forward(x, steps);
      }
      x = dropouts[l].forward(layers[l].output(), training, rngs);
    }
    return decoder.forward(x);
  }

  public void resetState() {
    for (RecurrentLayer layer : layers) {
      layer.resetState();
    }
  }

  /** Every carried state tensor ({@code B x H}), layer by layer (h, then c for an LSTM). */
  public List<Matrix> states() {
    List<Matrix> all = new ArrayList<>();
    for (RecurrentLayer layer : layers) {
      all.addAll(List.of(layer.state()));
    }
    return all;
  }

  /** The recurrent layers, bottom first (for inspection tools). */
  public List<RecurrentLayer> layers() {
    return List.of(layers);
  }

  public Parameters parameters() {
    return params;
  }

  public ModelConfig config() {
    return config;
  }

  public int batch() {
    return batch;
  }
}
