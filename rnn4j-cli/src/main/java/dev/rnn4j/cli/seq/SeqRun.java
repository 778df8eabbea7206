package dev.rnn4j.cli.seq;

import dev.rnn4j.cli.StopOnSignal;
import dev.rnn4j.cli.Terminal;
import dev.rnn4j.seq.model.SeqConfig;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqTrainer;
import dev.rnn4j.train.CheckpointWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** What {@code classify train} and {@code tag train} share once their data is read: describe, run, report. */
final class SeqRun {
  private SeqRun() {}

  static void run(SeqTrainer trainer, Path out, int trainSize, int devSize, PrintStream stdout) {
    SeqConfig c = trainer.model().config();
    stdout.printf(Locale.ROOT, "data: %,d train, %,d dev, %d labels, %,d words and %,d characters in the vocabularies%n",
        trainSize, devSize, c.classes(), c.wordVocab(), c.charVocab());
    stdout.printf(Locale.ROOT, "model: %s, input %s, %s %s x%d, hidden %d, dropout %s%s, %,d parameters%n",
        c.kind().id(), c.input().label(), c.bidirectional() ? "bidirectional" : "unidirectional", c.cell().label(),
        c.layers(), c.hidden(), c.dropout(),
        c.kind() == SeqKind.CLASSIFIER ? ", pooling " + c.pooling().label() : "",
        trainer.model().parameters().size());
    CheckpointWriter writer = new CheckpointWriter(out);
    SeqProgress progress = new SeqProgress(stdout, System.err, Terminal.interactive(),
        c.input().stepsOverWords(c.kind()) ? "words" : "chars", "dev accuracy %.2f%%");
    trainer.addListener(progress);
    trainer.addListener(writer);
    StopOnSignal stop = new StopOnSignal(trainer::requestStop);
    try {
      trainer.run();
      if (Double.isNaN(trainer.best())) {
        stdout.printf(Locale.ROOT, "checkpoint: %s (no dev data: %s is the last model too)%n", writer.last(),
            writer.best().getFileName());
      } else {
        stdout.printf(Locale.ROOT, "checkpoint: %s (best dev accuracy %.2f%%: %s)%n", writer.last(),
            100 * trainer.best(), writer.best());
      }
    } finally {
      progress.endLine();
      stop.close();
    }
  }
}
