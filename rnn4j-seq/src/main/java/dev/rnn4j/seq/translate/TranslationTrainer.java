package dev.rnn4j.seq.translate;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.StopLimits;
import dev.rnn4j.train.StopReason;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.UpdateStep;
import java.util.List;

/**
 * Trains a translator: the core's {@link TrainingLoop} run over a {@link TranslationTask} (bucketed,
 * shuffled batches of sentence pairs; validation on held-out pairs after every epoch, or every
 * {@code evalEvery} updates; listeners, one of which writes checkpoints, hear of it). The best checkpoint is
 * the one with the highest dev BLEU-4.
 */
public final class TranslationTrainer {
  private final TranslationTask task;
  private final TrainingLoop loop;

  private TranslationTrainer(Translator model, TranslationEncoding encoding, List<SentencePair> train,
                             List<SentencePair> dev, List<List<String>> devReferences, SeqTrainingConfig config,
                             int maxLength) {
    this.task = new TranslationTask(model, encoding, train, dev, devReferences, config, maxLength);
    this.loop = new TrainingLoop(task, new UpdateStep(config.optimizer(), model.parameters().size(), 0f,
        config.clipNorm()), config.learningRate(),
        new StopLimits(config.maxIterations(), config.maxEpochs(), config.maxSeconds()));
  }

  /**
   * A new run: a model of {@code modelConfig} initialised from the seed.
   *
   * @param dev           held-out pairs (may be empty: then the latest model is the best)
   * @param devReferences the words of each dev pair's reference translation
   * @param maxLength     the data's length limit in words (caps the length of translations)
   */
  public static TranslationTrainer create(TranslationConfig modelConfig, TranslationEncoding encoding,
                                          List<SentencePair> train, List<SentencePair> dev,
                                          List<List<String>> devReferences, SeqTrainingConfig config, int maxLength) {
    Translator model = new Translator(modelConfig);
    model.initialize(new Rng(config.seed()));
    return new TranslationTrainer(model, encoding, train, dev, devReferences, config, maxLength);
  }

  /** Continues the run of a checkpoint on the same data; {@code config} may extend the limits. */
  public static TranslationTrainer resume(TranslationCheckpoint checkpoint, List<SentencePair> train,
                                          List<SentencePair> dev, List<List<String>> devReferences,
                                          SeqTrainingConfig config) {
    TranslationTrainer t = new TranslationTrainer(checkpoint.model(), checkpoint.encoding(), train, dev,
        devReferences, config, checkpoint.maxLength());
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

  public Translator model() {
    return task.model();
  }

  public long batchesPerEpoch() {
    return task.batchesPerEpoch();
  }

  public TranslationEncoding encoding() {
    return task.encoding();
  }

  public long iteration() {
    return loop.iteration();
  }

  /** Epochs done as a fraction. */
  public double epochsDone() {
    return task.epochsDone();
  }

  /** The best dev BLEU-4 so far, NaN when none was measured. */
  public double best() {
    return loop.best();
  }

  /** Rows of {iteration, epochs done, dev loss, dev BLEU-4} at each validation. */
  public List<double[]> history() {
    return loop.history();
  }
}
