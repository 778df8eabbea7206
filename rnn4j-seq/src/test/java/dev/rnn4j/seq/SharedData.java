package dev.rnn4j.seq;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data sets in the shared data folder next to the repository ({@code /work/shared/data} for a
 * checkout at {@code /work/<name>}), read by tests from the module folder. Tests that need a file are skipped,
 * not failed, where the folder is absent, so the build still passes on a bare checkout.
 */
public final class SharedData {
  private static final Path ROOT = Path.of("../../shared/data");

  private SharedData() {}

  /** {@code relative} under the shared data folder; skips the calling test when it is missing. */
  public static Path require(String relative) {
    Path p = ROOT.resolve(relative);
    assumeTrue(Files.exists(p), "shared data not found: " + p.toAbsolutePath().normalize());
    return p;
  }
}
