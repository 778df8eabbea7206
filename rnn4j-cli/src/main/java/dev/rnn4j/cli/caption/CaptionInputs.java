package dev.rnn4j.cli.caption;

import dev.rnn4j.caption.data.CaptionSet;
import dev.rnn4j.caption.data.ImageFeatures;
import dev.rnn4j.caption.data.Subset;
import dev.rnn4j.caption.eval.CaptionDataset;
import dev.rnn4j.text.WordVocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reading what the captioning commands share: captions, features (or none), and the data of a subset. */
final class CaptionInputs {
  /** The {@code --features} value that stands for no image at all: a constant zero vector per image. */
  static final String NONE = "none";

  private CaptionInputs() {}

  /** A dataset.json, or a Flickr8k token file with its split lists beside it; one without captions is refused. */
  static CaptionSet captions(Path file) throws IOException {
    CaptionSet set = CaptionSet.read(file);
    int total = 0;
    for (Subset s : Subset.values()) {
      total += set.captions(s).size();
    }
    if (total == 0) {
      throw new IOException(file + ": no captions");
    }
    return set;
  }

  /**
   * The features file, or with {@code none} a zero vector of width 1 for every image of {@code set} (the
   * model is then a plain language model of the captions).
   */
  static ImageFeatures features(String spec, CaptionSet set) throws IOException {
    if (!NONE.equals(spec)) {
      return ImageFeatures.read(Path.of(spec));
    }
    if (set == null) {
      throw new IllegalArgumentException("--features none needs captions to name the images");
    }
    Set<String> images = new LinkedHashSet<>();
    for (Subset s : Subset.values()) {
      images.addAll(set.images(s));
    }
    List<String> names = new ArrayList<>(images);
    return ImageFeatures.of(names, new float[names.size()][1]);
  }

  /**
   * The captions of {@code subset} whose images have features; prints how many do when some do not (not an
   * error), and refuses features of another width than {@code width} (0: any), naming the file.
   */
  static CaptionDataset dataset(CaptionSet set, Subset subset, ImageFeatures features, String featuresSpec,
                                WordVocabulary vocabulary, int width, PrintStream out) {
    CaptionDataset d;
    try {
      d = CaptionDataset.of(set, subset, features, vocabulary, width);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--features " + featuresSpec + ": " + e.getMessage(), e);
    }
    String name = subset.name().toLowerCase(Locale.ROOT);
    if (!d.match().complete()) {
      out.printf(Locale.ROOT, "%s: %s (%d captions left out)%n", name, d.match().summary(), d.skippedCaptions());
    }
    return d;
  }
}
