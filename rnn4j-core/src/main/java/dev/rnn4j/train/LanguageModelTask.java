package dev.rnn4j.train;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.sample.Sampler;
import dev.rnn4j.sample.SamplingOptions;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.BatchStream;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.Split;
import dev.rnn4j.text.TokenRange;
import dev.rnn4j.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A character language model as a {@link TrainingTask}: truncated back-propagation through time over B
 * contiguous streams of the training text, windows of T steps, the state carried from window to window
 * and reset at each epoch; validation is the cross-entropy of the held-out text (of its first
 * {@link TrainingConfig#evalChars()} during the run, so validating costs little; of all of it at the end).
 *
 * <p>Both cores: with several threads the streams are split across data-parallel replicas
 * ({@link DataParallel}); the thread count changes nothing but the order of float additions in the
 * gradient sum.
 */
final class LanguageModelTask implements TrainingTask {
  private final LanguageModel model;
  private final Vocabulary vocabulary;
  private final TrainingConfig config;
  private final String corpusName;
  private final int corpusLength;
  private final String corpusSha256;
  private final TokenRange train;
  private final TokenRange validation;
  private final BatchStream stream;
  private final Rng sampleRng;
  private final int threads;
  private final StreamWorkers parallel;
  private final int[] inputs;
  private final int[] targets;
  private final float gradScale;
  private double wholeValidation = Double.NaN;

  LanguageModelTask(LanguageModel model, Corpus corpus, TrainingConfig config, int threads) {
    this(model, corpus, config, threads, StreamWorkers.threads(threads));
  }

  /** As above, with the streams run by {@code workers} ({@code threads} then serve validation). */
  LanguageModelTask(LanguageModel model, Corpus corpus, TrainingConfig config, int threads,
                    StreamWorkers.Factory workers) {
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
    Rng[] dropoutRngs = new Rng[config.batch()];
    for (int b = 0; b < dropoutRngs.length; b++) {
      dropoutRngs[b] = new Rng((config.seed() ^ 0x5DEECE66DL) + 0x9E3779B97F4A7C15L * b);
    }
    this.threads = threads;
    this.parallel = workers.create(model, config.batch(), config.steps(), dropoutRngs);
    this.sampleRng = new Rng(config.seed() + 1);
    this.inputs = new int[config.batch() * config.steps()];
    this.targets = new int[config.batch() * config.steps()];
    this.gradScale = config.sumOverTime() ? 1f / config.batch() : 1f / (config.batch() * config.steps());
  }

  @Override
  public Parameters parameters() {
    return model.parameters();
  }

  @Override
  public int epoch() {
    return (int) stream.epoch();
  }

  /** The stream has moved past the last window of the epoch. */
  @Override
  public long completedEpochs() {
    return stream.epoch();
  }

  @Override
  public double epochsDone() {
    return stream.position() / (double) stream.windowsPerEpoch();
  }

  @Override
  public long batchesPerEpoch() {
    return stream.windowsPerEpoch();
  }

  @Override
  public double trainBatch() {
    if (stream.next(inputs, targets)) {
      parallel.resetState();
    }
    return parallel.trainWindow(inputs, targets, gradScale) / inputs.length;
  }

  @Override
  public void beforeBatch(float learningRate) {
    parallel.learningRate(learningRate);
  }

  @Override
  public int lastBatchTokens() {
    return inputs.length;
  }

  @Override
  public boolean validationDue(long iteration) {
    return iteration % config.evalEvery() == 0;
  }

  @Override
  public Validation validate() {
    if (validation.length() < 2) {
      return Validation.none();
    }
    return Validation.ofLoss(parallel.crossEntropy(sampled() ? validation.head(config.evalChars()) : validation,
        threads));
  }

  /** Whether periodic validations score a sample rather than the whole split. */
  boolean sampled() {
    return config.evalChars() > 0 && config.evalChars() < validation.length();
  }

  /** Without validation text there is nothing to call best: only {@code last} is written. */
  @Override
  public boolean unmeasuredIsBest() {
    return false;
  }

  /** {iteration, train loss (the smoothed one at the end of a run), smoothed train loss, validation loss}. */
  @Override
  public double[] historyRow(long iteration, double trainLoss, double smoothLoss, Validation v) {
    return new double[] {iteration, Double.isNaN(trainLoss) ? smoothLoss : trainLoss, smoothLoss, v.lossOrNaN()};
  }

  /** min-char-rnn's average starts at ln V (the loss of a uniform guess); the short one at the first loss. */
  @Override
  public double initialLoss() {
    return config.sumOverTime() ? Math.log(vocabulary.size()) : Double.NaN;
  }

  /**
   * min-char-rnn's 0.999 / 0.001 belongs to its preset (summed loss); elsewhere it would lag a thousand
   * iterations behind (it read 4.06 while the loss was 3.16), so the default short average.
   */
  @Override
  public double smoothing() {
    return config.sumOverTime() ? 0.001 : TrainingTask.super.smoothing();
  }

  @Override
  public void writeCheckpoint(Path file, TrainingState state, Optimizer optimizer) throws IOException {
    Checkpoint.write(file, this, state, optimizer);
  }

  @Override
  public int updateThreads() {
    return threads;
  }

  @Override
  public void beforeRun() {
    parallel.useBlasThreads(threads);
  }

  /** Scores the whole validation split once (periodic validations may have scored a sample of it). */
  @Override
  public void afterRun() {
    if (validation.length() >= 2) {
      wholeValidation = parallel.crossEntropy(validation, threads);
    }
    Blas.setThreads(threads);
  }

  /** The last run's final model on the whole validation split; NaN before a run ends or without one. */
  double wholeValidation() {
    return wholeValidation;
  }

  TokenRange trainRange() {
    return train;
  }

  /** Stops the replicas' threads; a later run starts them again. */
  @Override
  public void release() {
    parallel.close();
  }

  /** Where the run stands in its text now. */
  StreamPosition position() {
    return new StreamPosition(stream.position(), parallel.streamStates(), parallel.dropoutRngStates(),
        sampleRng.state());
  }

  /** The carried state tensors with their shapes, for a checkpoint to fill (as {@link #position()} gives them). */
  List<Matrix> carriedShapes() {
    return parallel.streamStates();
  }

  /** Back to where a checkpoint stood. */
  void restore(StreamPosition p) {
    stream.seek(p.window());
    parallel.restoreStreamStates(p.carried());
    parallel.restoreDropoutRngs(p.dropoutRngs());
    sampleRng.restore(p.sampleRng());
  }

  /**
   * A sample of generated text from the current weights, starting from stream 0's current state and
   * the first character of the current window (as min-char-rnn does).
   */
  String sample(int length) {
    Sampler sampler = new Sampler(model);
    List<Matrix> from = model.states();
    List<Matrix> to = sampler.states();
    for (int i = 0; i < from.size(); i++) {
      to.get(i).copyFrom(from.get(i).rows(0, 1));
    }
    sampler.prime(new int[] {inputs[0]});
    StringBuilder sb = new StringBuilder();
    sampler.generate(length, SamplingOptions.defaults(), sampleRng, id -> sb.append(vocabulary.decode(id)));
    return sb.toString();
  }

  LanguageModel model() {
    return model;
  }

  Vocabulary vocabulary() {
    return vocabulary;
  }

  TrainingConfig config() {
    return config;
  }

  String corpusName() {
    return corpusName;
  }

  int corpusLength() {
    return corpusLength;
  }

  /** SHA-256 (hex) of the bytes of the training text. */
  String corpusSha256() {
    return corpusSha256;
  }

  TokenRange validationRange() {
    return validation;
  }
}
