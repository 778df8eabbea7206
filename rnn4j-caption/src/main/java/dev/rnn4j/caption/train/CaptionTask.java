package dev.rnn4j.caption.train;

import dev.rnn4j.caption.model.CaptionBatch;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.EncodedCaptions;
import dev.rnn4j.caption.model.Perplexity;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.TrainingState;
import dev.rnn4j.train.TrainingTask;
import dev.rnn4j.train.Validation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * A {@link CaptionModel} as a {@link dev.rnn4j.train.TrainingTask}: whole captions, in batches of B (the
 * last one of an epoch smaller), each epoch in an order shuffled by a seeded generator, each batch from a
 * zero state; the loss is the mean cross-entropy per predicted token (words and END). It asks for a
 * validation after every epoch: the perplexity of the validation captions and, when given, a
 * {@link CaptionValidation} score, which then picks the best checkpoint.
 *
 * <p>Exact resumption: the generator's state before it drew the current epoch's order is kept, so a
 * checkpoint can redraw that order and continue from the same batch.
 */
final class CaptionTask implements TrainingTask {
  private final CaptionModel model;
  private final String vocabulary;
  private final CaptionTrainingConfig config;
  private final EncodedCaptions train;
  private final EncodedCaptions validation;
  private final CaptionValidation score;
  private final Rng shuffle;
  private final Rng dropout;
  private long[] epochStart;
  private int[] order;
  private int epoch;
  private int position;
  private int lastTokens;
  private boolean epochEnded;

  CaptionTask(CaptionModel model, String vocabulary, EncodedCaptions train, EncodedCaptions validation,
              CaptionValidation score, CaptionTrainingConfig config) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training captions");
    }
    int f = model.config().featureWidth();
    for (EncodedCaptions d : new EncodedCaptions[] {train, validation}) {
      if (d.size() > 0 && d.featureWidth() != f) {
        throw new IllegalArgumentException("image features have width " + d.featureWidth() + ", the model expects " + f);
      }
    }
    this.model = model;
    this.vocabulary = vocabulary;
    this.train = train;
    this.validation = validation;
    this.score = score;
    this.config = config;
    this.shuffle = new Rng(config.seed() ^ 0x5DEECE66DL);
    this.dropout = new Rng(config.seed() + 0x9E3779B97F4A7C15L);
    drawOrder();
  }

  @Override
  public Parameters parameters() {
    return model.parameters();
  }

  @Override
  public int epoch() {
    return epoch;
  }

  @Override
  public long completedEpochs() {
    return epoch;
  }

  @Override
  public double epochsDone() {
    return epoch + position / (double) train.size();
  }

  @Override
  public long batchesPerEpoch() {
    return (train.size() + config.batch() - 1) / config.batch();
  }

  @Override
  public double trainBatch() {
    int n = Math.min(config.batch(), train.size() - position);
    CaptionBatch batch = train.batch(order, position, n);
    model.parameters().zeroGrads();
    lastTokens = batch.tokens();
    double loss = model.trainStep(batch, 1f / batch.tokens(), dropout) / batch.tokens();
    position += n;
    epochEnded = position == train.size();
    if (epochEnded) {
      epoch++;
      position = 0;
      drawOrder();
    }
    return loss;
  }

  @Override
  public int lastBatchTokens() {
    return lastTokens;
  }

  /** After every epoch. */
  @Override
  public boolean validationDue(long iteration) {
    return epochEnded;
  }

  @Override
  public Validation validate() {
    OptionalDouble loss = validation.size() > 0 ? OptionalDouble.of(Perplexity.meanNll(model, validation))
        : OptionalDouble.empty();
    OptionalDouble s = score != null ? OptionalDouble.of(score.score(model)) : OptionalDouble.empty();
    return new Validation(loss, s);
  }

  /** Nothing to compare (no validation captions, no score): the latest model is the best. */
  @Override
  public boolean unmeasuredIsBest() {
    return true;
  }

  /** {iteration, epochs done, validation perplexity, score}. */
  @Override
  public double[] historyRow(long iteration, double trainLoss, double smoothLoss, Validation v) {
    return new double[] {iteration, epochsDone(), Math.exp(v.lossOrNaN()), v.scoreOrNaN()};
  }

  @Override
  public double initialLoss() {
    return Double.NaN;
  }

  @Override
  public void writeCheckpoint(Path file, TrainingState state, Optimizer optimizer) throws IOException {
    CaptionCheckpoint.write(file, this, state, optimizer);
  }

  /** Remembers the generator's state, then draws this epoch's order (Fisher-Yates). */
  private void drawOrder() {
    epochStart = shuffle.state();
    order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** Where the run stands in its data now. */
  CaptionPosition position() {
    return new CaptionPosition(epoch, position, train.size(), epochStart.clone(), dropout.state());
  }

  /** Back to where a checkpoint stood: the epoch's order is redrawn from the saved generator state. */
  void restore(CaptionPosition p) {
    if (p.trainSize() != train.size()) {
      throw new IllegalArgumentException("the checkpoint was trained on " + p.trainSize()
          + " captions, this data has " + train.size() + "; resume on the same data");
    }
    if (p.position() < 0 || p.position() >= train.size()) {
      throw new IllegalArgumentException("checkpoint position " + p.position() + " outside the " + train.size()
          + " training captions");
    }
    this.epoch = p.epoch();
    this.position = p.position();
    dropout.restore(p.dropoutRng());
    shuffle.restore(p.epochStart());
    drawOrder();
  }

  /** The held-out score's name, or null when the best checkpoint is picked by perplexity. */
  String scoreName() {
    return score == null ? null : score.name();
  }

  CaptionModel model() {
    return model;
  }

  String vocabulary() {
    return vocabulary;
  }

  CaptionTrainingConfig config() {
    return config;
  }
}
