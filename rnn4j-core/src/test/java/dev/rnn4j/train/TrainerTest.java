package dev.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.text.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
  /** The first 30,000 characters of the built-in Tiny Shakespeare: real text, small enough to be fast. */
  static Corpus smallShakespeare() {
    Corpus all = Corpus.builtIn();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      sb.appendCodePoint(all.vocabulary().symbol(all.token(i)));
    }
    return Corpus.fromString(sb.toString());
  }

  static TrainingConfig config(OptimizerKind opt, float lr, long iterations, int evalEvery) {
    return TrainingConfig.builder().batch(8).steps(16).optimizer(opt).learningRate(LearningRateSchedule.constant(lr))
        .evalEvery(evalEvery).maxIterations(iterations).seed(7).sampleEvery(0).sampleLength(0).build();
  }

  static List<Double> losses(Trainer t) {
    List<Double> losses = new ArrayList<>();
    t.addListener(new TrainingListener() {
      @Override
      public void onIteration(TrainingLoop loop, IterationReport r) {
        losses.add(r.loss());
      }
    });
    return losses;
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void everyCellLearnsShakespeare(CellType cell) {
    Corpus corpus = smallShakespeare();
    ModelConfig mc = ModelConfig.builder(corpus.vocabulary().size()).cell(cell).hiddenSize(32).layers(1).build();
    Trainer t = Trainer.create(mc, corpus, config(OptimizerKind.ADAM, 1e-2f, 150, 150));
    List<Double> losses = losses(t);
    t.run();
    double first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
    double last = (losses.get(147) + losses.get(148) + losses.get(149)) / 3;
    // The defaults start the output bias at the unigram frequencies: the first loss is the unigram entropy
    // (about 3.3 nats), not ln V (4.2).
    assertTrue(first > 3.0 && first < 3.6, cell + " starts near the unigram entropy: " + first);
    assertTrue(last < 2.9, cell + " must learn: loss " + first + " -> " + last);
    assertTrue(t.bestValidation() < 3.0, cell + " validation loss " + t.bestValidation());
  }

  @Test
  void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws IOException {
    Corpus corpus = smallShakespeare();
    ModelConfig mc = ModelConfig.builder(corpus.vocabulary().size()).hiddenSize(24).embedding(8).dropout(0.2f)
        .build();
    Trainer whole = Trainer.create(mc, corpus, config(OptimizerKind.ADAM, 5e-3f, 60, 1000));
    List<Double> wholeLosses = losses(whole);
    whole.run();

    Trainer first = Trainer.create(mc, corpus, config(OptimizerKind.ADAM, 5e-3f, 30, 1000));
    first.run();
    Path ckpt = dir.resolve("half.safetensors");
    Checkpoint.save(ckpt, first);
    Trainer second = Trainer.resume(Checkpoint.load(ckpt), corpus, config(OptimizerKind.ADAM, 5e-3f, 60, 1000));
    assertEquals(30, second.iteration());
    List<Double> secondLosses = losses(second);
    second.run();
    assertEquals(30, secondLosses.size());
    for (int i = 0; i < 30; i++) {
      assertEquals(wholeLosses.get(30 + i), secondLosses.get(i), 0.0, "iteration " + (31 + i));
    }
    assertArrayEquals(whole.model().parameters().values().toArray(), second.model().parameters().values().toArray());
  }

  @Test
  void resumeAcrossAnEpochBoundaryWithRmsProp(@TempDir Path dir) throws IOException {
    Corpus corpus = Corpus.fromString(textOf(smallShakespeare(), 3000));
    ModelConfig mc = ModelConfig.builder(corpus.vocabulary().size()).cell(CellType.GRU).hiddenSize(16).layers(1)
        .build();
    // 2700 training tokens / 8 streams = 337 per stream: 20 windows of 16 per epoch.
    Trainer whole = Trainer.create(mc, corpus, config(OptimizerKind.RMSPROP, 2e-3f, 50, 1000));
    List<Double> wholeLosses = losses(whole);
    whole.run();
    Trainer first = Trainer.create(mc, corpus, config(OptimizerKind.RMSPROP, 2e-3f, 15, 1000));
    first.run();
    Path ckpt = dir.resolve("c.safetensors");
    Checkpoint.save(ckpt, first);
    Trainer second = Trainer.resume(Checkpoint.load(ckpt), corpus, config(OptimizerKind.RMSPROP, 2e-3f, 50, 1000));
    List<Double> secondLosses = losses(second);
    second.run();
    for (int i = 0; i < 35; i++) {
      assertEquals(wholeLosses.get(15 + i), secondLosses.get(i), 0.0, "iteration " + (16 + i));
    }
  }

  static String textOf(Corpus c, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(c.vocabulary().symbol(c.token(i)));
    }
    return sb.toString();
  }

  @Test
  void nonFiniteLossStopsBeforeTheUpdateAndKeepsTheLastCheckpoint(@TempDir Path dir) throws IOException {
    Corpus corpus = smallShakespeare();
    ModelConfig mc = ModelConfig.builder(corpus.vocabulary().size()).cell(CellType.RNN).hiddenSize(16).layers(1)
        .build();
    TrainingConfig tc = TrainingConfig.builder().batch(8).steps(16).optimizer(OptimizerKind.SGD)
        .learningRate(LearningRateSchedule.constant(Float.MAX_VALUE)).clipValue(0f).evalEvery(1).maxIterations(100)
        .seed(7).sampleEvery(0).sampleLength(0).build();
    Trainer t = Trainer.create(mc, corpus, tc);
    CheckpointWriter writer = new CheckpointWriter(dir);
    t.addListener(writer);
    byte[][] lastGood = new byte[1][];
    t.addListener(new TrainingListener() {
      @Override
      public void onValidation(TrainingLoop loop, ValidationReport r) {
        try {
          lastGood[0] = Files.readAllBytes(writer.last());
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    });
    NonFiniteException e = assertThrows(NonFiniteException.class, t::run);
    assertTrue(e.getMessage().contains("iteration " + e.iteration()), e.getMessage());
    assertTrue(e.iteration() >= 2, "one good checkpoint first, got failure at " + e.iteration());
    assertArrayEquals(lastGood[0], Files.readAllBytes(writer.last()), "the last good checkpoint is untouched");
    Checkpoint c = Checkpoint.load(writer.last());
    assertEquals(e.iteration() - 1, c.iteration());
    for (float v : c.model().parameters().values().toArray()) {
      assertTrue(Float.isFinite(v));
    }
  }

  /** char-rnn's recipe (uniform +-0.08, forget bias 1, constant Adam): the curve since the first release. */
  @Test
  void goldenLossCurveDoesNotDrift() throws IOException {
    Corpus corpus = smallShakespeare();
    ModelConfig mc = ModelConfig.builder(corpus.vocabulary().size()).hiddenSize(32).charRnnInit().build();
    assertGoldenCurve(Trainer.create(mc, corpus, config(OptimizerKind.ADAM, 2e-3f, 40, 1000)),
        "lstm-2x32-loss-curve.txt");
  }

  /**
   * The defaults (Glorot/orthogonal, zero forget bias, unigram output bias, warm-up and cosine over the 40
   * iterations): a second curve, added when they became the defaults; the first stays for char-rnn's recipe.
   */
  @Test
  void goldenLossCurveOfTheDefaultsDoesNotDrift() throws IOException {
    Corpus corpus = smallShakespeare();
    ModelConfig mc = ModelConfig.builder(corpus.vocabulary().size()).hiddenSize(32).build();
    TrainingConfig tc = TrainingConfig.defaults().toBuilder().batch(8).steps(16).maxIterations(40).sampleEvery(0)
        .build();
    assertGoldenCurve(Trainer.create(mc, corpus, tc, 1), "lstm-2x32-defaults-loss-curve.txt");
  }

  private static void assertGoldenCurve(Trainer t, String file) throws IOException {
    List<Double> losses = losses(t);
    t.run();
    StringBuilder now = new StringBuilder();
    for (int i = 0; i < losses.size(); i += 4) {
      now.append(i + 1).append(' ').append(String.format(java.util.Locale.ROOT, "%.6f", losses.get(i))).append('\n');
    }
    Path golden = Path.of("src/test/resources/golden/" + file);
    if (Boolean.getBoolean("rnn4j.updateGolden")) {
      Files.writeString(golden, now.toString());
    }
    List<String> want = Files.readAllLines(golden);
    String[] got = now.toString().split("\n");
    assertEquals(want.size(), got.length);
    for (int i = 0; i < got.length; i++) {
      String[] w = want.get(i).split(" ");
      String[] g = got[i].split(" ");
      assertEquals(w[0], g[0]);
      // float rounding may differ in the last digits across BLAS kernels; drift beyond 1e-4 is a change
      assertEquals(Double.parseDouble(w[1]), Double.parseDouble(g[1]), 1e-4, "loss at iteration " + w[0]);
    }
  }

  @Test
  void resumeRefusesATextWithAnotherVocabulary(@TempDir Path dir) throws IOException {
    Corpus corpus = smallShakespeare();
    ModelConfig mc = ModelConfig.builder(corpus.vocabulary().size()).cell(CellType.RNN).hiddenSize(8).layers(1)
        .build();
    Trainer t = Trainer.create(mc, corpus, config(OptimizerKind.ADAM, 1e-3f, 2, 1000));
    t.run();
    Path ckpt = dir.resolve("x.safetensors");
    Checkpoint.save(ckpt, t);
    Corpus other = Corpus.fromString("abcabcabcabcabcabcabcabcabcabcabcabcabcabc".repeat(20));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.resume(Checkpoint.load(ckpt), other, config(OptimizerKind.ADAM, 1e-3f, 4, 1000)));
    assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
  }

  @Test
  void dataParallelReplicasGiveTheSameRunAsOneThread() {
    Corpus corpus = smallShakespeare();
    ModelConfig mc = ModelConfig.builder(corpus.vocabulary().size()).hiddenSize(24).embedding(8).dropout(0.25f)
        .build();
    Trainer one = Trainer.create(mc, corpus, config(OptimizerKind.ADAM, 5e-3f, 40, 20), 1);
    List<Double> a = losses(one);
    one.run();
    Trainer three = Trainer.create(mc, corpus, config(OptimizerKind.ADAM, 5e-3f, 40, 20), 3);
    List<Double> b = losses(three);
    three.run();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      // same windows, same dropout masks (one generator per stream); only the order of float additions
      // in the gradient sum differs
      assertEquals(a.get(i), b.get(i), 1e-4, "iteration " + (i + 1));
    }
    assertEquals(one.bestValidation(), three.bestValidation(), 1e-4);
  }
}
