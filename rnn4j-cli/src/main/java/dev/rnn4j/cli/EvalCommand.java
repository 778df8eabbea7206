package dev.rnn4j.cli;

import dev.rnn4j.sample.Sampler;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.WeightFormat;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.Evaluator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j eval CKPT FILE}: cross-entropy in nats and bits per character. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Cross-entropy of a model on a text, in nats/char and bits/char.")
final class EvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "checkpoint written by train")
  Path checkpoint;

  @Parameters(index = "1", paramLabel = "FILE", description = "UTF-8 text to evaluate on")
  Path file;

  @Option(names = "--batch", description = "parallel streams, each starting from a zero state (default 50)")
  int batch = 50;

  @Option(names = "--seq", description = "window length (default 50)")
  int seq = 50;

  @Option(names = "--weights", paramLabel = "FORMAT", description = "read the text as rnn4j sample reads it, one "
      + "character at a time from a fresh state, with the weights in FORMAT (int8, int16 or float32), "
      + "instead of --batch windows: what int8 or int16 costs shows against float32")
  String weights;

  @Override
  public Integer call() throws Exception {
    Flags.positive("--batch", batch);
    Flags.positive("--seq", seq);
    Blas.setThreads(Runtime.getRuntime().availableProcessors());
    Checkpoint ckpt = Checkpoint.load(checkpoint);
    Corpus corpus = Corpus.load(file, ckpt.vocabulary());
    PrintStream err = System.err;
    boolean tty = Terminal.interactive();
    long[] last = {System.nanoTime()};
    DoubleConsumer progress = f -> {
      long now = System.nanoTime();
      if (now - last[0] > (tty ? 200_000_000L : 10_000_000_000L)) {
        last[0] = now;
        if (tty) {
          err.printf(Locale.ROOT, "\revaluating: %5.1f%%", 100 * f);
        } else {
          err.printf(Locale.ROOT, "evaluating: %.1f%%%n", 100 * f);
        }
        err.flush();
      }
    };
    double nats;
    if (weights != null) {
      WeightFormat format = Flags.weights(weights);
      try (CoreSplit split = CoreSplit.of(Runtime.getRuntime().availableProcessors())) {
        nats = Evaluator.crossEntropyOneByOne(Sampler.frozen(ckpt.model(), format, split), corpus.all(), progress);
      }
    } else {
      nats = Evaluator.crossEntropy(ckpt.model(), corpus.all(), batch, seq, progress);
    }
    if (tty) {
      err.print("\r\033[K");
    }
    System.out.printf(Locale.ROOT, "%s: %.4f nats/char, %.4f bits/char over %,d characters%n", file, nats,
        nats / Math.log(2), corpus.length());
    return 0;
  }
}
