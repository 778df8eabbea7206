package dev.rnn4j.caption.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.CaptionStepper;
import dev.rnn4j.caption.model.EncodedCaptions;
import dev.rnn4j.caption.model.ImageInjection;
import dev.rnn4j.caption.model.Perplexity;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.decode.SequenceDecoder;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.model.CellType;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.CheckpointWriter;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Training on a toy task whose captions depend on the image, exact resumption, best and last checkpoints
 * and refusals. Images are one of 4 classes (a noisy one-hot feature vector); class c is described by
 * "w(4+c) w(8+c)" or "w(4+c) w(8+c) w(12)": a model that ignores the image must guess the first word
 * among 4, one that uses it is left only with the coin flip between END and w12.
 */
class CaptionTrainerTest {
  static final int V = 13;
  static final int F = 5;
  static final String VOCAB = "{\"toy\": 13}";

  static EncodedCaptions toy(int n, long seed) {
    Rng rng = new Rng(seed);
    int[][] words = new int[n][];
    int[] image = new int[n];
    float[][] features = new float[n][F];
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(4);
      words[i] = rng.nextInt(2) == 0 ? new int[] {4 + c, 8 + c} : new int[] {4 + c, 8 + c, 12};
      image[i] = i;
      for (int j = 0; j < F; j++) {
        features[i][j] = (float) (0.1 * rng.nextGaussian() + (j == c ? 1 : 0));
      }
    }
    return new EncodedCaptions(words, image, features);
  }

  static CaptionConfig modelConfig(ImageInjection injection, float dropout) {
    return CaptionConfig.builder(F, V).hidden(16).embedding(8).injection(injection).dropout(dropout).build();
  }

  static CaptionTrainingConfig trainingConfig(int epochs, long iterations) {
    return CaptionTrainingConfig.builder().batch(6).learningRate(LearningRateSchedule.constant(1e-2f))
        .maxEpochs(epochs).maxIterations(iterations).seed(7).build();
  }

  /** Records every update's loss. */
  static final class Losses implements TrainingListener {
    final List<Double> losses = new ArrayList<>();
    final List<ValidationReport> validations = new ArrayList<>();

    @Override
    public void onIteration(TrainingLoop loop, IterationReport r) {
      losses.add(r.loss());
    }

    @Override
    public void onValidation(TrainingLoop loop, ValidationReport report) {
      validations.add(report);
    }
  }

  @ParameterizedTest
  @EnumSource(ImageInjection.class)
  void learnsToDescribeTheImage(ImageInjection injection) {
    EncodedCaptions train = toy(200, 1);
    EncodedCaptions val = toy(40, 2);
    CaptionTrainer t = CaptionTrainer.create(modelConfig(injection, 0f), VOCAB, train, val, null,
        trainingConfig(12, 0));
    double before = Perplexity.of(t.model(), val);
    Losses l = new Losses();
    t.addListener(l);
    t.run();
    double after = Perplexity.of(t.model(), val);
    assertEquals(12, l.validations.size(), "one validation per epoch");
    assertEquals(after, l.validations.get(11).perplexity(), 1e-9);
    // perfect use of the image leaves only the coin flip between END and w12 after the second word:
    // per-token entropy of ln 2 over 3.5 predictions on average, perplexity exp(ln 2 / 3.5) = 1.22
    assertTrue(before > 10, "untrained perplexity " + before);
    assertTrue(after < 1.4, "trained perplexity " + after);
    CaptionStepper stepper = t.model().stepper(1);
    SequenceDecoder greedy = new SequenceDecoder(stepper, DecodingOptions.greedy(5));
    for (int i = 0; i < val.size(); i++) {
      stepper.begin(val.featuresOf(i));
      int[] got = greedy.decode(null).words();
      assertEquals(val.words()[i][0], got[0], "first word names the class of image " + i);
      assertEquals(val.words()[i][1], got[1], "second word too");
    }
  }

  /**
   * N updates, a checkpoint, then N more from it give the same losses and weights, to the bit, as 2N
   * updates in one run: with dropout on, and N not a multiple of the 7 batches of an epoch.
   */
  @Test
  void resumingContinuesExactly(@TempDir Path dir) throws IOException {
    EncodedCaptions train = toy(40, 3);
    EncodedCaptions val = toy(10, 4);
    int n = 10;
    CaptionTrainer whole = CaptionTrainer.create(modelConfig(ImageInjection.FIRST_STEP, 0.3f), VOCAB, train, val,
        null, trainingConfig(0, 2 * n));
    Losses all = new Losses();
    whole.addListener(all);
    whole.run();

    CaptionTrainer first = CaptionTrainer.create(modelConfig(ImageInjection.FIRST_STEP, 0.3f), VOCAB, train, val,
        null, trainingConfig(0, n));
    Losses a = new Losses();
    first.addListener(a);
    CheckpointWriter writer = new CheckpointWriter(dir);
    first.addListener(writer);
    first.run();
    CaptionCheckpoint ck = CaptionCheckpoint.load(writer.last());
    assertEquals(n, ck.iteration());
    assertEquals(1, ck.epoch());
    assertEquals(VOCAB, ck.vocabulary());
    CaptionTrainer second = CaptionTrainer.resume(ck, train, val, null, trainingConfig(0, 2 * n));
    Losses b = new Losses();
    second.addListener(b);
    second.run();

    List<Double> joined = new ArrayList<>(a.losses);
    joined.addAll(b.losses);
    assertEquals(all.losses, joined);
    assertArrayEquals(whole.model().parameters().values().toArray(), second.model().parameters().values().toArray());
    // validations after epochs 1 and 2 and at the end; the interrupted run also validated when it stopped
    assertEquals(List.of(7.0, 14.0, 20.0), whole.history().stream().map(r -> r[0]).toList());
    assertEquals(List.of(7.0, 10.0, 14.0, 20.0), second.history().stream().map(r -> r[0]).toList());
    assertEquals(whole.history().get(2)[2], second.history().get(3)[2], 0.0, "same final validation perplexity");
  }

  @Test
  void keepsTheBestCheckpointByTheScoreAndTheLastOne(@TempDir Path dir) throws IOException {
    double[] scores = {0.2, 0.6, 0.4};
    int[] calls = {0};
    CaptionValidation score = new CaptionValidation() {
      @Override
      public String name() {
        return "made-up";
      }

      @Override
      public double score(CaptionModel model) {
        return scores[calls[0]++];
      }
    };
    EncodedCaptions train = toy(12, 5);
    CaptionTrainer t = CaptionTrainer.create(modelConfig(ImageInjection.EVERY_STEP, 0f), VOCAB, train, toy(6, 6), score,
        trainingConfig(3, 0));
    CheckpointWriter writer = new CheckpointWriter(dir.resolve("out"));
    Losses l = new Losses();
    t.addListener(l);
    t.addListener(writer);
    t.run();
    assertEquals(List.of(true, true, false), l.validations.stream().map(ValidationReport::improved).toList());
    CaptionCheckpoint best = CaptionCheckpoint.load(writer.best());
    CaptionCheckpoint last = CaptionCheckpoint.load(writer.last());
    assertEquals(4, best.iteration(), "2 batches per epoch: the best is after epoch 2");
    assertEquals(0.6, best.best(), 0);
    assertEquals("made-up", best.scoreName());
    assertEquals(6, last.iteration());
    assertEquals(3, last.history().size());
    assertTrue(Double.isFinite(last.history().get(2)[2]), "validation perplexity is recorded next to the score");
  }

  @Test
  void refusesCorruptForeignAndMismatchedCheckpoints(@TempDir Path dir) throws IOException {
    EncodedCaptions train = toy(12, 7);
    CaptionTrainer t = CaptionTrainer.create(modelConfig(ImageInjection.EVERY_STEP, 0f), VOCAB, train, toy(4, 8), null,
        trainingConfig(1, 0));
    CheckpointWriter writer = new CheckpointWriter(dir);
    t.addListener(writer);
    t.run();
    byte[] bytes = Files.readAllBytes(writer.last());
    bytes[bytes.length - 3] ^= 0x40;
    Path bad = dir.resolve("bad.safetensors");
    Files.write(bad, bytes);
    CheckpointException e = assertThrows(CheckpointException.class, () -> CaptionCheckpoint.load(bad));
    assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(bad.toString()), e.getMessage());

    Path charModel = dir.resolve("char.safetensors");
    SafeTensors.write(charModel, List.of(Tensor.f32("x", new int[] {1}, new float[] {1f})), Map.of("rnn4j.kind", "char-lm"));
    e = assertThrows(CheckpointException.class, () -> CaptionCheckpoint.load(charModel));
    assertTrue(e.getMessage().contains("character-model checkpoint"), e.getMessage());

    CaptionCheckpoint ck = CaptionCheckpoint.load(writer.last());
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> CaptionTrainer.resume(ck, toy(13, 7), toy(4, 8), null, trainingConfig(2, 0)));
    assertTrue(m.getMessage().contains("12 captions"), m.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CaptionTrainer.resume(ck, train, toy(4, 8), null,
        CaptionTrainingConfig.builder().batch(5).learningRate(LearningRateSchedule.constant(1e-2f)).maxEpochs(2)
            .seed(7).build()));
    // features of another width than the model's
    EncodedCaptions wide = new EncodedCaptions(new int[][] {{4}}, new int[] {0}, new float[][] {new float[F + 2]});
    m = assertThrows(IllegalArgumentException.class, () -> CaptionTrainer.create(modelConfig(ImageInjection.EVERY_STEP,
        0f), VOCAB, wide, wide, null, trainingConfig(1, 0)));
    assertTrue(m.getMessage().contains("width " + (F + 2)), m.getMessage());
    assertFalse(Files.exists(dir.resolve("best.safetensors.tmp")));
  }
}
