package dev.rnn4j.seq.train;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.SeqConfig;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SequenceModel;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.StopLimits;
import dev.rnn4j.train.StopReason;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.UpdateStep;
import java.util.List;

/**
 * Trains a classifier or tagger: the core's {@link TrainingLoop} run over a {@link SeqTask} (bucketed,
 * shuffled batches; validation on held-out examples after every epoch, or every {@code evalEvery} updates;
 * listeners, one of which writes checkpoints, hear of it). The best checkpoint is the one with the highest
 * held-out accuracy.
 */
public final class SeqTrainer {
  private final SeqTask task;
  private final TrainingLoop loop;

  private SeqTrainer(SequenceModel model, SeqEncoding encoding, String tagColumn, List<Example> train,
                     List<Example> dev, SeqTrainingConfig config) {
    this.task = new SeqTask(model, encoding, tagColumn, train, dev, config);
    this.loop = new TrainingLoop(task, new UpdateStep(config.optimizer(), model.parameters().size(), 0f,
        config.clipNorm()), config.learningRate(),
        new StopLimits(config.maxIterations(), config.maxEpochs(), config.maxSeconds()));
  }

  /**
   * A new run: a model of {@code modelConfig} initialised from the seed.
   *
   * @param tagColumn a tagger's CoNLL-U column (upos or xpos), "" for a classifier
   * @param dev       held-out examples for validation (may be empty: then the latest model is the best)
   */
  public static SeqTrainer create(SeqConfig modelConfig, SeqEncoding encoding, String tagColumn, List<Example> train,
                                  List<Example> dev, SeqTrainingConfig config) {
    SequenceModel model = new SequenceModel(modelConfig);
    model.initialize(new Rng(config.seed()));
    return new SeqTrainer(model, encoding, tagColumn, train, dev, config);
  }

  /** Continues the run of a checkpoint on the same data; {@code config} may extend the limits. */
  public static SeqTrainer resume(SeqCheckpoint checkpoint, List<Example> train, List<Example> dev,
                                  SeqTrainingConfig config) {
    SeqTrainer t = new SeqTrainer(checkpoint.model(), checkpoint.encoding(), checkpoint.tagColumn(), train, dev,
        config);
    try {
      checkpoint.run().checkResumable(t.loop.optimizer(), config);
      t.task.restore(checkpoint.run().position());
      checkpoint.run().readOptimizer(t.loop.optimizer());
    } catch (CheckpointException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    t.loop.restore(checkpoint.run().trainingState(t.task.initialLoss()));
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

  public SequenceModel model() {
    return task.model();
  }

  public SeqEncoding encoding() {
    return task.encoding();
  }

  public long iteration() {
    return loop.iteration();
  }

  /** Epochs done as a fraction. */
  public double epochsDone() {
    return task.epochsDone();
  }

  /** The best held-out accuracy so far, NaN when none was measured. */
  public double best() {
    return loop.best();
  }

  /** Rows of {iteration, epochs done, dev loss, dev accuracy} at each validation. */
  public List<double[]> history() {
    return loop.history();
  }
}
