package dev.rnn4j.cli.seq;

import dev.rnn4j.cli.Durations;
import dev.rnn4j.cli.StatusLine;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.ValidationReport;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of {@code classify train}, {@code tag train} and {@code translate train}: a line on standard error redrawn on a terminal
 * (else a plain line every 30 seconds), and one plain line per validation on standard output with the dev
 * loss and score (accuracy, BLEU) and the time so far.
 */
final class SeqProgress implements TrainingListener {
  private final PrintStream out;
  private final boolean interactive;
  private final StatusLine status;
  private final String unit;
  private final String score;
  private long lastLine;
  private double elapsed;

  /**
   * @param unit  what a token is, for the throughput: "words", "chars", "target tokens"
   * @param score how the dev score, times 100, is printed: "dev accuracy %.2f%%", "dev BLEU-4 %.2f"
   */
  SeqProgress(PrintStream out, PrintStream err, boolean interactive, String unit, String score) {
    this.out = out;
    this.score = score;
    this.interactive = interactive;
    this.unit = unit;
    this.status = new StatusLine(err, interactive);
  }

  @Override
  public void onIteration(TrainingLoop loop, IterationReport r) {
    elapsed = r.elapsedSeconds();
    long now = System.nanoTime();
    if ((now - lastLine) / 1e9 < (interactive ? 0.2 : 30)) {
      return;
    }
    lastLine = now;
    String left = Double.isNaN(r.remainingSeconds()) ? "" : " | " + Durations.format(r.remainingSeconds()) + " left";
    status.show(String.format(Locale.ROOT, "iteration %d | epoch %.2f | loss %.4f | lr %.2e | %.0f %s/s | %s%s",
        r.iteration(), r.epochsDone(), r.smoothLoss(), r.learningRate(), r.tokensPerSecond(), unit,
        Durations.format(r.elapsedSeconds()), left));
  }

  @Override
  public void onValidation(TrainingLoop loop, ValidationReport r) {
    endLine();
    if (Double.isNaN(r.score())) {
      out.printf(Locale.ROOT, "epoch %.2f (iteration %d): no dev data%n", r.epochsDone(), r.iteration());
    } else {
      out.printf(Locale.ROOT, "epoch %.2f (iteration %d): dev loss %.4f | " + score + "%s | %s%n", r.epochsDone(),
          r.iteration(), r.loss(), 100 * r.score(), r.improved() ? " | best" : "", Durations.format(elapsed));
    }
    out.flush();
  }

  void endLine() {
    status.end();
  }
}
