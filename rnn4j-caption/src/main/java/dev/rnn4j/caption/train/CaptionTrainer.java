package dev.rnn4j.caption.train;

import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.EncodedCaptions;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.StopLimits;
import dev.rnn4j.train.StopReason;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.UpdateStep;
import java.util.List;

/**
 * Trains a {@link CaptionModel} on whole captions: the core's {@link TrainingLoop} run over a
 * {@link CaptionTask} (shuffled batches of captions, validation after every epoch and at the end of the
 * run; listeners, one of which writes checkpoints, hear of it).
 */
public final class CaptionTrainer {
  private final CaptionTask task;
  private final TrainingLoop loop;

  private CaptionTrainer(CaptionModel model, String vocabulary, EncodedCaptions train, EncodedCaptions validation,
                         CaptionValidation score, CaptionTrainingConfig config) {
    this.task = new CaptionTask(model, vocabulary, train, validation, score, config);
    this.loop = new TrainingLoop(task, new UpdateStep(config.optimizer(), model.parameters().size(), 0f,
        config.clipNorm()), config.learningRate(),
        new StopLimits(config.maxIterations(), config.maxEpochs(), config.maxSeconds()));
  }

  /**
   * A new run: a model initialised from the seed.
   *
   * @param vocabulary the serialised word vocabulary, stored in checkpoints as it is
   * @param validation held-out captions for perplexity (may be empty)
   * @param score      a held-out score that picks the best checkpoint, or null to pick by perplexity
   */
  public static CaptionTrainer create(CaptionConfig modelConfig, String vocabulary, EncodedCaptions train,
                                      EncodedCaptions validation, CaptionValidation score,
                                      CaptionTrainingConfig config) {
    CaptionModel model = new CaptionModel(modelConfig);
    model.initialize(new Rng(config.seed()));
    if (config.normalizeFeatures()) {
      model.featureNormalization().fit(train.features());
    }
    return new CaptionTrainer(model, vocabulary, train, validation, score, config);
  }

  /** Continues the run of a checkpoint on the same data; {@code config} may extend the limits. */
  public static CaptionTrainer resume(CaptionCheckpoint checkpoint, EncodedCaptions train,
                                      EncodedCaptions validation, CaptionValidation score,
                                      CaptionTrainingConfig config) {
    CaptionTrainer t = new CaptionTrainer(checkpoint.model(), checkpoint.vocabulary(), train, validation, score,
        config);
    try {
      checkpoint.checkResumable(t.loop.optimizer(), config);
      t.task.restore(checkpoint.position());
      checkpoint.readOptimizer(t.loop.optimizer());
    } catch (CheckpointException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    t.loop.restore(checkpoint.trainingState(t.task.initialLoss()));
    return t;
  }

  public void addListener(TrainingListener listener) {
    loop.addListener(listener);
  }

  /** Asks the run to stop after the current update (e.g. from a signal handler). */
  public void requestStop() {
    loop.requestStop();
  }

  /** Trains until a limit of the config is reached. */
  public StopReason run() {
    return loop.run();
  }

  public CaptionModel model() {
    return task.model();
  }

  public String vocabulary() {
    return task.vocabulary();
  }

  public CaptionTrainingConfig config() {
    return task.config();
  }

  /** The held-out score's name, or null when the best checkpoint is picked by perplexity. */
  public String scoreName() {
    return task.scoreName();
  }

  public long iteration() {
    return loop.iteration();
  }

  /** Epochs completed. */
  public int epoch() {
    return task.epoch();
  }

  /** Epochs done as a fraction. */
  public double epochsDone() {
    return task.epochsDone();
  }

  /** The best validation value so far: the score when there is one, else the perplexity. */
  public double best() {
    return bestAsReported(loop.best(), scoreName());
  }

  /** Rows of {iteration, epochs done, validation perplexity, score} at each validation. */
  public List<double[]> history() {
    return loop.history();
  }

  /** The loop keeps the best validation loss in nats; captioning reports (and stores) its perplexity. */
  static double bestAsReported(double loopBest, String scoreName) {
    return scoreName != null ? loopBest : Math.exp(loopBest);
  }
}
