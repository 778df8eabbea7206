package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameter averaging every K steps: with one partition it is the plain run (the executor's own optimizer
 * takes the steps the driver's would, at the same learning rates); with two it averages two replicas that
 * trained apart, and learns.
 */
class SparkAveragingTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = LocalSpark.start("rnn4j-averaging-test");
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  static float[] weights(Trainer t) {
    return t.model().parameters().values().toArray();
  }

  static double maxDifference(float[] a, float[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

  @Test
  void oneReplicaAveragedEveryFourStepsIsThePlainRun() {
    Corpus c = SparkEqualityTest.corpus();
    TrainingConfig tc = SparkEqualityTest.config(24).toBuilder().learningRate(
        dev.rnn4j.optim.LearningRateSchedule.cosine(1e-2f, 5, 0.1f)).build();
    Trainer alone = Trainer.create(SparkEqualityTest.MODEL, c, tc, 1);
    alone.run();
    TrainingConfig driver = tc.toBuilder().optimizer(OptimizerKind.SGD).clipValue(0).clipNorm(0).build();
    Trainer averaged = Trainer.create(SparkEqualityTest.MODEL, c, driver, 1,
        SparkStreams.averaging(sc, 1, 4, tc.optimizer(), tc.clipValue(), tc.clipNorm()));
    averaged.run();
    assertTrue(maxDifference(weights(alone), weights(averaged)) < 1e-4,
        "same steps, same rates, same clipping: " + maxDifference(weights(alone), weights(averaged)));
  }

  @Test
  void twoReplicasAveragedEveryFourStepsLearnAndDifferFromSynchronousTraining() {
    Corpus c = SparkEqualityTest.corpus();
    TrainingConfig tc = SparkEqualityTest.config(60).toBuilder()
        .learningRate(dev.rnn4j.optim.LearningRateSchedule.constant(1e-2f)).evalEvery(20).build();
    Trainer sync = Trainer.create(SparkEqualityTest.MODEL, c, tc, 1, SparkStreams.on(sc, 2));
    sync.run();
    TrainingConfig driver = tc.toBuilder().optimizer(OptimizerKind.SGD).clipValue(0).clipNorm(0).build();
    Trainer averaged = Trainer.create(SparkEqualityTest.MODEL, c, driver, 1,
        SparkStreams.averaging(sc, 2, 4, tc.optimizer(), tc.clipValue(), tc.clipNorm()));
    averaged.run();
    double syncLast = sync.history().get(sync.history().size() - 1)[3];
    double first = averaged.history().get(0)[3];
    double last = averaged.history().get(averaged.history().size() - 1)[3];
    assertTrue(last < first - 0.1, "validation falls: " + first + " -> " + last);
    assertTrue(Math.abs(last - syncLast) < 0.3, "near what synchronous training reaches (" + syncLast + "): " + last);
    assertNotEquals(0.0, maxDifference(weights(sync), weights(averaged)), "another algorithm, other weights");
  }

  @Test
  void theCommandLineRefusesRoundsThatValidationWouldSplit(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("t.txt"), "the quick brown fox jumps over the lazy dog. ".repeat(200));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int status;
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(e);
      status = SparkMain.execute("train", text.toString(), "--master", "local[2]", "--sync", "average-every-3",
          "--eval-every", "10", "--iters", "10");
      assertEquals(1, status);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("--eval-every 10 must be a multiple"), err::toString);
      err.reset();
      status = SparkMain.execute("train", text.toString(), "--master", "local[2]", "--sync", "sometimes");
      assertEquals(1, status);
      assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("rnn4j-spark: --sync: expected"), err::toString);
    } finally {
      System.setErr(old);
    }
  }
}
