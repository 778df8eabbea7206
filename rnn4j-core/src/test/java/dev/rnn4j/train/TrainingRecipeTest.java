package dev.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.TokenRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The defaults that learn fast: initialisation, unigram output bias, budget-aware schedule, cheap validation. */
class TrainingRecipeTest {
  private static TrainingConfig cosine(long iterations, int evalEvery, int evalChars) {
    return new TrainingConfig(8, 16, OptimizerKind.ADAM, LearningRateSchedule.cosine(5e-3f, 5, 0.1f), 5f, 0f, false,
        0.1, evalEvery, iterations, 0, 0, 7, 0, 0, evalChars);
  }

  private static ModelConfig xavier(Corpus corpus, CellType cell) {
    return new ModelConfig(cell, corpus.vocabulary().size(), 24, 2, 0, 0.1f, 0.08f, Initialization.XAVIER, 0f, true);
  }

  private static List<Float> rates(Trainer t) {
    List<Float> rates = new ArrayList<>();
    t.addListener(new TrainingListener() {
      @Override
      public void onIteration(TrainingLoop loop, IterationReport r) {
        rates.add(r.learningRate());
      }
    });
    return rates;
  }

  @Test
  void resumeIsExactWithWarmupAndCosineOverTheIterationBudget(@TempDir Path dir) throws IOException {
    Corpus corpus = TrainerTest.smallShakespeare();
    ModelConfig mc = xavier(corpus, CellType.LSTM);
    Trainer whole = Trainer.create(mc, corpus, cosine(40, 1000, 0));
    List<Double> wholeLosses = TrainerTest.losses(whole);
    List<Float> wholeRates = rates(whole);
    whole.run();

    // Interrupted (Ctrl-C) after 17 of its 40 iterations: the schedule was planned over all 40.
    Trainer first = Trainer.create(mc, corpus, cosine(40, 1000, 0));
    first.addListener(new TrainingListener() {
      @Override
      public void onIteration(TrainingLoop loop, IterationReport r) {
        if (r.iteration() == 17) {
          loop.requestStop();
        }
      }
    });
    first.run();
    Path ckpt = dir.resolve("part.safetensors");
    Checkpoint.save(ckpt, first);
    Trainer second = Trainer.resume(Checkpoint.load(ckpt), corpus, cosine(40, 1000, 0));
    List<Double> secondLosses = TrainerTest.losses(second);
    List<Float> secondRates = rates(second);
    second.run();
    for (int i = 0; i < 23; i++) {
      assertEquals(wholeLosses.get(17 + i), secondLosses.get(i), 0.0, "iteration " + (18 + i));
      assertEquals(wholeRates.get(17 + i), secondRates.get(i), 0f, "rate of iteration " + (18 + i));
    }
    assertArrayEquals(whole.model().parameters().values().toArray(), second.model().parameters().values().toArray());
    assertEquals(1e-3f, wholeRates.get(0), 1e-9f, "warm-up starts at base/5");
    assertTrue(wholeRates.get(39) < 6e-4f, "the budget's last update is near the floor: " + wholeRates.get(39));
  }

  @Test
  void unigramBiasStartsAtTheUnigramEntropy() {
    Corpus corpus = TrainerTest.smallShakespeare();
    TrainingConfig tc = cosine(1, 1000, 0);
    Trainer withBias = Trainer.create(xavier(corpus, CellType.LSTM), corpus, tc);
    ModelConfig noBias = xavier(corpus, CellType.LSTM).toBuilder().unigramBias(false).build();
    Trainer without = Trainer.create(noBias, corpus, tc);
    double unigram = unigramEntropy(corpus.split(0.1, 0).train());
    double first = Evaluator.crossEntropy(withBias.model(), withBias.validationRange(), 8, 16, null);
    double uniform = Evaluator.crossEntropy(without.model(), without.validationRange(), 8, 16, null);
    assertEquals(unigram, first, 0.15, "an untrained model with the unigram bias scores about the unigram entropy");
    assertTrue(uniform > first + 0.5, "without it the first loss is near ln V: " + uniform + " vs " + first);
  }

  private static double unigramEntropy(TokenRange range) {
    long[] counts = range.counts();
    double h = 0;
    for (long c : counts) {
      if (c > 0) {
        double p = c / (double) range.length();
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  @Test
  void periodicValidationScoresTheSampleAndTheEndScoresTheWholeSplit() {
    Corpus corpus = TrainerTest.smallShakespeare();
    Trainer t = Trainer.create(xavier(corpus, CellType.GRU), corpus, cosine(20, 10, 700), 1);
    List<Double> periodic = new ArrayList<>();
    t.addListener(new TrainingListener() {
      @Override
      public void onValidation(TrainingLoop loop, ValidationReport r) {
        periodic.add(r.loss());
        double onSample = Evaluator.crossEntropy(t.model(), t.validationRange().head(700), 8, 16, null);
        assertEquals(onSample, r.loss(), 1e-6, "periodic validation scores the first 700 characters");
      }
    });
    t.run();
    assertEquals(2, periodic.size());
    double whole = Evaluator.crossEntropy(t.model(), t.validationRange(), 8, 16, null);
    assertEquals(whole, t.wholeValidation(), 1e-6, "the end of the run scores all of the split");
    assertTrue(Math.abs(whole - periodic.get(1)) > 1e-6, "sample and whole split differ: the test tells them apart");
  }

  @Test
  void smoothedLossOutsideThePresetFollowsTheLossClosely() {
    Corpus corpus = TrainerTest.smallShakespeare();
    Trainer t = Trainer.create(xavier(corpus, CellType.LSTM), corpus, cosine(30, 1000, 0));
    List<double[]> seen = new ArrayList<>();
    t.addListener(new TrainingListener() {
      @Override
      public void onIteration(TrainingLoop loop, IterationReport r) {
        seen.add(new double[] {r.loss(), r.smoothLoss()});
      }
    });
    t.run();
    assertEquals(seen.get(0)[0], seen.get(0)[1], 0.0, "starts at the first loss, not at ln V");
    double expected = seen.get(0)[0];
    for (int i = 1; i < seen.size(); i++) {
      expected = expected * 0.95 + seen.get(i)[0] * 0.05;
      assertEquals(expected, seen.get(i)[1], 1e-9);
    }
  }
}
