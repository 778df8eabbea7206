package dev.rnn4j.golden;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rnn4j.model.CellType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Regenerates the golden checkpoints (see {@link GoldenCheckpoints}). A tool, not a check: tagged "generator",
 * which the build excludes; run it with {@code RNN4J_WRITE_GOLDENS=DIR} and {@code -Dexcluded.groups=none}.
 */
@Tag("generator")
class GoldenCheckpointsWriter {
  @Test
  void writeAll() throws Exception {
    String target = System.getenv("RNN4J_WRITE_GOLDENS");
    assertNotNull(target, "set RNN4J_WRITE_GOLDENS to the directory to write");
    Path dir = Path.of(target);
    Files.createDirectories(dir);
    for (CellType cell : CellType.values()) {
      GoldenCheckpoints.write(cell, dir);
    }
  }
}
