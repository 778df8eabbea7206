package dev.rnn4j.model;

import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Profile;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.WeightFormat;
import java.util.List;

/**
 * A character language model: token ids -> embedding (or one-hot) -> the {@link RecurrentStack} (stacked
 * recurrent layers, dropout on each layer's output, linear decoder) -> softmax over the vocabulary.
 *
 * <p>Works on windows of T steps for B streams, rows time-major ({@code ids[t*B + b]}). The recurrent
 * state is carried from window to window until {@link #resetState()}. Parameter names follow PyTorch
 * ({@code embedding.weight}, {@code rnn.weight_ih_l0}, ..., {@code decoder.weight}, {@code decoder.bias}).
 */
public final class LanguageModel {
  private static final Profile.Part MODEL = Profile.part("model: the rest (embedding, dropout, output bias)");
  private static final Profile.Part SOFTMAX = Profile.part("softmax cross-entropy");

  private final ModelConfig config;
  private final Parameters params;
  private final Embedding embedding;
  private final RecurrentStack stack;
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
    int in = embedding != null ? config.embedding() : v;
    stack = new RecurrentStack(params, config.cell(), in, h, config.layers(), config.dropout(), v, first -> {});
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
   * A twin for a model whose weights will not change any more (a loaded checkpoint that only samples): its
   * products read copies of the weights made once, those of a single stream in {@code format}, their work
   * shared out by {@code split}. Not for sampling during training: it would not see the updates.
   */
  public LanguageModel frozenTwin(WeightFormat format, CoreSplit split) {
    LanguageModel twin = twin();
    twin.stack.freezeWeights(format, split);
    return twin;
  }

  /**
   * A second model over the same parameter values but with its own gradients, buffers and state: a
   * data-parallel replica that trains some of the streams on another thread.
   */
  public LanguageModel replica() {
    return new LanguageModel(config, params.withOwnGradients());
  }

  /** Initial weights as {@link ModelConfig} says ({@link Initialization}); the decoder bias zero or drawn. */
  public void initialize(Rng rng) {
    Initialization init = config.init();
    int h = config.hiddenSize();
    float scale = config.initScale();
    if (embedding != null) {
      init.fill(embedding.weight().value(), Initialization.Role.EMBEDDING, config.vocabSize(), h, scale, rng);
    }
    for (RecurrentLayer layer : stack.layers()) {
      layer.initialize(rng, init, scale, config.cell() == CellType.LSTM ? config.forgetBias() : 0f);
    }
    init.fill(stack.decoder().weight().value(), Initialization.Role.OUTPUT_WEIGHT, config.vocabSize(), h, scale, rng);
    init.fill(stack.decoder().bias().value(), Initialization.Role.OUTPUT_BIAS, config.vocabSize(), h, scale, rng);
  }

  /**
   * Sets the decoder's bias to the log of {@code counts} (add-one smoothed), so that before any training
   * the model predicts the unigram distribution: the first updates then learn context instead of spending
   * hundreds of iterations finding the character frequencies (Karpathy's "init well" advice).
   */
  public void initializeOutputBias(long[] counts) {
    if (counts.length != config.vocabSize()) {
      throw new IllegalArgumentException("counts for " + counts.length + " symbols, vocabulary " + config.vocabSize());
    }
    double total = 0;
    for (long c : counts) {
      total += c + 1;
    }
    Matrix b = stack.decoder().bias().value();
    for (int i = 0; i < counts.length; i++) {
      b.set(i, (float) Math.log((counts[i] + 1) / total));
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
    stack.ensureCapacity(batch, steps);
  }

  /**
   * Forward and backward over one window; accumulates gradients of {@code gradScale * loss} into
   * {@link #parameters()}. Returns the summed cross-entropy in nats over all {@code steps * B} targets.
   * Dropout draws row {@code t*B + b} from {@code dropoutRngs[b % length]} (one generator per stream, or
   * a single one for all).
   */
  public double trainStep(int[] inputs, int[] targets, int steps, float gradScale, Rng[] dropoutRngs) {
    Profile.enter(MODEL);
    Matrix logits = forward(inputs, steps, true, dropoutRngs);
    Profile.enter(SOFTMAX);
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, targets, gradScale, true);
    Profile.exit();
    Matrix dx = stack.backward(logits, 0);
    if (embedding != null) {
      embedding.gradOutput().copyFrom(dx);
      embedding.backward();
    }
    Profile.exit();
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
    Matrix h = embedding != null
        ? stack.forward(embedding.forward(ids, steps * batch), null, steps, training, rngs)
        : stack.forwardOneHot(ids, steps, training, rngs);
    return stack.decode(h);
  }

  public void resetState() {
    stack.resetState();
  }

  /** Every carried state tensor ({@code B x H}), layer by layer (h, then c for an LSTM). */
  public List<Matrix> states() {
    return stack.states();
  }

  /** The recurrent layers, bottom first (for inspection tools). */
  public List<RecurrentLayer> layers() {
    return stack.layers();
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
