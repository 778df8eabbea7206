package dev.rnn4j.seq;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Real data for tests: copies of the shared data sets in this module's test resources
 * ({@code src/test/resources/data/}, see its README), so the tests need nothing outside the repository.
 */
public final class SharedData {
  private SharedData() {}

  /** {@code relative} under the test data folder, e.g. {@code sentiment}. */
  public static Path require(String relative) {
    URL url = SharedData.class.getResource("/data/" + relative);
    assertNotNull(url, "test data not found: /data/" + relative);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
