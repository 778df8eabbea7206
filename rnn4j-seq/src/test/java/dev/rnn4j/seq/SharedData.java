package dev.rnn4j.seq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data sets in the shared data folder next to the repository ({@code ../shared/data} from the
 * checkout; CI has it), read by tests from the module folder. A missing file fails the test that needs it:
 * a check that quietly skips is no check.
 */
public final class SharedData {
  private static final Path ROOT = Path.of("../../shared/data");

  private SharedData() {}

  /** {@code relative} under the shared data folder; fails the calling test when it is missing. */
  public static Path require(String relative) {
    Path p = ROOT.resolve(relative);
    assertTrue(Files.exists(p), "shared data not found: " + p.toAbsolutePath().normalize());
    return p;
  }
}
