package dev.rnn4j.seq.golden;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Regenerates the golden classifier and tagger checkpoints; runs only with {@code RNN4J_WRITE_GOLDENS=DIR} in
 * the environment (see {@link SeqGoldenCheckpoints}).
 */
@EnabledIfEnvironmentVariable(named = "RNN4J_WRITE_GOLDENS", matches = ".+")
class SeqGoldenCheckpointsWriter {
  @Test
  void writeAll() throws Exception {
    Path dir = Path.of(System.getenv("RNN4J_WRITE_GOLDENS"));
    Files.createDirectories(dir);
    for (SeqGoldenCheckpoints.Golden g : SeqGoldenCheckpoints.Golden.values()) {
      SeqGoldenCheckpoints.write(g, dir);
    }
  }
}
