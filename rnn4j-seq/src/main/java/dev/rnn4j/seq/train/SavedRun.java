package dev.rnn4j.seq.train;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.train.CheckpointSchema;
import dev.rnn4j.train.CheckpointTensors;
import dev.rnn4j.train.TrainingState;
import java.util.List;

/**
 * The part of a classifier's, tagger's or translator's checkpoint that is the run rather than the model:
 * how it trains ({@link SeqTrainingConfig}), where it stood (iteration, epoch, batch, the generators of the
 * epoch's plan and of dropout, the optimizer's steps), the best dev score and the history. Written and read
 * here once for every kind that trains on shuffled epochs of sequences. Fields, format 1.0:
 * <pre>
 * training.batch          1..2^16
 * training.optimizer, training.lr, lr_decay, lr_decay_after, lr_warmup, lr_anneal, lr_floor   (as the core's)
 * training.clip_norm      >= 0                        training.max_epochs, max_iterations, max_seconds (0 = none)
 * training.seed           long                        training.eval_every  0 = every epoch
 * training.balanced       true | false (class weights by inverse frequency; false but for a classifier)
 * position.iteration, position.epoch, position.batch, position.train_size, position.optimizer_steps
 * position.best           best dev score (NaN: none)
 * history                 JSON rows [iteration, epochs done, dev loss, dev score]
 * rng.shuffle, rng.dropout   tensors, I64, 4 each
 * </pre>
 */
public final class SavedRun {
  private final SafeTensorsFile data;
  private final SeqTrainingConfig training;
  private final long iteration;
  private final int epoch;
  private final int batch;
  private final int trainSize;
  private final double best;
  private final long optimizerSteps;
  private final List<double[]> history;

  private SavedRun(SafeTensorsFile data, SeqTrainingConfig training, long iteration, int epoch, int batch,
                   int trainSize, double best, long optimizerSteps, List<double[]> history) {
    this.data = data;
    this.training = training;
    this.iteration = iteration;
    this.epoch = epoch;
    this.batch = batch;
    this.trainSize = trainSize;
    this.best = best;
    this.optimizerSteps = optimizerSteps;
    this.history = history;
  }

  /** Adds the run's tensors and fields: {@code config} trained to {@code at}, the loop in {@code loop}. */
  public static void write(List<Tensor> tensors, MetadataFields m, SeqTrainingConfig t, SeqPosition at,
                           TrainingState loop) {
    tensors.add(Tensor.i64("rng.shuffle", at.epochStart()));
    tensors.add(Tensor.i64("rng.dropout", at.dropoutRng()));
    m.put("training.batch", t.batch());
    CheckpointSchema.writeOptimizer(m, "training.", t.optimizer(), t.learningRate());
    m.put("training.clip_norm", t.clipNorm())
        .put("training.max_epochs", t.maxEpochs())
        .put("training.max_iterations", t.maxIterations())
        .put("training.max_seconds", t.maxSeconds())
        .put("training.seed", t.seed())
        .put("training.eval_every", t.evalEvery())
        .put("training.balanced", t.balanced())
        .put("position.iteration", loop.iteration())
        .put("position.epoch", at.epoch())
        .put("position.batch", at.batch())
        .put("position.train_size", at.trainSize())
        .put("position.best", loop.best())
        .put("position.optimizer_steps", loop.optimizerSteps());
    CheckpointSchema.writeHistory(m, loop.history());
  }

  /**
   * Reads and checks the run's fields and tensors (the generators are read on resume only, but checked here:
   * a file that loads is one that resumes, as the core's).
   *
   * @param historyColumns the history's columns, for the message when it is malformed
   */
  public static SavedRun read(SafeTensorsFile f, MetadataFields m, String historyColumns)
      throws CheckpointException {
    SeqTrainingConfig training = new SeqTrainingConfig(m.integer("training.batch", 1, CheckpointSchema.MAX_WINDOW),
        CheckpointSchema.optimizer(m, "training."), CheckpointSchema.learningRate(m, "training."),
        m.real32("training.clip_norm", 0, Float.MAX_VALUE),
        m.integer("training.max_epochs", 0, Integer.MAX_VALUE),
        m.longValue("training.max_iterations", 0, Long.MAX_VALUE),
        m.real("training.max_seconds", 0, Double.MAX_VALUE, false),
        m.longValue("training.seed", Long.MIN_VALUE, Long.MAX_VALUE),
        m.integer("training.eval_every", 0, Integer.MAX_VALUE),
        m.bool("training.balanced"));
    SavedRun run = new SavedRun(f, training, m.longValue("position.iteration", 0, Long.MAX_VALUE),
        m.integer("position.epoch", 0, Integer.MAX_VALUE),
        m.integer("position.batch", 0, Integer.MAX_VALUE),
        m.integer("position.train_size", 0, Integer.MAX_VALUE),
        m.real("position.best", -Double.MAX_VALUE, Double.MAX_VALUE, true),
        m.longValue("position.optimizer_steps", 0, Long.MAX_VALUE),
        CheckpointSchema.readHistory(m, historyColumns));
    f.longs("rng.shuffle", 4);
    f.longs("rng.dropout", 4);
    return run;
  }

  /** Refuses another optimizer or batch than the saved run's: it would not continue exactly. */
  public void checkResumable(Optimizer opt, SeqTrainingConfig config) {
    CheckpointTensors.checkOptimizer(opt, training.optimizer().label());
    if (config.batch() != training.batch()) {
      throw new IllegalArgumentException("resume with the checkpoint's batch " + training.batch()
          + " to continue exactly, not " + config.batch());
    }
  }

  /** Where the task stood in its data. */
  public SeqPosition position() throws CheckpointException {
    return new SeqPosition(epoch, batch, trainSize, data.longs("rng.shuffle", 4), data.longs("rng.dropout", 4));
  }

  public void readOptimizer(Optimizer opt) throws CheckpointException {
    CheckpointTensors.readOptimizer(data, opt, optimizerSteps);
  }

  /** The loop's part of the saved run (the smoothed loss restarts from {@code initialLoss}). */
  public TrainingState trainingState(double initialLoss) {
    return new TrainingState(iteration, initialLoss, best, optimizerSteps, history);
  }

  public SeqTrainingConfig trainingConfig() {
    return training;
  }

  public long iteration() {
    return iteration;
  }

  public int epoch() {
    return epoch;
  }

  /** The best dev score (NaN: none measured). */
  public double best() {
    return best;
  }

  /** Rows of {iteration, epochs done, dev loss, dev score}. */
  public List<double[]> history() {
    return history;
  }
}
