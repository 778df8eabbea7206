package dev.rnn4j.cli;

import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.StopReason;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.ValidationReport;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders a training run: on a terminal one progress line redrawn in place (iteration, epoch, loss,
 * validation loss, characters per second, time left); elsewhere (CI, a pipe) the same as plain lines a few
 * seconds apart and at each validation. Validations and samples are always whole lines. In min-char-rnn
 * style it prints {@code iter N, loss L} (the smoothed loss summed over a window) as the numpy original does.
 */
final class ProgressPrinter implements TrainingListener {
  private final PrintStream out;
  private final boolean interactive;
  private final boolean minCharRnnStyle;
  private final double plainEverySeconds;
  private long lastPrint;
  private double lastValidation = Double.NaN;
  private final StatusLine status;
  private final Trainer t;
  /** Also hears each sample printed (the served page shows the latest ones). */
  private java.util.function.ObjLongConsumer<String> samples = (text, iteration) -> {};

  ProgressPrinter(Trainer trainer, PrintStream out, boolean interactive, boolean minCharRnnStyle, double plainEverySeconds) {
    this.t = trainer;
    this.out = out;
    this.interactive = interactive;
    this.minCharRnnStyle = minCharRnnStyle;
    this.plainEverySeconds = plainEverySeconds;
    this.status = new StatusLine(out, interactive);
  }

  void onSample(java.util.function.ObjLongConsumer<String> listener) {
    this.samples = listener;
  }

  @Override
  public void onStart(TrainingLoop loop) {
    out.println("model:    " + t.model().config());
    out.println("training: " + t.config());
    out.printf(Locale.ROOT, "corpus:   %s, %,d characters, %d symbols, %,d parameters%n", t.corpusName(),
        t.corpusLength(), t.vocabulary().size(), t.model().parameters().size());
    if (t.iteration() > 0) {
      out.println("resuming at iteration " + t.iteration());
    }
    lastPrint = System.nanoTime();
  }

  @Override
  public void onIteration(TrainingLoop loop, IterationReport r) {
    if (minCharRnnStyle) {
      if (r.iteration() % 100 == 0) {
        endLine();
        out.printf(Locale.ROOT, "iter %d, loss %f%n", r.iteration(), r.smoothLoss() * t.config().steps());
      }
    } else {
      long now = System.nanoTime();
      double since = (now - lastPrint) / 1e9;
      // Off a terminal also at each validation, so a short run's log still shows its progress and speed.
      boolean due = interactive ? since >= 0.2
          : since >= plainEverySeconds || r.iteration() % t.config().evalEvery() == 0;
      if (due) {
        lastPrint = now;
        String line = String.format(Locale.ROOT,
            "iter %d | epoch %.2f | loss %.4f (smooth %.4f) | lr %.2e | val %s | %s chars/s | %s left",
            r.iteration(), r.epochsDone(), r.loss(), r.smoothLoss(), r.learningRate(),
            Double.isNaN(lastValidation) ? "-" : String.format(Locale.ROOT, "%.4f", lastValidation),
            rate(r.tokensPerSecond()), Durations.format(r.remainingSeconds()));
        status.show(line);
      }
    }
    int every = t.config().sampleEvery();
    if (every > 0 && r.iteration() % every == 0) {
      endLine();
      String sample = t.sample(t.config().sampleLength());
      out.println("----\n " + sample + "\n----");
      out.flush();
      samples.accept(sample, r.iteration());
    }
  }

  @Override
  public void onValidation(TrainingLoop loop, ValidationReport r) {
    endLine();
    lastValidation = r.loss();
    if (Double.isNaN(r.loss())) {
      out.printf(Locale.ROOT, "iter %d: smoothed train loss %.4f nats/char (no validation text)%n", r.iteration(),
          t.smoothLoss());
    } else {
      out.printf(Locale.ROOT, "iter %d: validation loss %.4f nats/char (%.4f bits/char)%s%n", r.iteration(), r.loss(),
          r.bitsPerChar(), r.improved() ? ", best so far" : "");
    }
    out.flush();
  }

  @Override
  public void onEnd(TrainingLoop loop, StopReason reason) {
    endLine();
    out.println("stopped (" + reason.name().toLowerCase(Locale.ROOT) + ") after iteration " + t.iteration());
    if (!Double.isNaN(t.wholeValidation())) {
      out.printf(Locale.ROOT, "validation on the whole split: %.4f nats/char (%.4f bits/char)%n", t.wholeValidation(),
          t.wholeValidation() / Math.log(2));
    }
    out.flush();
  }

  void endLine() {
    status.end();
  }

  private static String rate(double r) {
    return r >= 1e4 ? String.format(Locale.ROOT, "%.1fk", r / 1e3) : String.format(Locale.ROOT, "%.0f", r);
  }
}
