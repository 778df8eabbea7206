package dev.rnn4j.cli.caption;

import dev.rnn4j.caption.eval.CaptionEvaluator;
import dev.rnn4j.cli.Durations;
import dev.rnn4j.cli.StatusLine;
import dev.rnn4j.score.BleuScore;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.ValidationReport;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of {@code caption train}: a line on standard error redrawn on a terminal (else a plain line
 * every 30 seconds), and one plain line per validation on standard output with BLEU-1..4 and perplexity.
 */
final class CaptionProgress implements TrainingListener {
  private final PrintStream out;
  private final boolean interactive;
  private final CaptionEvaluator evaluator;
  private long lastLine;
  private final StatusLine status;

  CaptionProgress(PrintStream out, PrintStream err, boolean interactive, CaptionEvaluator evaluator) {
    this.out = out;
    this.interactive = interactive;
    this.evaluator = evaluator;
    this.status = new StatusLine(err, interactive);
  }

  @Override
  public void onIteration(TrainingLoop loop, IterationReport r) {
    long now = System.nanoTime();
    if ((now - lastLine) / 1e9 < (interactive ? 0.2 : 30)) {
      return;
    }
    lastLine = now;
    String line = String.format(Locale.ROOT, "iteration %d | epoch %.2f | loss %.3f nats/word | grad norm %.2f | %s",
        r.iteration(), r.epochsDone(), r.loss(), r.gradNorm(), Durations.format(r.elapsedSeconds()));
    status.show(line);
  }

  @Override
  public void onValidation(TrainingLoop loop, ValidationReport r) {
    endLine();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %.2f (iteration %d): val perplexity %.3f",
        r.epochsDone(), r.iteration(), r.perplexity()));
    if (evaluator != null && evaluator.last() != null) {
      sb.append(" | ").append(bleu(evaluator.last().bleu()));
    }
    if (r.improved()) {
      sb.append(" | best");
    }
    out.println(sb);
    out.flush();
  }

  /** {@code BLEU-1 0.612 BLEU-2 0.421 BLEU-3 0.283 BLEU-4 0.186 (BP 0.974)}. */
  static String bleu(BleuScore b) {
    StringBuilder sb = new StringBuilder();
    for (int n = 1; n <= b.maxOrder(); n++) {
      sb.append(String.format(Locale.ROOT, "BLEU-%d %.3f ", n, b.bleu(n)));
    }
    return sb.append(String.format(Locale.ROOT, "(BP %.3f)", b.brevityPenalty())).toString();
  }

  void endLine() {
    status.end();
  }
}
