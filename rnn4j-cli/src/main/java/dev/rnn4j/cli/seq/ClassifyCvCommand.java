package dev.rnn4j.cli.seq;

import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.seq.data.Folds;
import dev.rnn4j.seq.data.LabelledText;
import dev.rnn4j.seq.eval.BagOfWordsBaseline;
import dev.rnn4j.seq.eval.ConfusionMatrix;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import dev.rnn4j.seq.train.SeqTrainer;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.train.CheckpointWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j classify cv DATA... --folds 10}: k-fold cross-validated accuracy of the recurrent classifier
 * and, on the same folds, of a bag-of-words logistic regression. In each fold the classifier holds out a
 * stratified {@code --dev-frac} of the fold's training part to pick its best epoch (or, with 0, trains on all
 * of it and is scored as it ends); the test part is never seen before it is scored.
 */
@Command(name = "cv", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cross-validate a classifier against a bag-of-words logistic regression on the same folds.",
        "Prints each fold's accuracy, the mean and standard deviation, and both confusion matrices."})
final class ClassifyCvCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "DATA", description = "labelled files (or folders, with --format dir)")
  List<Path> data;

  @Option(names = "--format", paramLabel = "tsv|fasttext|dir", description = "as for train (default tsv)")
  String format = "tsv";

  @Option(names = "--folds", description = "number of folds (default 10)")
  int folds = 10;

  @Option(names = "--dev-frac", description = "fraction of each fold's training part held out to pick the best "
      + "epoch (default 0.1); 0 trains on all of it and scores the last model")
  double devFrac = 0.1;

  @Option(names = "--pooling", paramLabel = "last|mean|max", description = "as for train (default max)")
  String pooling = "max";

  @Option(names = "--balanced", description = "weight classes by inverse frequency")
  boolean balanced;

  @Mixin
  SeqModelFlags model = new SeqModelFlags();

  @Mixin
  SeqTrainingFlags training = new SeqTrainingFlags();

  @Override
  public Integer call() throws Exception {
    Blas.setThreads(Math.max(1, training.threads));
    if (training.resume != null) {
      throw new IllegalArgumentException("cv trains a model per fold; --resume does not apply");
    }
    SequencePooling.Kind pool = SequencePooling.Kind.parse(pooling);
    List<LabelledText> all = ClassifyData.read(format, data);
    SeqTrainingConfig tc = training.config(balanced, null);
    PrintStream out = System.out;
    List<String> labels = all.stream().map(LabelledText::label).distinct().sorted().toList();
    ConfusionMatrix rnnAll = new ConfusionMatrix(labels);
    ConfusionMatrix bowAll = new ConfusionMatrix(labels);
    double[] rnnAcc = new double[folds];
    double[] bowAcc = new double[folds];
    Path work = Files.createTempDirectory("rnn4j-cv");
    try {
      for (Folds.Fold fold : Folds.stratified(all, folds, training.seed)) {
        int k = fold.index();
        Folds.Fold inner = ClassifyData.holdOut(fold.train(), devFrac, training.seed + k);
        List<LabelledText> fit = inner.train();
        List<LabelledText> held = inner.test();
        SeqEncoding encoding = ClassifyData.encoding(fit, model.input(SeqKind.CLASSIFIER), model.minCount);
        List<Example> train = ClassifyData.examples(encoding, fit, "fold " + (k + 1));
        List<Example> dev = ClassifyData.examples(encoding, held, "fold " + (k + 1));
        List<Example> test = ClassifyData.examples(encoding, fold.test(), "fold " + (k + 1));
        SeqTrainer trainer = SeqTrainer.create(model.config(SeqKind.CLASSIFIER, encoding, pool), encoding, "",
            train, dev, tc);
        CheckpointWriter writer = new CheckpointWriter(work.resolve("fold-" + k));
        trainer.addListener(writer);
        long start = System.nanoTime();
        trainer.run();
        SeqCheckpoint best = SeqCheckpoint.load(writer.best(), SeqKind.CLASSIFIER);
        Predictor.Result r = new Predictor(best.model(), 64).run(test);
        ConfusionMatrix rnn = new ConfusionMatrix(labels);
        for (int i = 0; i < test.size(); i++) {
          rnn.add(fold.test().get(i).label(), encoding.label(r.labels().get(i)[0]));
        }
        BagOfWordsBaseline bow = BagOfWordsBaseline.fit(fold.train());
        ConfusionMatrix base = new ConfusionMatrix(labels);
        for (LabelledText t : fold.test()) {
          base.add(t.label(), bow.predict(t.text()));
        }
        rnnAll.addAll(rnn);
        bowAll.addAll(base);
        rnnAcc[k] = rnn.accuracy();
        bowAcc[k] = base.accuracy();
        String picked = dev.isEmpty() ? String.format(Locale.ROOT, "last model, epoch %.1f", trainer.epochsDone())
            : String.format(Locale.ROOT, "best dev %.2f%% at epoch %.1f", 100 * trainer.best(), bestEpoch(trainer));
        out.printf(Locale.ROOT, "fold %d/%d: rnn %.2f%% (%s, %s) | bag of words %.2f%%%n", k + 1, folds,
            100 * rnnAcc[k], picked, seconds(start), 100 * bowAcc[k]);
        out.flush();
      }
    } finally {
      delete(work);
    }
    out.printf(Locale.ROOT, "%d-fold accuracy: rnn %.2f%% ± %.2f | bag-of-words logistic regression %.2f%% ± %.2f%n",
        folds, 100 * mean(rnnAcc), 100 * sd(rnnAcc), 100 * mean(bowAcc), 100 * sd(bowAcc));
    out.println("rnn, all folds:");
    out.print(rnnAll.renderMatrix());
    out.println("bag of words, all folds:");
    out.print(bowAll.renderMatrix());
    return 0;
  }

  private static double bestEpoch(SeqTrainer t) {
    double best = Double.NEGATIVE_INFINITY;
    double epoch = 0;
    for (double[] row : t.history()) {
      if (row[3] > best) {
        best = row[3];
        epoch = row[1];
      }
    }
    return epoch;
  }

  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - start) / 1e9);
  }

  static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  /** Sample standard deviation over the folds. */
  static double sd(double[] a) {
    double m = mean(a);
    double s = 0;
    for (double v : a) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / Math.max(1, a.length - 1));
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
