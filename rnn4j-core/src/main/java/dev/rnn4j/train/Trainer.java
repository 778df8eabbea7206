package dev.rnn4j.train;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.TokenRange;
import dev.rnn4j.text.Vocabulary;
import java.util.List;

/**
 * Trains a {@link LanguageModel} on a corpus: the {@link TrainingLoop} run over a
 * {@link LanguageModelTask} (truncated BPTT over B streams, validation on the held-out end of the text).
 * Every {@code evalEvery} iterations it validates and tells the listeners (one of which writes
 * checkpoints). Everything a resumed run needs to continue exactly goes into a {@link Checkpoint}.
 */
public final class Trainer {
  private final LanguageModelTask task;
  private final TrainingLoop loop;

  private Trainer(LanguageModel model, Corpus corpus, TrainingConfig config, int threads) {
    this(model, corpus, config, threads, StreamWorkers.threads(threads));
  }

  private Trainer(LanguageModel model, Corpus corpus, TrainingConfig config, int threads,
                  StreamWorkers.Factory workers) {
    this.task = new LanguageModelTask(model, corpus, config, threads, workers);
    this.loop = new TrainingLoop(task, new UpdateStep(config.optimizer(), model.parameters().size(),
        config.clipValue(), config.clipNorm()), config.learningRate(),
        new StopLimits(config.maxIterations(), config.maxEpochs(), config.maxSeconds()));
  }

  /** A new run: a fresh model initialised from the seed, on all cores. */
  public static Trainer create(ModelConfig modelConfig, Corpus corpus, TrainingConfig config) {
    return create(modelConfig, corpus, config, Runtime.getRuntime().availableProcessors());
  }

  /** A new run on {@code threads} threads. */
  public static Trainer create(ModelConfig modelConfig, Corpus corpus, TrainingConfig config, int threads) {
    return create(modelConfig, corpus, config, threads, StreamWorkers.threads(threads));
  }

  /**
   * A new run whose streams {@code workers} run (a cluster's executors, say); {@code threads} serve
   * validation on this machine.
   */
  public static Trainer create(ModelConfig modelConfig, Corpus corpus, TrainingConfig config, int threads,
                               StreamWorkers.Factory workers) {
    if (modelConfig.vocabSize() != corpus.vocabulary().size()) {
      modelConfig = modelConfig.withVocabSize(corpus.vocabulary().size());
    }
    LanguageModel model = new LanguageModel(modelConfig);
    model.initialize(new Rng(config.seed()));
    Trainer trainer = new Trainer(model, corpus, config, threads, workers);
    if (modelConfig.unigramBias()) {
      model.initializeOutputBias(trainer.task.trainRange().counts());
    }
    return trainer;
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
   * and the best-validation record is forgotten; weights, optimizer state, iteration count and history carry
   * over.
   */
  public static Trainer resume(Checkpoint checkpoint, Corpus corpus, TrainingConfig config, int threads,
                               boolean allowNewData) {
    return resume(checkpoint, corpus, config, threads, allowNewData, StreamWorkers.threads(threads));
  }

  /** As above, with the streams run by {@code workers}. */
  public static Trainer resume(Checkpoint checkpoint, Corpus corpus, TrainingConfig config, int threads,
                               boolean allowNewData, StreamWorkers.Factory workers) {
    if (!checkpoint.vocabulary().equals(corpus.vocabulary())) {
      throw new IllegalArgumentException("the checkpoint was trained on a text with a different vocabulary ("
          + checkpoint.vocabulary().size() + " symbols) than " + corpus.name() + " ("
          + corpus.vocabulary().size() + " symbols)");
    }
    boolean newData = checkpoint.checkSameData(corpus.name(), corpus.sha256(), config.valFraction(), allowNewData);
    Trainer t = new Trainer(checkpoint.model(), corpus, config, threads, workers);
    try {
      checkpoint.readOptimizer(t.loop.optimizer());
      checkpoint.checkWindow(config);
      t.task.restore(checkpoint.streamPosition(t.task.carriedShapes(), config.batch(), newData));
    } catch (CheckpointException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    t.loop.restore(checkpoint.trainingState(newData));
    return t;
  }

  public void addListener(TrainingListener listener) {
    loop.addListener(listener);
  }

  /** Asks the run to stop after the current iteration (e.g. from a signal handler). */
  public void requestStop() {
    loop.requestStop();
  }

  /**
   * Trains until a limit of the config is reached; returns why it stopped. The data-parallel replicas'
   * threads are stopped when it returns or throws (a later run starts them again).
   */
  public StopReason run() {
    return loop.run();
  }

  /**
   * A sample of generated text from the current weights, starting from stream 0's current state and
   * the first character of the current window (as min-char-rnn does).
   */
  public String sample(int length) {
    return task.sample(length);
  }

  /** The loop this trainer runs (listeners receive it). */
  public TrainingLoop loop() {
    return loop;
  }

  public LanguageModel model() {
    return task.model();
  }

  public Vocabulary vocabulary() {
    return task.vocabulary();
  }

  public TrainingConfig config() {
    return task.config();
  }

  public long iteration() {
    return loop.iteration();
  }

  /** Epochs completed. */
  public long epoch() {
    return task.completedEpochs();
  }

  public double smoothLoss() {
    return loop.smoothLoss();
  }

  /** The best periodic validation loss (on the sample, when {@link TrainingConfig#evalChars()} sets one). */
  public double bestValidation() {
    return loop.best();
  }

  /**
   * Whether periodic validations (and so {@link #bestValidation()} and the best checkpoint's choice) score
   * a sample of the validation split rather than all of it.
   */
  public boolean validatesOnSample() {
    return task.sampled();
  }

  /** The last model's loss on the whole validation split, after {@link #run()}; NaN before or without one. */
  public double wholeValidation() {
    return task.wholeValidation();
  }

  /** Rows of {iteration, train loss, smoothed train loss, validation loss} at each validation. */
  public List<double[]> history() {
    return loop.history();
  }

  public TokenRange validationRange() {
    return task.validationRange();
  }

  public String corpusName() {
    return task.corpusName();
  }

  public int corpusLength() {
    return task.corpusLength();
  }

  /** SHA-256 (hex) of the bytes of the training text. */
  public String corpusSha256() {
    return task.corpusSha256();
  }
}
