package dev.rnn4j.cli.caption;

import dev.rnn4j.caption.data.Caption;
import dev.rnn4j.caption.data.CaptionSet;
import dev.rnn4j.caption.data.ImageFeatures;
import dev.rnn4j.caption.data.Subset;
import dev.rnn4j.cli.Flags;
import dev.rnn4j.text.WordVocabulary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j caption data CAPTIONS [--features FILE]}: what a captioning data set holds before training on
 * it: images and captions per split, what was skipped, the vocabulary, and which images lack features.
 */
@Command(name = "data", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Summarise a captioning data set (Karpathy dataset.json, or a Flickr8k token file with its"
        + " split lists beside it) and check image features against it.")
final class DataCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CAPTIONS", description = "dataset.json or Flickr8k.token.txt")
  Path captions;

  @Option(names = "--features", paramLabel = "FILE", description = "image features (.tsv, .npy or .safetensors)")
  Path features;

  @Option(names = "--min-count", description = "keep words seen at least this often in train (default 5)")
  int minCount = 5;

  @Override
  public Integer call() throws Exception {
    Flags.positive("--min-count", minCount);
    PrintStream out = System.out;
    long t0 = System.nanoTime();
    CaptionSet set = CaptionSet.read(captions);
    List<Caption> train = set.captions(Subset.TRAIN);
    WordVocabulary vocab = WordVocabulary.build(train.stream().map(Caption::tokens).toList(), minCount);
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "captions: %s (read in %.2f s)%n", captions, seconds);
    for (Subset s : Subset.values()) {
      out.printf(Locale.ROOT, "  %-6s %,d images, %,d captions%n", s.name().toLowerCase(Locale.ROOT) + ":",
          set.images(s).size(), set.captions(s).size());
    }
    out.printf(Locale.ROOT, "  empty sentences skipped: %d%n", set.skippedEmpty());
    if (!set.unassigned().isEmpty()) {
      out.printf(Locale.ROOT, "  images in no split list (their captions left out): %d (%s)%n", set.unassigned().size(),
          abbreviate(List.copyOf(set.unassigned())));
    }
    long words = 0;
    long known = 0;
    for (Caption c : train) {
      for (String w : c.tokens()) {
        words++;
        known += vocab.id(w) != WordVocabulary.UNK ? 1 : 0;
      }
    }
    out.printf(Locale.ROOT, "vocabulary: %,d ids at min count %d (%,d words + 4 specials), %.1f%% of %,d training"
        + " words known%n", vocab.size(), minCount, vocab.size() - 4, words == 0 ? 0 : 100.0 * known / words, words);
    if (features != null) {
      long t1 = System.nanoTime();
      ImageFeatures f = ImageFeatures.read(features);
      out.printf(Locale.ROOT, "features: %s, %,d images x %d values (read in %.2f s)%n", features, f.count(), f.width(),
          (System.nanoTime() - t1) / 1e9);
      for (Subset s : Subset.values()) {
        out.printf(Locale.ROOT, "  %-6s %s%n", s.name().toLowerCase(Locale.ROOT) + ":", f.match(set.images(s)).summary());
      }
    }
    return 0;
  }

  private static String abbreviate(List<String> names) {
    List<String> shown = names.subList(0, Math.min(5, names.size()));
    return String.join(", ", shown) + (names.size() > shown.size() ? ", ..." : "");
  }
}
