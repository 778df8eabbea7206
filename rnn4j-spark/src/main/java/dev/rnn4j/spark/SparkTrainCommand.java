package dev.rnn4j.spark;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.CheckpointWriter;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.StopReason;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.ValidationReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j-spark train CORPUS_URI}: the character model of {@code rnn4j train}, its B streams split over
 * Spark partitions, synchronised every step. Checkpoints are {@code rnn4j train}'s (the driver writes them,
 * atomically), so {@code rnn4j sample}, {@code eval} and {@code --resume} take them as they are.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train a character model on Spark: each step every partition computes the gradient of its streams, "
        + "the gradients are summed, one optimizer step is taken and the weights go back out.")
final class SparkTrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CORPUS_URI", description = "a text file, a directory of them, or any Hadoop URI")
  String corpus;

  @Option(names = "--master", description = "Spark master (default: spark.master as spark-submit sets it, else local[WORKERS])")
  String master;

  @Option(names = "--workers", description = "partitions the streams are split into (default 2)")
  int workers = 2;

  @Option(names = "--sync", description = "every-step (synchronous: one optimizer step on the summed gradient), or "
      + "average-every-K (each executor trains K steps with its own optimizer, then the weights are averaged)")
  String sync = "every-step";

  @Option(names = "--model", description = "lstm, gru, rnn, mut1, mut2, mut3 (default lstm)")
  String model = "lstm";

  @Option(names = "--layers", description = "recurrent layers (default 2)")
  int layers = 2;

  @Option(names = "--hidden", description = "units per layer (default 128)")
  int hidden = 128;

  @Option(names = "--dropout", description = "dropout between layers (default 0)")
  float dropout;

  @Option(names = "--batch", description = "streams B (default 50)")
  int batch = 50;

  @Option(names = "--seq", description = "window T (default 50)")
  int seq = 50;

  @Option(names = "--lr", description = "Adam's learning rate (default 1e-2, warmed up, then cosine-annealed to the budget)")
  Float lr;

  @Option(names = "--iters", description = "updates to run")
  long iters;

  @Option(names = "--epochs", description = "epochs to run")
  int epochs;

  @Option(names = "--time", description = "wall-clock budget, e.g. 90s, 10m, 2h")
  String time;

  @Option(names = "--eval-every", description = "iterations between validations and checkpoints (default 200)")
  int evalEvery = 200;

  @Option(names = "--eval-chars", description = "validation characters scored during the run (default 40000; 0 = all)")
  int evalChars = 40_000;

  @Option(names = "--val-frac", description = "held-out fraction at the end of the text (default 0.1)")
  double valFrac = 0.1;

  @Option(names = "--seed", description = "random seed (default 42)")
  long seed = 42;

  @Option(names = "--out", description = "run directory (default runs/<date-time>)")
  Path out;

  @Option(names = "--resume", paramLabel = "CKPT", description = "continue a run (of rnn4j train or rnn4j-spark) exactly")
  Path resume;

  @Override
  public Integer call() throws Exception {
    int every = syncEvery();
    if (every > 1 && evalEvery % every != 0) {
      throw new IllegalArgumentException("--eval-every " + evalEvery + " must be a multiple of the averaging round ("
          + every + "), so that validations and checkpoints see averaged weights");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
    }
    SparkConf conf = new SparkConf().setAppName("rnn4j-spark train " + corpus);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + workers + "]");
    }
    conf.setIfMissing("spark.ui.enabled", "false");
    // each step's task of a partition goes where the partition's streams (their state) are
    conf.setIfMissing("spark.locality.wait", "60s");
    PrintStream stdout = System.out;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      Checkpoint checkpoint = resume != null ? Checkpoint.load(resume) : null;
      Corpus text = SparkCorpus.read(sc, corpus, checkpoint != null ? checkpoint.vocabulary() : null);
      TrainingConfig tc = trainingConfig();
      SparkStreams[] streams = new SparkStreams[1];
      dev.rnn4j.train.StreamWorkers.Factory chosen = every == 1 ? SparkStreams.on(sc, workers)
          : SparkStreams.averaging(sc, workers, every, tc.optimizer(), tc.clipValue(), tc.clipNorm());
      dev.rnn4j.train.StreamWorkers.Factory factory = (m, b, s, rngs) -> {
        streams[0] = (SparkStreams) chosen.create(m, b, s, rngs);
        return streams[0];
      };
      if (every > 1) {
        // the executors take the optimizer steps; the driver's update must leave their average alone
        tc = tc.toBuilder().optimizer(dev.rnn4j.optim.OptimizerKind.SGD).clipValue(0).clipNorm(0).build();
      }
      int threads = Runtime.getRuntime().availableProcessors();
      Trainer trainer = checkpoint != null
          ? Trainer.resume(checkpoint, text, tc, threads, false, factory)
          : Trainer.create(modelConfig(text.vocabulary().size()), text, tc, threads, factory);
      Path dir = out != null ? out
          : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      CheckpointWriter writer = new CheckpointWriter(dir);
      trainer.addListener(writer);
      trainer.addListener(new Progress(stdout, streams[0], tc));
      stdout.printf(Locale.ROOT, "rnn4j-spark: %s on %s, %d streams in %d partitions, %s, %,d characters%n",
          trainer.model().config().cell().label() + " " + trainer.model().config().layers() + "x"
              + trainer.model().config().hiddenSize(), sc.master(), tc.batch(), streams[0].partitions(),
          corpus, text.length());
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        trainer.requestStop();
        try {
          finished.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
      StopReason reason;
      try {
        reason = trainer.run();
      } catch (Exception e) { // Spark's SparkException is checked, and Scala throws it undeclared
        Path last = writer.last();
        String kept = Files.exists(last) ? "the last checkpoint is intact: " + last + " (iteration "
            + Checkpoint.load(last).iteration() + "); continue with --resume " + last
            : "no checkpoint was written yet";
        throw new IllegalStateException("training stopped at iteration " + trainer.iteration() + ": "
            + firstLine(e.getMessage()) + "; " + kept, e);
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
          // the hook is running
        }
      }
      SparkStreams.StepTimes t = streams[0].times();
      stdout.printf(Locale.ROOT, "stopped (%s) after iteration %d; a step took %.1f ms, of which a partition "
              + "computed %.1f ms%n", reason.name().toLowerCase(Locale.ROOT), trainer.iteration(),
          1e3 * t.meanStepSeconds(), 1e3 * t.meanComputeSeconds());
      if (!Double.isNaN(trainer.wholeValidation())) {
        stdout.printf(Locale.ROOT, "validation on the whole split: %.4f nats/char%n", trainer.wholeValidation());
      }
      stdout.println("checkpoint: " + writer.last());
      return reason == StopReason.REQUESTED ? 130 : 0;
    }
  }

  /** 1 for every-step, K for average-every-K. */
  int syncEvery() {
    if ("every-step".equals(sync)) {
      return 1;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("average-every-(\\d+)").matcher(sync);
    if (!m.matches() || Integer.parseInt(m.group(1)) < 2) {
      throw new IllegalArgumentException("--sync: expected every-step or average-every-K with K >= 2, got '" + sync + "'");
    }
    return Integer.parseInt(m.group(1));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "failed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private ModelConfig modelConfig(int vocab) {
    return ModelConfig.defaults(vocab).toBuilder().cell(CellType.parse(model)).layers(layers).hiddenSize(hidden)
        .dropout(dropout).build();
  }

  private TrainingConfig trainingConfig() {
    TrainingConfig d = TrainingConfig.defaults();
    TrainingConfig.Builder b = d.toBuilder().batch(batch).steps(seq).evalEvery(evalEvery).evalChars(evalChars)
        .valFraction(valFrac).seed(seed).sampleEvery(0).maxIterations(iters).maxEpochs(epochs)
        .maxSeconds(time == null ? 0 : seconds(time));
    if (lr != null) {
      LearningRateSchedule s = d.learningRate();
      b.learningRate(LearningRateSchedule.cosine(lr, s.warmup(), s.floor()));
    }
    return b.build();
  }

  static double seconds(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(s|m|h)?").matcher(s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--time: expected a duration like 90s, 10m or 2h, got '" + s + "'");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return v * (unit.equals("h") ? 3600 : unit.equals("m") ? 60 : 1);
  }

  /** Plain progress lines on the driver: iteration, loss, validation, characters per second across the cluster. */
  private static final class Progress implements TrainingListener {
    private final PrintStream out;
    private final SparkStreams streams;
    private final TrainingConfig config;
    private long lastPrint = System.nanoTime();
    private double validation = Double.NaN;

    Progress(PrintStream out, SparkStreams streams, TrainingConfig config) {
      this.out = out;
      this.streams = streams;
      this.config = config;
    }

    @Override
    public void onIteration(TrainingLoop loop, IterationReport r) {
      long now = System.nanoTime();
      if (now - lastPrint > 5e9 || r.iteration() % config.evalEvery() == 0 || r.iteration() == 1) {
        lastPrint = now;
        out.printf(Locale.ROOT, "iter %d | epoch %.2f | loss %.4f (smooth %.4f) | val %s | %.0f chars/s | step %.1f ms"
                + " (compute %.1f ms) | %s left%n", r.iteration(), r.epochsDone(), r.loss(), r.smoothLoss(),
            Double.isNaN(validation) ? "-" : String.format(Locale.ROOT, "%.4f", validation), r.tokensPerSecond(),
            1e3 * streams.times().meanStepSeconds(), 1e3 * streams.times().meanComputeSeconds(),
            Double.isFinite(r.remainingSeconds()) ? Math.round(r.remainingSeconds()) + " s" : "-");
        out.flush();
      }
    }

    @Override
    public void onValidation(TrainingLoop loop, ValidationReport r) {
      validation = r.loss();
      out.printf(Locale.ROOT, "iter %d: validation loss %.4f nats/char%s%n", r.iteration(), r.loss(),
          r.improved() ? ", best so far" : "");
      out.flush();
    }
  }
}
