package dev.rnn4j.golden;

import dev.rnn4j.model.CellType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Regenerates the golden checkpoints; runs only with {@code RNN4J_WRITE_GOLDENS=DIR in the environment} (see {@link GoldenCheckpoints}). */
@EnabledIfEnvironmentVariable(named = "RNN4J_WRITE_GOLDENS", matches = ".+")
class GoldenCheckpointsWriter {
  @Test
  void writeAll() throws Exception {
    Path dir = Path.of(System.getenv("RNN4J_WRITE_GOLDENS"));
    Files.createDirectories(dir);
    for (CellType cell : CellType.values()) {
      GoldenCheckpoints.write(cell, dir);
    }
  }
}
