package dev.rnn4j.cli.seq;

import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rnn4j classify predict CKPT [FILE|-]}: a label and its probability per line, as each line is read. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Classify each line of FILE (standard input when FILE is - or absent).",
        "Prints label<TAB>probability per line, as soon as the line is read; a blank line gives a blank line."})
final class ClassifyPredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "a classifier's checkpoint")
  Path checkpoint;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "input text (default -: standard input)")
  String file = "-";

  @Override
  public Integer call() throws Exception {
    SeqCheckpoint c = SeqCheckpoint.load(checkpoint, SeqKind.CLASSIFIER);
    SeqEncoding encoding = c.encoding();
    Predictor predictor = new Predictor(c.model(), 1);
    PrintStream out = System.out;
    InputLines.forEach(file, (line, number) -> {
      if (line.isBlank()) {
        out.println();
      } else {
        Predictor.Result r = predictor.run(List.of(encoding.classifierExample(line, null)));
        out.printf(Locale.ROOT, "%s\t%.4f%n", encoding.label(r.labels().get(0)[0]), r.probability().get(0)[0]);
      }
      out.flush();
    });
    return 0;
  }
}
