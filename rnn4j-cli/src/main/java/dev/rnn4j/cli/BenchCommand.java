package dev.rnn4j.cli;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.sample.BatchSampler;
import dev.rnn4j.sample.Generation;
import dev.rnn4j.sample.Sampler;
import dev.rnn4j.sample.SamplingOptions;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Profile;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.WeightFormat;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j bench}: training characters per second for the reference configurations on the built-in
 * corpus, and sampling characters per second. Each figure is measured after warm-up iterations (JIT,
 * buffer allocation), over a fixed wall time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Training and sampling speed on the built-in corpus:",
        "  A  LSTM 2x128, batch 50, window 50",
        "  B  LSTM 2x512, batch 50, window 50",
        "  C  GRU 2x512, batch 50, window 50",
        "  D  the min-char-rnn preset (RNN 1x100, batch 1, window 25)",
        "  S  sampling one stream from B, as rnn4j sample does (--weights, --threads)",
        "  G  SGEMM 2048^3 through OpenBLAS (the machine's matrix-multiply rate, GFLOP/s)"})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--seconds", description = "measured seconds per configuration (default 20)")
  double seconds = 20;

  @Option(names = "--only", split = ",", description = "configurations to run, e.g. A,D,G (default A,B,C,D,S,G; M = batched sampling, 1 to 128 streams)")
  String[] only = {"A", "B", "C", "D", "S", "G"};

  @Option(names = "--threads", description = "threads (default: all cores)")
  Integer threads;

  @Option(names = "--profile", description = "after each training configuration, where its time went: "
      + "core-milliseconds per wall second in each part of training, summed over the threads")
  boolean profile;

  @Option(names = "--weights", paramLabel = "FORMAT", description = "S: int8, int16 or float32 (default int8, as rnn4j sample)")
  String weights = "int8";

  private Trainer lastTrainer;

  @Override
  public Integer call() {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("--seconds must be > 0, got " + seconds);
    }
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Flags.positive("--threads", t);
    Blas.setThreads(t);
    this.threads = t;
    PrintStream out = System.out;
    Corpus corpus = Corpus.builtIn();
    int v = corpus.vocabulary().size();
    out.printf(Locale.ROOT, "rnn4j bench: %d threads, %s, Java %s%n", t, System.getProperty("os.arch"),
        System.getProperty("java.version"));
    for (String name : only) {
      switch (name.trim().toUpperCase(Locale.ROOT)) {
        case "A":
          report(out, "A LSTM 2x128 b50 w50 train", train(corpus, lstmLike(CellType.LSTM, v, 128), adam(50, 50)));
          break;
        case "B":
          report(out, "B LSTM 2x512 b50 w50 train", train(corpus, lstmLike(CellType.LSTM, v, 512), adam(50, 50)));
          memory(out, lastTrainer.model(), adam(50, 50));
          break;
        case "C":
          report(out, "C GRU 2x512 b50 w50 train", train(corpus, lstmLike(CellType.GRU, v, 512), adam(50, 50)));
          break;
        case "D":
          report(out, "D min-char-rnn train", train(corpus, ModelConfig.minCharRnn(v), minChar()));
          break;
        case "S":
          report(out, "S sample from B (1 stream)", sample(lstmLike(CellType.LSTM, v, 512)));
          break;
        case "M":
          for (int hidden : new int[] {256, 512}) {
            for (int streams : new int[] {1, 8, 32, 128}) {
              double rate = batchedSample(lstmLike(CellType.LSTM, v, hidden), streams);
              out.printf(Locale.ROOT, "%-30s %12.0f chars/s%n", "M sample 2x" + hidden + ", " + streams + " streams",
                  rate);
              out.printf(Locale.ROOT, "RESULT config=M hidden=%d streams=%d chars_per_sec=%.1f threads=%d%n", hidden,
                  streams, rate, threads);
            }
          }
          break;
        case "G":
          double gf = sgemm(2048, 2048, 2048);
          out.printf(Locale.ROOT, "%-30s %12.1f GFLOP/s%n", "G SGEMM 2048^3", gf);
          out.printf(Locale.ROOT, "RESULT config=G gflops=%.2f threads=%d%n", gf, threads);
          break;
        default:
          throw new IllegalArgumentException("--only: unknown configuration '" + name + "' (A, B, C, D, S, M or G)");
      }
    }
    return 0;
  }

  private void report(PrintStream out, String label, double charsPerSecond) {
    out.printf(Locale.ROOT, "%-30s %12.0f chars/s%n", label, charsPerSecond);
    out.printf(Locale.ROOT, "RESULT config=%s chars_per_sec=%.1f threads=%d%n", label.substring(0, 1), charsPerSecond,
        threads);
    out.flush();
  }

  private static ModelConfig lstmLike(CellType cell, int v, int hidden) {
    return ModelConfig.builder(v).cell(cell).hiddenSize(hidden).build();
  }

  private static TrainingConfig adam(int batch, int steps) {
    return TrainingConfig.builder().batch(batch).steps(steps).evalEvery(Integer.MAX_VALUE).sampleEvery(0).build();
  }

  private static TrainingConfig minChar() {
    return TrainingConfig.minCharRnn().toBuilder().valFraction(0.1).evalEvery(Integer.MAX_VALUE).sampleEvery(0).build();
  }

  /**
   * Seconds run before measuring, at least 6: the Vector API kernels run interpreted, about a hundred times
   * slower, until C2 has compiled them, which takes 4 to 5 s of training on 2 cores; a 2 s warm-up measured
   * that phase in some runs (B at a third of its speed). Sampling uses the same.
   */
  private double warmUpSeconds() {
    return Math.max(6, seconds / 4);
  }

  /** Warm up ({@link #warmUpSeconds}), then measure characters per second over {@code seconds}. */
  private double train(Corpus corpus, ModelConfig mc, TrainingConfig tc) {
    Profile.enable(profile);
    Trainer trainer = Trainer.create(mc, corpus, tc, threads);
    lastTrainer = trainer;
    double warm = warmUpSeconds();
    long chars = (long) tc.batch() * tc.steps();
    double[] rate = new double[1];
    double[] measured = new double[1];
    java.util.Map<String, Long> parts = new java.util.LinkedHashMap<>();
    trainer.addListener(new TrainingListener() {
      long startIteration = -1;
      long startNanos;

      @Override
      public void onIteration(TrainingLoop loop, IterationReport r) {
        if (startIteration < 0 && r.elapsedSeconds() >= warm) {
          startIteration = r.iteration();
          startNanos = System.nanoTime();
          Profile.reset();
        } else if (startIteration >= 0) {
          double s = (System.nanoTime() - startNanos) / 1e9;
          rate[0] = (r.iteration() - startIteration) * chars / s;
          measured[0] = s;
          if (s >= seconds) {
            loop.requestStop();
            if (profile) {
              parts.putAll(Profile.nanos());
            }
          }
        }
      }
    });
    trainer.run();
    Profile.enable(false);
    if (profile) {
      printProfile(System.out, parts, measured[0]);
    }
    return rate[0];
  }

  /**
   * The parts of {@link Profile}, largest first, in core-milliseconds per wall second of the measured time,
   * and what no part covered (the threads' time less the parts').
   */
  private void printProfile(PrintStream out, java.util.Map<String, Long> parts, double wallSeconds) {
    double available = threads * 1000.0;
    out.printf(Locale.ROOT, "  where the time went, core-ms per wall second (%d threads: %.0f):%n", threads, available);
    double counted = 0;
    java.util.List<java.util.Map.Entry<String, Long>> sorted = new java.util.ArrayList<>(parts.entrySet());
    sorted.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    for (java.util.Map.Entry<String, Long> e : sorted) {
      double ms = e.getValue() / 1e6 / wallSeconds;
      if (ms >= 0.5) {
        out.printf(Locale.ROOT, "    %-52s %7.0f  %3.0f%%%n", e.getKey(), ms, 100 * ms / available);
      }
      counted += ms;
    }
    double rest = available - counted;
    out.printf(Locale.ROOT, "    %-52s %7.0f  %3.0f%%%n", "in no part (the loop, idle threads)", rest,
        100 * rest / available);
  }

  /**
   * After a training run: the memory rnn4j holds (off-heap matrices plus the peak of the Java heap)
   * against what the maths needs (weights, gradients, Adam's two moments, and the activations a window
   * keeps for backward: gates, h and c of every step of every layer, and the logits).
   */
  private static void memory(PrintStream out, LanguageModel m, TrainingConfig tc) {
    ModelConfig mc = m.config();
    long params = m.parameters().size();
    long rows = (long) tc.batch() * tc.steps();
    long h = mc.hiddenSize();
    long activations = mc.layers() * (rows * 4 * h + 2 * (rows + tc.batch()) * h) + rows * mc.vocabSize();
    long need = 4 * (4 * params + activations);
    long direct = 0;
    for (java.lang.management.BufferPoolMXBean pool
        : java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        direct = pool.getMemoryUsed();
      }
    }
    long heapPeak = 0;
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
        heapPeak += pool.getPeakUsage().getUsed();
      }
    }
    out.printf(Locale.ROOT, "B memory: needed %.1f MB (weights+grads+Adam %.1f, activations %.1f); held %.1f MB "
            + "(off-heap %.1f, heap peak %.1f): %.2fx%n", need / 1e6, 16.0 * params / 1e6, 4.0 * activations / 1e6,
        (direct + heapPeak) / 1e6, direct / 1e6, heapPeak / 1e6, (direct + heapPeak) / (double) need);
  }

  /** GFLOP/s of C = A B for m x k times k x n, over the measured time. */
  private double sgemm(int m, int k, int n) {
    Matrix a = Matrix.allocate(m, k);
    Matrix b = Matrix.allocate(k, n);
    Matrix c = Matrix.allocate(m, n);
    Rng rng = new Rng(3);
    for (int i = 0; i < a.size(); i++) {
      a.set(i, (float) rng.nextDouble());
    }
    for (int i = 0; i < b.size(); i++) {
      b.set(i, (float) rng.nextDouble());
    }
    long end = System.nanoTime() + (long) (Math.max(1, seconds / 5) * 1e9);
    while (System.nanoTime() < end) {
      Blas.gemm(false, false, 1f, a, b, 0f, c);
    }
    long calls = 0;
    long start = System.nanoTime();
    end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      Blas.gemm(false, false, 1f, a, b, 0f, c);
      calls++;
    }
    return 2.0 * m * n * k * calls / (System.nanoTime() - start);
  }

  /**
   * Characters per second of {@code streams} generations stepping together through a {@link BatchSampler}
   * (what {@code rnn4j serve} does with concurrent requests), without HTTP.
   */
  private double batchedSample(ModelConfig mc, int streams) {
    LanguageModel model = new LanguageModel(mc);
    model.initialize(new Rng(1));
    BatchSampler batch = new BatchSampler(model);
    long[] drawn = {0};
    Generation.Listener count = (position, id, primed, p, guessIds, guessProbs, states) -> drawn[0]++;
    long warmUp = System.nanoTime() + (long) (warmUpSeconds() * 1e9);
    long start = 0;
    long counted = 0;
    for (int seed = 0; ; seed++) {
      while (batch.activeCount() < streams) {
        batch.add(new Generation(new int[] {0}, 200, SamplingOptions.defaults(), seed * 1000L + batch.activeCount(),
            0, count));
      }
      batch.step();
      long now = System.nanoTime();
      if (start == 0 && now > warmUp) {
        start = now;
        counted = drawn[0];
      } else if (start != 0 && now - start > seconds * 1e9) {
        return (drawn[0] - counted) / ((now - start) / 1e9);
      }
    }
  }

  private double sample(ModelConfig mc) {
    LanguageModel model = new LanguageModel(mc);
    model.initialize(new Rng(1));
    WeightFormat format = Flags.weights(weights);
    try (CoreSplit split = CoreSplit.of(threads)) {
      return sample(Sampler.frozen(model, format, split));
    }
  }

  private double sample(Sampler sampler) {
    Rng rng = new Rng(2);
    SamplingOptions o = SamplingOptions.defaults();
    long end = System.nanoTime() + (long) (warmUpSeconds() * 1e9);
    while (System.nanoTime() < end) {
      sampler.generate(200, o, rng, id -> { });
    }
    long n = 0;
    long start = System.nanoTime();
    end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      sampler.generate(200, o, rng, id -> { });
      n += 200;
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
