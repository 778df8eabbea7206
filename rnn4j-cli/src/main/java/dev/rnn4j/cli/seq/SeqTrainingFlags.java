package dev.rnn4j.cli.seq;

import dev.rnn4j.cli.Durations;
import dev.rnn4j.cli.Flags;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The training flags of {@code classify train} and {@code tag train}; defaults are {@link SeqTrainingConfig}'s. */
final class SeqTrainingFlags {
  @Option(names = "--epochs", description = "stop after this many epochs (default 10 when no other limit)")
  Integer epochs;

  @Option(names = "--iters", description = "stop after this many updates in all")
  Long iters;

  @Option(names = "--time", paramLabel = "DURATION", description = "stop after this wall time, e.g. 90s, 30m")
  String time;

  @Option(names = "--batch", description = "sequences per update (default 32)")
  int batch = 32;

  @Option(names = "--optimizer", description = "sgd, adagrad, rmsprop or adam (default adam)")
  String optimizer = "adam";

  @Option(names = "--lr", description = "learning rate (default 2e-3)")
  float lr = SeqTrainingConfig.DEFAULT_LEARNING_RATE;

  @Option(names = "--anneal", paramLabel = "cosine|linear|none",
      description = "learning-rate decay over the run's budget, after 100 updates of warm-up (default cosine, to a tenth)")
  String anneal = "cosine";

  @Option(names = "--clip-norm", description = "global-norm gradient clip; 0 = off (default 5)")
  float clipNorm = 5f;

  @Option(names = "--eval-every", paramLabel = "N", description = "updates between validations (default: every epoch)")
  int evalEvery;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory")
  Path out;

  @Option(names = "--resume", paramLabel = "CKPT", description = "continue training from a checkpoint")
  Path resume;

  @Option(names = "--seed", description = "random seed (default 42)")
  long seed = 42;

  @Option(names = "--threads", description = "OpenBLAS threads (default 1)")
  int threads = 1;

  private static final Map<String, String> FLAGS = Map.of("batch", "--batch", "learningRate", "--lr", "clipNorm",
      "--clip-norm", "evalEvery", "--eval-every");

  SeqTrainingConfig config(boolean balanced, SeqTrainingConfig resumed) {
    if (epochs != null) {
      Flags.positive("--epochs", epochs);
    }
    if (iters != null) {
      Flags.positive("--iters", iters);
    }
    Flags.positive("--threads", threads);
    double secs = time != null ? Durations.seconds(time, "--time") : 0;
    int maxEpochs = epochs != null ? epochs : 0;
    long maxIters = iters != null ? iters : 0;
    if (maxEpochs == 0 && maxIters == 0 && secs == 0) {
      maxEpochs = resumed != null ? resumed.maxEpochs() : 10;
    }
    if (resumed != null) {
      return resumed.withLimits(maxEpochs, maxIters, secs);
    }
    OptimizerKind kind = OptimizerKind.parse(optimizer);
    LearningRateSchedule.Anneal a = LearningRateSchedule.Anneal.parse(anneal);
    int epochLimit = maxEpochs;
    return Flags.named(FLAGS, () -> new SeqTrainingConfig(batch, kind,
        new LearningRateSchedule(lr, 1f, 0, a == LearningRateSchedule.Anneal.NONE ? 0 : 100, a, 0.1f), clipNorm,
        epochLimit, maxIters, secs, seed, evalEvery, balanced));
  }
}
