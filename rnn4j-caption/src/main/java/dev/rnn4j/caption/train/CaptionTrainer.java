package dev.rnn4j.caption.train;

import dev.rnn4j.caption.model.CaptionBatch;
import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.EncodedCaptions;
import dev.rnn4j.caption.model.Perplexity;
import dev.rnn4j.optim.GradientClipping;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Trains a {@link CaptionModel} on whole captions.
 *
 * <p>Each epoch visits the training captions in an order shuffled by a seeded generator, in batches of B
 * (the last one smaller); each batch starts from a zero state. An update minimises the mean cross-entropy
 * per predicted token (words and END) of its batch: forward and backward, a finite check, global-norm
 * clipping, then the optimizer. After every epoch, and at the end of the run, it validates: the
 * perplexity of the validation captions and, when given, a {@link CaptionValidation} score; listeners
 * (one of which writes checkpoints) hear of it.
 *
 * <p>Exact resumption: the generator's state before it drew the current epoch's order is kept, so a
 * checkpoint can redraw that order and continue from the same batch, with the same dropout generator and
 * optimizer state.
 */
public final class CaptionTrainer {
  private final CaptionModel model;
  private final String vocabulary;
  private final CaptionTrainingConfig config;
  private final EncodedCaptions train;
  private final EncodedCaptions validation;
  private final CaptionValidation score;
  private final Optimizer optimizer;
  private final Rng shuffle;
  private final Rng dropout;
  private final List<CaptionTrainingListener> listeners = new ArrayList<>();
  private final List<double[]> history = new ArrayList<>();
  private long[] epochStart;
  private int[] order;
  private long iteration;
  private int epoch;
  private int position;
  private double best = Double.NaN;
  private long lastValidated = -1;
  private volatile boolean stopRequested;

  CaptionTrainer(CaptionModel model, String vocabulary, EncodedCaptions train, EncodedCaptions validation,
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
    this.optimizer = config.optimizer().create(model.parameters().size());
    this.shuffle = new Rng(config.seed() ^ 0x5DEECE66DL);
    this.dropout = new Rng(config.seed() + 0x9E3779B97F4A7C15L);
    drawOrder();
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
    CaptionTrainer t = new CaptionTrainer(checkpoint.model(), checkpoint.vocabulary(), train, validation, score, config);
    checkpoint.restoreInto(t);
    return t;
  }

  public void addListener(CaptionTrainingListener listener) {
    listeners.add(listener);
  }

  /** Asks the run to stop after the current update (e.g. from a signal handler). */
  public void requestStop() {
    stopRequested = true;
  }

  /** Trains until a limit of the config is reached. */
  public void run() {
    for (CaptionTrainingListener l : listeners) {
      l.onStart(this);
    }
    long start = System.nanoTime();
    Matrix values = model.parameters().values();
    Matrix grads = model.parameters().grads();
    while (!limitReached(start)) {
      int n = Math.min(config.batch(), train.size() - position);
      CaptionBatch batch = train.batch(order, position, n);
      model.parameters().zeroGrads();
      double loss = model.trainStep(batch, 1f / batch.tokens(), dropout) / batch.tokens();
      long it = iteration + 1;
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException(nonFinite("loss (" + loss + ")", it));
      }
      double norm = GradientClipping.globalNorm(grads);
      if (!Double.isFinite(norm)) {
        throw new IllegalStateException(nonFinite("gradient", it));
      }
      if (config.clipNorm() > 0) {
        GradientClipping.clipGlobalNorm(grads, config.clipNorm());
      }
      optimizer.step(values, grads, config.learningRate().rate(epoch));
      iteration = it;
      position += n;
      double elapsed = (System.nanoTime() - start) / 1e9;
      for (CaptionTrainingListener l : listeners) {
        l.onIteration(this, iteration, epochsDone(), loss, norm, elapsed);
      }
      if (position == train.size()) {
        epoch++;
        position = 0;
        drawOrder();
        validate();
      }
    }
    if (lastValidated != iteration) {
      validate();
    }
    for (CaptionTrainingListener l : listeners) {
      l.onEnd(this);
    }
  }

  private static String nonFinite(String what, long iteration) {
    return "non-finite " + what + " at iteration " + iteration + "; training stopped before the update, the last"
        + " checkpoint is intact (try a lower learning rate)";
  }

  private boolean limitReached(long startNanos) {
    return stopRequested
        || config.maxIterations() > 0 && iteration >= config.maxIterations()
        || config.maxEpochs() > 0 && epoch >= config.maxEpochs()
        || config.maxSeconds() > 0 && (System.nanoTime() - startNanos) / 1e9 >= config.maxSeconds();
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

  private void validate() {
    lastValidated = iteration;
    double ppl = validation.size() > 0 ? Perplexity.of(model, validation) : Double.NaN;
    double s = score != null ? score.score(model) : Double.NaN;
    if (Double.isInfinite(ppl) || score != null && !Double.isFinite(s)) {
      throw new IllegalStateException("non-finite validation (perplexity " + ppl + ", score " + s + ") at iteration "
          + iteration + "; this model is not saved, the last checkpoint is intact (try a lower learning rate)");
    }
    boolean improved;
    if (score != null) {
      improved = Double.isNaN(best) || s > best;
      best = improved ? s : best;
    } else if (!Double.isNaN(ppl)) {
      improved = Double.isNaN(best) || ppl < best;
      best = improved ? ppl : best;
    } else {
      improved = true; // nothing to compare: the latest is the best
    }
    history.add(new double[] {iteration, epochsDone(), ppl, s});
    CaptionValidationReport report = new CaptionValidationReport(iteration, epochsDone(), ppl, s, improved);
    for (CaptionTrainingListener l : listeners) {
      l.onValidation(this, report);
    }
  }

  // ---- state, for checkpoints and tools ----------------------------------------------------------

  public CaptionModel model() {
    return model;
  }

  public String vocabulary() {
    return vocabulary;
  }

  public CaptionTrainingConfig config() {
    return config;
  }

  /** The held-out score's name, or null when the best checkpoint is picked by perplexity. */
  public String scoreName() {
    return score == null ? null : score.name();
  }

  public long iteration() {
    return iteration;
  }

  /** Epochs completed. */
  public int epoch() {
    return epoch;
  }

  /** Epochs done as a fraction. */
  public double epochsDone() {
    return epoch + position / (double) train.size();
  }

  /** The best validation value so far: the score when there is one, else the perplexity. */
  public double best() {
    return best;
  }

  /** Rows of {iteration, epochs done, validation perplexity, score} at each validation. */
  public List<double[]> history() {
    return Collections.unmodifiableList(history);
  }

  int trainSize() {
    return train.size();
  }

  int position() {
    return position;
  }

  Optimizer optimizer() {
    return optimizer;
  }

  long[] epochStart() {
    return epochStart.clone();
  }

  Rng dropoutRng() {
    return dropout;
  }

  /** Back to where a checkpoint stood: the epoch's order is redrawn from the saved generator state. */
  void restore(long iteration, int epoch, int position, long[] epochStart, double best, List<double[]> rows) {
    if (position < 0 || position >= train.size()) {
      throw new IllegalArgumentException("checkpoint position " + position + " outside the " + train.size()
          + " training captions");
    }
    this.iteration = iteration;
    this.epoch = epoch;
    this.position = position;
    this.best = best;
    this.lastValidated = iteration;
    shuffle.restore(epochStart);
    drawOrder();
    history.clear();
    history.addAll(rows);
  }
}
