package dev.rnn4j.serve;

import java.time.Duration;

/**
 * What one request may ask for: every request is bounded, so no client can hold the server.
 *
 * @param maxBodyBytes     request body size
 * @param maxSampleLength  characters one sample request may generate
 * @param maxTextLength    characters of a posted text (prime, analyze, eval, predict)
 * @param maxGenerations   generations streaming at once (all models together); beyond it, 429
 * @param maxAnalyses      analyses, evaluations and predictions running at once; beyond it, 429
 * @param requestTime      longest a request may run; a sample is cut there with an error event
 */
public record Limits(long maxBodyBytes, int maxSampleLength, int maxTextLength, int maxGenerations, int maxAnalyses,
                     Duration requestTime) {
  public Limits {
    if (maxBodyBytes < 1024 || maxSampleLength < 1 || maxTextLength < 1 || maxGenerations < 1 || maxAnalyses < 1
        || requestTime.isNegative() || requestTime.isZero()) {
      throw new IllegalArgumentException("limits must be positive (body at least 1 KiB)");
    }
  }

  /** 1 MiB bodies, 10,000 sampled characters, 100,000-character texts, 128 generations, 4 analyses, 120 s. */
  public static Limits defaults() {
    return new Limits(1 << 20, 10_000, 100_000, 128, 4, Duration.ofSeconds(120));
  }

  public Limits withMaxGenerations(int n) {
    return new Limits(maxBodyBytes, maxSampleLength, maxTextLength, n, maxAnalyses, requestTime);
  }
}
