package dev.rnn4j.seq.train;

import dev.rnn4j.nn.Parameters;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.model.SequenceModel;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.BucketedBatches;
import dev.rnn4j.train.TrainingState;
import dev.rnn4j.train.TrainingTask;
import dev.rnn4j.train.Validation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A {@link SequenceModel} as a {@link TrainingTask}. Each epoch's batches are bucketed by length and
 * shuffled ({@link BucketedBatches}: few padded steps, yet every batch differs from epoch to epoch). It
 * validates after every epoch, or every {@code evalEvery} updates: the mean loss on the held-out examples and
 * their accuracy (per sequence for a classifier, per word for a tagger), which picks the best checkpoint.
 *
 * <p>Exact resumption: the generator's state before it drew the current epoch's plan is kept, so a
 * checkpoint redraws the same plan and continues from the same batch.
 */
final class SeqTask implements TrainingTask {
  private final SequenceModel model;
  private final SeqEncoding encoding;
  private final SeqTrainingConfig config;
  private final String tagColumn;
  private final List<Example> dev;
  private final float[] classWeights;
  private final BucketedBatches<Example> batches;
  private final Rng dropout;
  private int lastTokens;

  SeqTask(SequenceModel model, SeqEncoding encoding, String tagColumn, List<Example> train, List<Example> dev,
          SeqTrainingConfig config) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    this.model = model;
    this.encoding = encoding;
    this.tagColumn = tagColumn;
    this.dev = List.copyOf(dev);
    this.config = config;
    this.classWeights = config.balanced() && model.config().kind() == SeqKind.CLASSIFIER
        ? balancedWeights(train, model.config().classes()) : null;
    this.batches = new BucketedBatches<>(train, config.batch(), Example::length,
        new Rng(config.seed() ^ 0x5DEECE66DL));
    this.dropout = new Rng(config.seed() + 0x9E3779B97F4A7C15L);
  }

  /** n / (C * n_c) per class (scikit-learn's "balanced"); a class absent from the data gets 0. */
  static float[] balancedWeights(List<Example> examples, int classes) {
    long[] counts = new long[classes];
    for (Example e : examples) {
      counts[e.label()]++;
    }
    float[] w = new float[classes];
    for (int c = 0; c < classes; c++) {
      w[c] = counts[c] == 0 ? 0f : (float) (examples.size() / ((double) classes * counts[c]));
    }
    return w;
  }

  @Override
  public Parameters parameters() {
    return model.parameters();
  }

  @Override
  public int epoch() {
    return batches.epoch();
  }

  @Override
  public long completedEpochs() {
    return batches.epoch();
  }

  @Override
  public double epochsDone() {
    return batches.epochsDone();
  }

  @Override
  public long batchesPerEpoch() {
    return batches.batchesPerEpoch();
  }

  @Override
  public double trainBatch() {
    List<Example> batch = batches.next();
    model.parameters().zeroGrads();
    lastTokens = 0;
    for (Example e : batch) {
      lastTokens += e.length();
    }
    double loss = model.trainStep(batch, classWeights, dropout);
    return loss;
  }

  @Override
  public int lastBatchTokens() {
    return lastTokens;
  }

  @Override
  public boolean validationDue(long iteration) {
    return config.evalEvery() > 0 ? iteration % config.evalEvery() == 0 : batches.epochEnded();
  }

  /** Loss and accuracy on the held-out examples; nothing without them. */
  @Override
  public Validation validate() {
    if (dev.isEmpty()) {
      return Validation.none();
    }
    Predictor.Result r = new Predictor(model, config.batch()).run(dev);
    return new Validation(OptionalDouble.of(r.loss()), OptionalDouble.of(accuracy(dev, r)));
  }

  /** The fraction of gold labels predicted (per sequence for a classifier, per word for a tagger). */
  static double accuracy(List<Example> examples, Predictor.Result r) {
    long right = 0;
    long all = 0;
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      int[] gold = e.tags() != null ? e.tags() : new int[] {e.label()};
      int[] got = r.labels().get(i);
      for (int k = 0; k < gold.length; k++) {
        right += gold[k] == got[k] ? 1 : 0;
        all++;
      }
    }
    return all == 0 ? Double.NaN : right / (double) all;
  }

  @Override
  public boolean unmeasuredIsBest() {
    return true;
  }

  /** {iteration, epochs done, dev loss, dev accuracy}. */
  @Override
  public double[] historyRow(long iteration, double trainLoss, double smoothLoss, Validation v) {
    return new double[] {iteration, epochsDone(), v.lossOrNaN(), v.scoreOrNaN()};
  }

  /** ln C: the loss of a uniform guess. */
  @Override
  public double initialLoss() {
    return Math.log(model.config().classes());
  }

  @Override
  public void writeCheckpoint(Path file, TrainingState state, Optimizer optimizer) throws IOException {
    SeqCheckpoint.write(file, this, state, optimizer);
  }

  /** Where the run stands in its data now. */
  SeqPosition position() {
    return SeqPosition.of(batches, dropout);
  }

  /** Back to where a checkpoint stood. */
  void restore(SeqPosition p) {
    p.restore(batches, dropout, "examples");
  }

  SequenceModel model() {
    return model;
  }

  SeqEncoding encoding() {
    return encoding;
  }

  /** A tagger's CoNLL-U column (upos or xpos); "" for a classifier. */
  String tagColumn() {
    return tagColumn;
  }

  SeqTrainingConfig config() {
    return config;
  }
}
