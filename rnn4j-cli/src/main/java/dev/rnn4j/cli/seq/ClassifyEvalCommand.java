package dev.rnn4j.cli.seq;

import dev.rnn4j.seq.data.LabelledText;
import dev.rnn4j.seq.eval.ConfusionMatrix;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import dev.rnn4j.tensor.Blas;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j classify eval CKPT DATA...}: accuracy, macro-F1 and the confusion matrix. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Score a classifier on labelled data: accuracy, macro-F1, per-class scores, confusion matrix, "
        + "and with --errors the texts it gets wrong.")
final class ClassifyEvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "a classifier's checkpoint")
  Path checkpoint;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "DATA", description = "labelled files (or folders)")
  List<Path> data;

  @Option(names = "--format", paramLabel = "tsv|fasttext|dir", description = "as for train (default tsv)")
  String format = "tsv";

  @Option(names = "--errors", paramLabel = "N", description = "also print up to N misclassified texts, shortest first")
  int errors;

  @Option(names = "--threads", description = "OpenBLAS threads (default 1)")
  int threads = 1;

  @Override
  public Integer call() throws Exception {
    Blas.setThreads(Math.max(1, threads));
    SeqCheckpoint c = SeqCheckpoint.load(checkpoint, SeqKind.CLASSIFIER);
    SeqEncoding encoding = c.encoding();
    List<LabelledText> texts = ClassifyData.read(format, data);
    List<Example> examples = ClassifyData.examples(encoding, texts, data.get(0).toString());
    Predictor.Result r = new Predictor(c.model(), 64).run(examples);
    ConfusionMatrix cm = new ConfusionMatrix(encoding.labels());
    for (int i = 0; i < examples.size(); i++) {
      cm.add(encoding.label(examples.get(i).label()), encoding.label(r.labels().get(i)[0]));
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "%,d texts: accuracy %.2f%% | macro-F1 %.4f | loss %.4f nats%n", examples.size(),
        100 * cm.accuracy(), cm.macroF1(), r.loss());
    out.print(cm.renderScores());
    out.print(cm.renderMatrix());
    if (errors > 0) {
      printErrors(out, texts, examples, r, encoding);
    }
    return 0;
  }

  /** The misclassified texts, shortest first (where a classifier of text has least to go on). */
  private void printErrors(PrintStream out, List<LabelledText> texts, List<Example> examples, Predictor.Result r,
                           SeqEncoding encoding) {
    List<Integer> wrong = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      if (r.labels().get(i)[0] != examples.get(i).label()) {
        wrong.add(i);
      }
    }
    wrong.sort(Comparator.comparingInt((Integer i) -> texts.get(i).text().length()).thenComparing(i -> i));
    out.printf(Locale.ROOT, "misclassified: %d of %d%s%n", wrong.size(), examples.size(),
        wrong.size() > errors ? " (the " + errors + " shortest)" : "");
    for (int i : wrong.subList(0, Math.min(errors, wrong.size()))) {
      out.printf(Locale.ROOT, "  gold %s, predicted %s (%.3f): %s%n", texts.get(i).label(),
          encoding.label(r.labels().get(i)[0]), r.probability().get(i)[0], texts.get(i).text());
    }
  }
}
