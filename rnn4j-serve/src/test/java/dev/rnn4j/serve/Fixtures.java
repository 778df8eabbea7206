package dev.rnn4j.serve;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small trained character model (LSTM 2x32 on the built-in text, 40 updates), made once per test JVM. */
final class Fixtures {
  private static Path dir;

  private Fixtures() {}

  /** A directory holding {@code model.safetensors}. */
  static synchronized Path charModelDir() {
    if (dir == null) {
      try {
        Path d = Files.createTempDirectory("rnn4j-serve-test");
        Corpus corpus = Corpus.builtIn();
        ModelConfig model = ModelConfig.builder(corpus.vocabulary().size()).cell(CellType.LSTM).layers(2)
            .hiddenSize(32).build();
        Trainer trainer = Trainer.create(model, corpus,
            TrainingConfig.defaults().withWindow(8, 25).withLimits(40, 0, 0));
        trainer.run();
        Checkpoint.save(d.resolve("model.safetensors"), trainer);
        dir = d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }
}
