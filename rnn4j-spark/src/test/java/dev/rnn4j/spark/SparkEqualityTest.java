package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.StreamWorkers;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark local[2] (the streams in two partitions, each on its own executor thread) gives the
 * losses of training the same streams on one machine, step for step, and its checkpoints resume on either.
 */
class SparkEqualityTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = LocalSpark.start("rnn4j-test");
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  static Corpus corpus() {
    Corpus all = Corpus.builtIn();
    return Corpus.fromString(all.vocabulary().decode(all.split(0.0, 0.0).train().head(60_000).toArray()));
  }

  static final ModelConfig MODEL = ModelConfig.builder(65).cell(CellType.LSTM).layers(2).hiddenSize(48)
      .dropout(0.1f).build();

  static TrainingConfig config(long iterations) {
    // char-rnn's constant learning rate: a schedule annealed over the budget would differ between a run of
    // 20 iterations resumed to 40 and a run of 40
    return TrainingConfig.charRnn().withWindow(8, 20).withLimits(iterations, 0, 0).toBuilder().evalEvery(25)
        .evalChars(2000).build();
  }

  /** Every iteration's loss. */
  static final class Losses implements TrainingListener {
    final List<Double> values = new ArrayList<>();

    @Override
    public void onIteration(TrainingLoop loop, IterationReport r) {
      values.add(r.loss());
    }
  }

  static List<Double> run(Trainer t) {
    Losses l = new Losses();
    t.addListener(l);
    t.run();
    return l.values;
  }

  @Test
  void fiftyStepsOnLocal2EqualOneMachine() {
    Corpus c = corpus();
    List<Double> alone = run(Trainer.create(MODEL, c, config(50), 1));
    List<Double> spark = run(Trainer.create(MODEL, c, config(50), 1, SparkStreams.on(sc, 2)));
    assertEquals(50, spark.size());
    for (int i = 0; i < 50; i++) {
      assertEquals(alone.get(i), spark.get(i), 1e-4, "loss at step " + (i + 1));
    }
    double min = alone.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = alone.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertTrue(max - min > 0.05, "the losses moved (the weights were updated): " + alone);
  }

  @Test
  void aSparkCheckpointResumesOnSparkAndOnOneMachineAsTheStraightRunGoes(@TempDir Path dir) throws Exception {
    Corpus c = corpus();
    List<Double> straight = run(Trainer.create(MODEL, c, config(40), 1));
    Trainer first = Trainer.create(MODEL, c, config(20), 1, SparkStreams.on(sc, 2));
    run(first);
    Path ckpt = dir.resolve("spark.safetensors");
    Checkpoint.save(ckpt, first);
    List<Double> onSpark = run(Trainer.resume(Checkpoint.load(ckpt), c, config(40), 1, false, SparkStreams.on(sc, 2)));
    List<Double> onOne = run(Trainer.resume(Checkpoint.load(ckpt), c, config(40), 1, false,
        StreamWorkers.threads(1)));
    assertEquals(20, onSpark.size());
    for (int i = 0; i < 20; i++) {
      assertEquals(straight.get(20 + i), onSpark.get(i), 1e-4, "resumed on Spark, step " + (21 + i));
      assertEquals(straight.get(20 + i), onOne.get(i), 1e-4, "resumed on one machine, step " + (21 + i));
    }
  }
}
