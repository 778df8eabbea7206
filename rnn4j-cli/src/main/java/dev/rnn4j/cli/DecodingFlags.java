package dev.rnn4j.cli;

import dev.rnn4j.decode.DecodingOptions;
import picocli.CommandLine.Option;

/**
 * How the {@code predict} and {@code eval} commands of captions and translations write a sequence: beam
 * search, greedy, or sampling; each command gives its own default beam and length.
 */
public final class DecodingFlags {
  @Option(names = "--beam", paramLabel = "K", description = "beam search with K beams (default 3 for captions, 5 for translations)")
  Integer beam;

  @Option(names = "--greedy", description = "the likeliest word at each step (beam 1)")
  boolean greedy;

  @Option(names = "--temperature", paramLabel = "T", description = "sample words from softmax(logits / T)")
  Float temperature;

  @Option(names = "--length-norm", description = "rank beams by log-probability per word, not in total")
  boolean lengthNorm;

  @Option(names = "--max-length", description = "most words written (default: 20 for a caption, the model's limit "
      + "for a translation)")
  Integer maxLength;

  /** The options chosen, with these defaults where no flag says otherwise. */
  public DecodingOptions options(int defaultBeam, int defaultMaxLength) {
    int maxLength = this.maxLength != null ? this.maxLength : defaultMaxLength;
    Flags.positive("--max-length", maxLength);
    int chosen = (beam != null ? 1 : 0) + (greedy ? 1 : 0) + (temperature != null ? 1 : 0);
    if (chosen > 1) {
      throw new IllegalArgumentException("choose one of --beam, --greedy and --temperature");
    }
    if (temperature != null) {
      if (!(temperature > 0) || temperature.isInfinite()) {
        throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
      }
      return DecodingOptions.sample(temperature, maxLength);
    }
    int k = greedy ? 1 : beam != null ? beam : defaultBeam;
    Flags.positive("--beam", k);
    return new DecodingOptions(k, lengthNorm, 0f, maxLength);
  }

  /** E.g. {@code beam 3}, {@code greedy}, {@code temperature 0.8}. */
  public static String describe(DecodingOptions o) {
    if (o.sampling()) {
      return "sampling at temperature " + o.temperature();
    }
    return (o.beam() == 1 ? "greedy" : "beam " + o.beam() + (o.normalise() ? " (per-word log-probability)" : ""))
        + ", at most " + o.maxLength() + " words";
  }
}
