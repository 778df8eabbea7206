package dev.rnn4j.cli.seq;

import dev.rnn4j.nn.SequencePooling;
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

/** {@code rnn4j tag train TRAIN.conllu --dev DEV.conllu}: trains a part-of-speech tagger. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a tagger (one tag per word) on CoNLL-U data.",
        "Writes last.safetensors and best.safetensors (best dev token accuracy) to the output directory."})
final class TagTrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TRAIN.conllu", description = "training sentences")
  Path train;

  @Option(names = "--dev", paramLabel = "DEV.conllu", description = "held-out sentences that pick the best checkpoint")
  Path dev;

  @Option(names = "--column", paramLabel = "upos|xpos", description = "which tags to learn (default upos)")
  String column = "upos";

  @Mixin
  SeqModelFlags model = new SeqModelFlags();

  @Mixin
  SeqTrainingFlags training = new SeqTrainingFlags();

  @Override
  public Integer call() throws Exception {
    Blas.setThreads(Math.max(1, training.threads));
    SeqCheckpoint checkpoint = training.resume != null ? SeqCheckpoint.load(training.resume, SeqKind.TAGGER) : null;
    String col = checkpoint != null ? checkpoint.tagColumn() : column;
    TagData trainData = TagData.read(train, col);
    TagData devData = dev != null ? TagData.read(dev, col) : null;
    SeqEncoding encoding = checkpoint != null ? checkpoint.encoding()
        : SeqEncoding.forTagger(trainData.forms(), trainData.tags(), model.input(SeqKind.TAGGER), model.minCount);
    List<Example> trainExamples = trainData.examples(encoding);
    List<Example> devExamples = devData != null ? devData.examples(encoding) : List.of();
    SeqTrainingConfig tc = training.config(false, checkpoint != null ? checkpoint.trainingConfig() : null);
    Path out = training.out != null ? training.out : Path.of("runs", "tag");
    SeqTrainer trainer;
    if (checkpoint != null) {
      if (model.anyGiven()) {
        throw new IllegalArgumentException("--resume continues the checkpoint's model; drop the model flags");
      }
      trainer = SeqTrainer.resume(checkpoint, trainExamples, devExamples, tc);
    } else {
      trainer = SeqTrainer.create(model.config(SeqKind.TAGGER, encoding, SequencePooling.Kind.LAST), encoding, col,
          trainExamples, devExamples, tc);
    }
    SeqRun.run(trainer, out, trainExamples.size(), devExamples.size(), System.out);
    return 0;
  }
}
