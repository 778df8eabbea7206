package dev.rnn4j.golden;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.CheckpointWriter;
import dev.rnn4j.train.Evaluator;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The golden checkpoints of format 1.0 and how they were made: one tiny model per cell, trained a few
 * iterations on {@link #TRAIN}, and its loss on {@link #EVAL}. The files are committed under
 * {@code src/test/resources/dev/rnn4j/golden/1.0/} and {@link GoldenCheckpointTest} reads them; this class
 * only matters to regenerate them, which a frozen format should never need:
 *
 * <pre>
 *   RNN4J_WRITE_GOLDENS=$PWD/rnn4j-core/src/test/resources/dev/rnn4j/golden/1.0 \
 *       mvn -pl rnn4j-core test -Dtest=GoldenCheckpointsWriter -Dexcluded.groups=none
 * </pre>
 */
final class GoldenCheckpoints {
  static final String RESOURCES = "/dev/rnn4j/golden/1.0/";
  static final String TRAIN = "The quick brown fox jumps over the lazy dog. A lazy dog sleeps; the fox runs far away.\n"
      + "Then the dog wakes, and the fox hides in the woods where it sleeps until the night is over.\n"
      + "Over and over the fox jumps, the dog barks, and the woods are quiet again. The end.\n";
  static final String EVAL = "The lazy fox sleeps in the woods. The dog jumps over the quick brown fox again.\n";
  /** Streams and window of the evaluation. */
  static final int EVAL_BATCH = 2;
  static final int EVAL_STEPS = 16;

  private GoldenCheckpoints() {}

  /** Each cell once, in the shapes a golden file has: 2 layers of 6, one-hot or embedding 5. */
  static ModelConfig config(CellType cell, int vocab) {
    int embedding = cell == CellType.RNN || cell == CellType.LSTM ? 0 : 5;
    float dropout = cell == CellType.LSTM ? 0.25f : 0f;
    return ModelConfig.builder(vocab).cell(cell).hiddenSize(6).layers(2).embedding(embedding).dropout(dropout)
        .initScale(0.2f).build();
  }

  /** Trains one tiny model and writes {@code <cell>.safetensors} and {@code <cell>.loss} into {@code dir}. */
  static void write(CellType cell, Path dir) throws IOException {
    Corpus corpus = Corpus.fromString(TRAIN);
    TrainingConfig tc = TrainingConfig.builder().batch(2).steps(8).optimizer(OptimizerKind.ADAM)
        .learningRate(LearningRateSchedule.constant(1e-2f)).clipValue(5f).valFraction(0.1).evalEvery(3)
        .maxIterations(6).seed(11).sampleEvery(0).sampleLength(0).build();
    Trainer trainer = Trainer.create(config(cell, corpus.vocabulary().size()), corpus, tc, 1);
    Path run = Files.createTempDirectory("golden-" + cell.label());
    CheckpointWriter writer = new CheckpointWriter(run);
    trainer.addListener(writer);
    trainer.run();
    Path file = dir.resolve(cell.label() + ".safetensors");
    Files.copy(writer.last(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Checkpoint c = Checkpoint.load(file);
    double loss = evaluate(c);
    Files.writeString(dir.resolve(cell.label() + ".loss"), String.format(Locale.ROOT, "%.9f%n", loss),
        StandardCharsets.UTF_8);
  }

  /** The loss a golden checkpoint must evaluate to on {@link #EVAL}, in nats per character. */
  static double evaluate(Checkpoint c) {
    return Evaluator.crossEntropy(c.model(), Corpus.fromString(EVAL, c.vocabulary()).all(), EVAL_BATCH, EVAL_STEPS,
        null);
  }
}
