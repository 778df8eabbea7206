package dev.rnn4j.seq.golden;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Regenerates the golden classifier and tagger checkpoints (see {@link SeqGoldenCheckpoints}). A tool, not a
 * check: tagged "generator", which the build excludes; run it with {@code RNN4J_WRITE_GOLDENS=DIR} and
 * {@code -Dexcluded.groups=none}.
 */
@Tag("generator")
class SeqGoldenCheckpointsWriter {
  @Test
  void writeAll() throws Exception {
    String target = System.getenv("RNN4J_WRITE_GOLDENS");
    assertNotNull(target, "set RNN4J_WRITE_GOLDENS to the directory to write");
    Path dir = Path.of(target);
    Files.createDirectories(dir);
    for (SeqGoldenCheckpoints.Golden g : SeqGoldenCheckpoints.Golden.values()) {
      SeqGoldenCheckpoints.write(g, dir);
    }
  }
}
