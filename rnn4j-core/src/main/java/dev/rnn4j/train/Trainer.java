package dev.rnn4j.train;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.optim.GradientClipping;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.sample.Sampler;
import dev.rnn4j.sample.SamplingOptions;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.BatchStream;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.Split;
import dev.rnn4j.text.TokenRange;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.tensor.Blas;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Trains a {@link LanguageModel} on a corpus with truncated back-propagation through time.
 *
 * <p>Each iteration takes the next window of T steps of B streams, runs forward and backward (the state
 * carried from the previous window; reset at each epoch), checks the loss and gradient are finite,
 * clips, and updates. Every {@code evalEvery} iterations it validates and tells the listeners (one of
 * which writes checkpoints). Everything a resumed run needs to continue exactly goes into a
 * {@link Checkpoint}.
 *
 * <p>Both cores: with several threads the streams are split across data-parallel replicas
 * ({@link DataParallel}); the thread count changes nothing but the order of float additions in the
 * gradient sum.
 */
public final class Trainer {
  private final LanguageModel model;
  private final Vocabulary vocabulary;
  private final TrainingConfig config;
  private final TokenRange train;
  private final TokenRange validation;
  private final BatchStream stream;
  private final Optimizer optimizer;
  private final Rng[] dropoutRngs;
  private final Rng sampleRng;
  private final int threads;
  private final DataParallel parallel;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private final int[] inputs;
  private final int[] targets;
  private final String corpusName;
  private final int corpusLength;
  private final String corpusSha256;
  private long iteration;
  private double smoothLoss;
  private double bestValidation = Double.NaN;
  private final List<double[]> history = new ArrayList<>();
  private volatile boolean stopRequested;

  private Trainer(LanguageModel model, Corpus corpus, TrainingConfig config, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.model = model;
    this.vocabulary = corpus.vocabulary();
    this.config = config;
    this.corpusName = corpus.name();
    this.corpusLength = corpus.length();
    this.corpusSha256 = corpus.sha256();
    Split split = corpus.split(config.valFraction(), 0.0);
    this.train = split.train();
    this.validation = split.validation();
    try {
      this.stream = new BatchStream(train, config.batch(), config.steps());
    } catch (IllegalArgumentException e) {
      // "text too short: ..." would not say which text
      throw new IllegalArgumentException(corpusName + ": " + e.getMessage(), e);
    }
    this.optimizer = config.optimizer().create(model.parameters().size());
    this.dropoutRngs = new Rng[config.batch()];
    for (int b = 0; b < dropoutRngs.length; b++) {
      dropoutRngs[b] = new Rng((config.seed() ^ 0x5DEECE66DL) + 0x9E3779B97F4A7C15L * b);
    }
    this.threads = threads;
    this.parallel = new DataParallel(model, config.batch(), config.steps(), threads, dropoutRngs);
    this.sampleRng = new Rng(config.seed() + 1);
    this.inputs = new int[config.batch() * config.steps()];
    this.targets = new int[config.batch() * config.steps()];
    this.smoothLoss = Math.log(vocabulary.size());
  }

  /** A new run: a fresh model initialised from the seed, on all cores. */
  public static Trainer create(ModelConfig modelConfig, Corpus corpus, TrainingConfig config) {
    return create(modelConfig, corpus, config, Runtime.getRuntime().availableProcessors());
  }

  /** A new run on {@code threads} threads. */
  public static Trainer create(ModelConfig modelConfig, Corpus corpus, TrainingConfig config, int threads) {
    if (modelConfig.vocabSize() != corpus.vocabulary().size()) {
      modelConfig = modelConfig.withVocabSize(corpus.vocabulary().size());
    }
    LanguageModel model = new LanguageModel(modelConfig);
    model.initialize(new Rng(config.seed()));
    return new Trainer(model, corpus, config, threads);
  }

  /** Continues a run from a checkpoint on the same corpus, on all cores. */
  public static Trainer resume(Checkpoint checkpoint, Corpus corpus, TrainingConfig config) {
    return resume(checkpoint, corpus, config, Runtime.getRuntime().availableProcessors());
  }

  /** Continues a run from a checkpoint on the same corpus; {@code config} may extend the limits. */
  public static Trainer resume(Checkpoint checkpoint, Corpus corpus, TrainingConfig config, int threads) {
    return resume(checkpoint, corpus, config, threads, false);
  }

  /**
   * Continues a run from a checkpoint. Another text (by content) or another validation fraction than the
   * checkpoint's is refused unless {@code allowNewData}, which fine-tunes on purpose: the stream starts over
   * and the best-validation record is forgotten.
   */
  public static Trainer resume(Checkpoint checkpoint, Corpus corpus, TrainingConfig config, int threads,
                               boolean allowNewData) {
    if (!checkpoint.vocabulary().equals(corpus.vocabulary())) {
      throw new IllegalArgumentException("the checkpoint was trained on a text with a different vocabulary ("
          + checkpoint.vocabulary().size() + " symbols) than " + corpus.name() + " ("
          + corpus.vocabulary().size() + " symbols)");
    }
    checkpoint.checkSameData(corpus.name(), corpus.sha256(), config.valFraction(), allowNewData);
    boolean newData = !checkpoint.corpusSha256().equals(corpus.sha256())
        || Double.compare(checkpoint.trainingConfig().valFraction(), config.valFraction()) != 0;
    Trainer t = new Trainer(checkpoint.model(), corpus, config, threads);
    checkpoint.restoreInto(t, newData);
    return t;
  }

  public void addListener(TrainingListener listener) {
    listeners.add(listener);
  }

  /** Asks the run to stop after the current iteration (e.g. from a signal handler). */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Trains until a limit of the config is reached; returns why it stopped. The replicas' threads are
   * stopped when it returns or throws.
   */
  public StopReason run() {
    try {
      return runLoop();
    } finally {
      parallel.close();
    }
  }

  private StopReason runLoop() {
    for (TrainingListener l : listeners) {
      l.onStart(this);
    }
    long startIteration = iteration;
    long start = System.nanoTime();
    StopReason reason;
    float scale = config.sumOverTime() ? 1f / config.batch() : 1f / (config.batch() * config.steps());
    int chars = config.batch() * config.steps();
    parallel.useBlasThreads(threads);
    while (true) {
      reason = limitReached(startIteration, start);
      if (reason != null) {
        break;
      }
      int epoch = (int) stream.epoch();
      boolean newEpoch = stream.next(inputs, targets);
      if (newEpoch) {
        parallel.resetState();
      }
      Matrix grads = model.parameters().grads();
      double loss = parallel.trainWindow(inputs, targets, scale) / chars;
      long it = iteration + 1;
      if (!Double.isFinite(loss)) {
        throw new NonFiniteException("loss (" + loss + ")", it);
      }
      double norm = GradientClipping.globalNorm(grads);
      if (!Double.isFinite(norm)) {
        throw new NonFiniteException("gradient", it);
      }
      if (config.clipNorm() > 0) {
        GradientClipping.clipGlobalNorm(grads, config.clipNorm());
      }
      if (config.clipValue() > 0) {
        GradientClipping.clipElementwise(grads, config.clipValue());
      }
      float lr = config.learningRate().rate(epoch);
      optimizer.step(model.parameters().values(), grads, lr);
      iteration = it;
      smoothLoss = smoothLoss * 0.999 + loss * 0.001;
      double elapsed = (System.nanoTime() - start) / 1e9;
      double done = iteration - startIteration;
      IterationReport report = new IterationReport(iteration, epoch, epochsDone(), loss, smoothLoss, lr,
          norm, done * chars / elapsed, elapsed, remaining(startIteration, elapsed));
      for (TrainingListener l : listeners) {
        l.onIteration(this, report);
      }
      if (iteration % config.evalEvery() == 0) {
        validate(loss);
      }
    }
    if (iteration % config.evalEvery() != 0 && iteration > startIteration) {
      validate(Double.NaN);
    }
    Blas.setThreads(threads);
    for (TrainingListener l : listeners) {
      l.onEnd(this, reason);
    }
    return reason;
  }

  private StopReason limitReached(long startIteration, long startNanos) {
    if (stopRequested) {
      return StopReason.REQUESTED;
    }
    if (config.maxIterations() > 0 && iteration >= config.maxIterations()) {
      return StopReason.ITERATIONS;
    }
    if (config.maxEpochs() > 0 && completedEpochs() >= config.maxEpochs()) {
      return StopReason.EPOCHS;
    }
    if (config.maxSeconds() > 0 && (System.nanoTime() - startNanos) / 1e9 >= config.maxSeconds()) {
      return StopReason.TIME;
    }
    return null;
  }

  /** Epochs fully done: the stream has moved past the last window of the epoch. */
  private long completedEpochs() {
    return stream.epoch();
  }

  /** Epochs done as a fraction (1.5 = one epoch and half of the next). */
  private double epochsDone() {
    return stream.position() / (double) stream.windowsPerEpoch();
  }

  private double remaining(long startIteration, double elapsed) {
    double perIteration = elapsed / Math.max(1, iteration - startIteration);
    double left = Double.NaN;
    if (config.maxIterations() > 0) {
      left = (config.maxIterations() - iteration) * perIteration;
    }
    if (config.maxEpochs() > 0) {
      long windowsLeft = (long) config.maxEpochs() * stream.windowsPerEpoch() - stream.position();
      double e = windowsLeft * perIteration;
      left = Double.isNaN(left) ? e : Math.min(left, e);
    }
    if (config.maxSeconds() > 0) {
      double s = config.maxSeconds() - elapsed;
      left = Double.isNaN(left) ? s : Math.min(left, s);
    }
    return Double.isNaN(left) ? left : Math.max(0, left);
  }

  private void validate(double trainLoss) {
    double val = Double.NaN;
    boolean improved = false;
    if (validation.length() >= 2) {
      val = parallel.crossEntropy(validation, threads);
      if (!Double.isFinite(val)) {
        // finite but huge weights can overflow on the validation text: do not checkpoint that model
        throw new NonFiniteException("validation loss (" + val + ")", iteration, "before saving");
      }
      improved = Double.isNaN(bestValidation) || val < bestValidation;
      if (improved) {
        bestValidation = val;
      }
    }
    history.add(new double[] {iteration, Double.isNaN(trainLoss) ? smoothLoss : trainLoss, smoothLoss, val});
    ValidationReport report = new ValidationReport(iteration, val, bestValidation, improved);
    for (TrainingListener l : listeners) {
      l.onValidation(this, report);
    }
  }

  /**
   * A sample of generated text from the current weights, starting from stream 0's current state and
   * the first character of the current window (as min-char-rnn does).
   */
  public String sample(int length) {
    Sampler sampler = new Sampler(model);
    List<Matrix> from = model.states();
    List<Matrix> to = sampler.states();
    for (int i = 0; i < from.size(); i++) {
      Matrix src = from.get(i);
      to.get(i).copyFrom(src.rows(0, 1));
    }
    sampler.prime(new int[] {inputs[0]});
    StringBuilder sb = new StringBuilder();
    sampler.generate(length, SamplingOptions.defaults(), sampleRng, id -> sb.append(vocabulary.decode(id)));
    return sb.toString();
  }

  // ---- state, for checkpoints and tools ---------------------------------------------------------

  public LanguageModel model() {
    return model;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public TrainingConfig config() {
    return config;
  }

  public long iteration() {
    return iteration;
  }

  /** Epochs completed. */
  public long epoch() {
    return stream.epoch();
  }

  public double smoothLoss() {
    return smoothLoss;
  }

  public double bestValidation() {
    return bestValidation;
  }

  /** Rows of {iteration, train loss, smoothed train loss, validation loss} at each validation. */
  public List<double[]> history() {
    return Collections.unmodifiableList(history);
  }

  public TokenRange validationRange() {
    return validation;
  }

  public String corpusName() {
    return corpusName;
  }

  public int corpusLength() {
    return corpusLength;
  }

  /** SHA-256 (hex) of the bytes of the training text. */
  public String corpusSha256() {
    return corpusSha256;
  }

  Optimizer optimizer() {
    return optimizer;
  }

  BatchStream stream() {
    return stream;
  }

  /** One dropout generator per stream. */
  Rng[] dropoutRngs() {
    return dropoutRngs;
  }

  /** The carried state of all B streams: h (and c) per layer, each B x H. */
  List<Matrix> streamStates() {
    return parallel.streamStates();
  }

  void restoreStreamStates(List<Matrix> states) {
    parallel.restoreStreamStates(states);
  }

  Rng sampleRng() {
    return sampleRng;
  }

  void restore(long iteration, double smoothLoss, double bestValidation, List<double[]> history) {
    this.iteration = iteration;
    this.smoothLoss = smoothLoss;
    this.bestValidation = bestValidation;
    this.history.clear();
    this.history.addAll(history);
  }
}
