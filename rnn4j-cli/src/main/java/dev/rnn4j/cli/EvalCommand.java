package dev.rnn4j.cli;

import dev.rnn4j.tensor.Blas;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.Evaluator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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
    double nats = Evaluator.crossEntropy(ckpt.model(), corpus.all(), batch, seq, f -> {
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
    });
    if (tty) {
      err.print("\r\033[K");
    }
    System.out.printf(Locale.ROOT, "%s: %.4f nats/char, %.4f bits/char over %,d characters%n", file, nats,
        nats / Math.log(2), corpus.length());
    return 0;
  }
}
