package dev.rnn4j.seq.translate;

import dev.rnn4j.nn.Parameters;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.score.Bleu;
import dev.rnn4j.seq.train.SeqPosition;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.BucketedBatches;
import dev.rnn4j.train.TrainingState;
import dev.rnn4j.train.TrainingTask;
import dev.rnn4j.train.Validation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A {@link Translator} as a {@link TrainingTask}: bucketed, shuffled batches of sentence pairs
 * ({@link BucketedBatches}), teacher forcing, and validation after every epoch (or every {@code evalEvery}
 * updates) on held-out pairs: their loss per target token, and the corpus BLEU-4 of their greedy
 * translations against the references (on this project's tokenisation, subword units joined), which picks
 * the best checkpoint.
 *
 * <p>Exact resumption: the generator's state before it drew the current epoch's plan is kept, so a
 * checkpoint redraws the same plan and continues from the same batch.
 */
final class TranslationTask implements TrainingTask {
  private final Translator model;
  private final TranslationEncoding encoding;
  private final SeqTrainingConfig config;
  private final int maxLength;
  private final List<SentencePair> dev;
  private final List<List<List<String>>> devReferences;
  private final BucketedBatches<SentencePair> batches;
  private final Rng dropout;
  private int lastTokens;

  /**
   * @param devReferences the words of each dev pair's reference translation (BLEU compares words)
   * @param maxLength     the data's length limit in words (kept in checkpoints; caps translations' length)
   */
  TranslationTask(Translator model, TranslationEncoding encoding, List<SentencePair> train, List<SentencePair> dev,
                  List<List<String>> devReferences, SeqTrainingConfig config, int maxLength) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training sentences");
    }
    if (dev.size() != devReferences.size()) {
      throw new IllegalArgumentException(dev.size() + " dev pairs but " + devReferences.size() + " references");
    }
    this.model = model;
    this.encoding = encoding;
    this.dev = List.copyOf(dev);
    List<List<List<String>>> refs = new ArrayList<>();
    for (List<String> r : devReferences) {
      refs.add(List.of(r));
    }
    this.devReferences = refs;
    this.config = config;
    this.maxLength = maxLength;
    this.batches = new BucketedBatches<>(train, config.batch(), SentencePair::length,
        new Rng(config.seed() ^ 0x5DEECE66DL));
    this.dropout = new Rng(config.seed() + 0x9E3779B97F4A7C15L);
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
    List<SentencePair> batch = batches.next();
    model.parameters().zeroGrads();
    lastTokens = 0;
    for (SentencePair p : batch) {
      lastTokens += p.target().length + 1;
    }
    double loss = model.trainStep(batch, dropout);
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

  /** Dev loss per target token and dev BLEU-4 of greedy translations; nothing without dev pairs. */
  @Override
  public Validation validate() {
    if (dev.isEmpty()) {
      return Validation.none();
    }
    double loss = 0;
    long tokens = 0;
    int[] count = new int[1];
    List<int[]> sources = new ArrayList<>(dev.size());
    for (int from = 0; from < dev.size(); from += config.batch()) {
      List<SentencePair> part = dev.subList(from, Math.min(dev.size(), from + config.batch()));
      loss += model.summedLoss(part, count);
      tokens += count[0];
    }
    for (SentencePair p : dev) {
      sources.add(p.source());
    }
    List<int[]> written = TranslationSearch.greedy(model, sources, config.batch(), maxLength);
    List<List<String>> candidates = new ArrayList<>(written.size());
    for (int[] ids : written) {
      candidates.add(encoding.targetWords(ids));
    }
    double bleu = Bleu.corpus(candidates, devReferences).bleu(Bleu.MAX_ORDER);
    return new Validation(OptionalDouble.of(loss / tokens), OptionalDouble.of(bleu));
  }

  @Override
  public boolean unmeasuredIsBest() {
    return true;
  }

  /** {iteration, epochs done, dev loss, dev BLEU-4}. */
  @Override
  public double[] historyRow(long iteration, double trainLoss, double smoothLoss, Validation v) {
    return new double[] {iteration, epochsDone(), v.lossOrNaN(), v.scoreOrNaN()};
  }

  /** ln V: the loss of a uniform guess over the target vocabulary. */
  @Override
  public double initialLoss() {
    return Math.log(model.config().targetVocab());
  }

  @Override
  public void writeCheckpoint(Path file, TrainingState state, Optimizer optimizer) throws IOException {
    TranslationCheckpoint.write(file, this, state, optimizer);
  }

  SeqPosition position() {
    return SeqPosition.of(batches, dropout);
  }

  /** Back to where a checkpoint stood. */
  void restore(SeqPosition p) {
    p.restore(batches, dropout, "sentence pairs");
  }

  Translator model() {
    return model;
  }

  TranslationEncoding encoding() {
    return encoding;
  }

  SeqTrainingConfig config() {
    return config;
  }

  int maxLength() {
    return maxLength;
  }
}
