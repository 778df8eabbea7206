package dev.rnn4j.cli.seq;

import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.seq.data.Folds;
import dev.rnn4j.seq.data.LabelledText;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import dev.rnn4j.seq.train.SeqTrainer;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.tensor.Blas;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j classify train DATA... [--dev DEV] --format tsv|fasttext|dir}: trains a sequence classifier. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a classifier (one label per text).",
        "Writes last.safetensors and best.safetensors (best dev accuracy) to the output directory."})
final class ClassifyTrainCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "DATA", description = "training files (or folders, with --format dir)")
  List<Path> data;

  @Option(names = "--format", paramLabel = "tsv|fasttext|dir",
      description = "text<TAB>label lines, __label__x text lines, or a folder per class (default tsv)")
  String format = "tsv";

  @Option(names = "--dev", paramLabel = "DEV", description = "held-out data in the same format (default: a stratified "
      + "--dev-frac of DATA)")
  Path dev;

  @Option(names = "--dev-frac", description = "fraction of DATA held out when there is no --dev (default 0.1)")
  double devFrac = 0.1;

  @Option(names = "--pooling", paramLabel = "last|mean|max", description = "how the sequence is summarised (default max)")
  String pooling = "max";

  @Option(names = "--balanced", description = "weight classes by inverse frequency (unbalanced data)")
  boolean balanced;

  @Mixin
  SeqModelFlags model = new SeqModelFlags();

  @Mixin
  SeqTrainingFlags training = new SeqTrainingFlags();

  @Override
  public Integer call() throws Exception {
    Blas.setThreads(Math.max(1, training.threads));
    SequencePooling.Kind pool = SequencePooling.Kind.parse(pooling);
    SeqCheckpoint checkpoint = training.resume != null ? SeqCheckpoint.load(training.resume, SeqKind.CLASSIFIER)
        : null;
    List<LabelledText> all = ClassifyData.read(format, data);
    List<LabelledText> train = all;
    List<LabelledText> held = List.of();
    if (dev != null) {
      held = ClassifyData.read(format, List.of(dev));
    } else {
      Folds.Fold f = ClassifyData.holdOut(all, devFrac, training.seed);
      train = f.train();
      held = f.test();
    }
    SeqEncoding encoding = checkpoint != null ? checkpoint.encoding()
        : ClassifyData.encoding(train, model.input(SeqKind.CLASSIFIER), model.minCount);
    List<Example> trainExamples = ClassifyData.examples(encoding, train, data.get(0).toString());
    List<Example> devExamples = ClassifyData.examples(encoding, held, dev != null ? dev.toString() : "dev");
    SeqTrainingConfig tc = training.config(balanced, checkpoint != null ? checkpoint.trainingConfig() : null);
    Path out = training.out != null ? training.out : Path.of("runs", "classify");
    SeqTrainer trainer;
    if (checkpoint != null) {
      if (model.anyGiven()) {
        throw new IllegalArgumentException("--resume continues the checkpoint's model; drop the model flags");
      }
      trainer = SeqTrainer.resume(checkpoint, trainExamples, devExamples, tc);
    } else {
      trainer = SeqTrainer.create(model.config(SeqKind.CLASSIFIER, encoding, pool), encoding, "", trainExamples,
          devExamples, tc);
    }
    SeqRun.run(trainer, out, trainExamples.size(), devExamples.size(), System.out);
    return 0;
  }
}
