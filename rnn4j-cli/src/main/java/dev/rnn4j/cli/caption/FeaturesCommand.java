package dev.rnn4j.cli.caption;

import dev.rnn4j.caption.data.ImageFeatures;
import dev.rnn4j.caption.image.FeatureExtractor;
import dev.rnn4j.caption.image.FeatureFiles;
import dev.rnn4j.caption.image.GridFeatureExtractor;
import dev.rnn4j.caption.image.ImagePreprocessing;
import dev.rnn4j.caption.image.OnnxFeatureExtractor;
import dev.rnn4j.cli.Durations;
import dev.rnn4j.cli.Flags;
import dev.rnn4j.cli.StatusLine;
import dev.rnn4j.cli.Terminal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j caption features IMAGE_DIR --onnx CNN.onnx --out feats.safetensors}: one feature vector per
 * image. Unreadable images are listed and skipped; the rest are written.
 */
@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run an image CNN exported to ONNX (or the built-in extractor) over every image of a"
        + " directory (png, jpg, jpeg, bmp, gif) and write one feature vector per image.")
final class FeaturesCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IMAGE_DIR", description = "directory of images (not searched recursively)")
  Path dir;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Extractor extractor;

  static final class Extractor {
    @Option(names = "--onnx", paramLabel = "CNN.onnx", description = "image CNN exported to ONNX, input [N, 3, H, W]")
    Path onnx;

    @Option(names = "--builtin", description = "the built-in colour/edge/blob extractor (490 values; for scenes)")
    boolean builtin;
  }

  @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "features file to write")
  Path out;

  @Option(names = "--size", description = "centre crop side when the model does not fix it (default 224)")
  int size = 224;

  @Option(names = "--resize", description = "shorter side before the crop (default size * 256 / 224)")
  Integer resize;

  @Option(names = "--output", paramLabel = "NAME", description = "model output to read (default: the first)")
  String output;

  @Override
  public Integer call() throws Exception {
    Flags.positive("--size", size);
    int shorter = resize != null ? resize : (int) Math.round(size * 256.0 / 224);
    if (shorter < size) {
      throw new IllegalArgumentException("--resize " + shorter + " is smaller than --size " + size);
    }
    if (!out.getFileName().toString().endsWith(".safetensors")) {
      throw new IllegalArgumentException("--out " + out + ": the features file must end in .safetensors");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      throw new IOException("--out " + out + ": directory " + parent + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + (Files.exists(dir) ? ": not a directory" : ": no such directory"));
    }
    PrintStream err = System.err;
    PrintStream stdout = System.out;
    try (FeatureExtractor fx = extractor.builtin ? new GridFeatureExtractor()
        : OnnxFeatureExtractor.open(extractor.onnx, ImagePreprocessing.imagenet(shorter, size), output)) {
      stdout.println("extractor: " + fx);
      Progress progress = new Progress(err, Terminal.interactive());
      FeatureFiles.Extraction x = FeatureFiles.extractDirectory(dir, fx, progress::update);
      progress.end();
      ImageFeatures features = x.features();
      features.write(out);
      stdout.println(summary(features.count() + x.skipped().size(), x.skipped()));
      stdout.printf(Locale.ROOT, "wrote %s: %d vectors of %d values%n", out, features.count(), features.width());
    }
    return 0;
  }

  /** E.g. {@code 12 images, 2 skipped: a.jpg (not a readable image), b.png (cannot decode: ...)}. */
  static String summary(int images, List<FeatureFiles.Skipped> skipped) {
    String s = images + " images, " + skipped.size() + " skipped";
    if (skipped.isEmpty()) {
      return s;
    }
    return s + ": " + String.join(", ", skipped.stream().map(FeatureFiles.Skipped::toString).toList());
  }

  /** Progress on standard error: a line redrawn on a terminal, else a plain line every 10 seconds. */
  static final class Progress {
    private final PrintStream err;
    private final boolean interactive;
    private final StatusLine status;
    private final long start = System.nanoTime();
    private long last = start;

    Progress(PrintStream err, boolean interactive) {
      this.err = err;
      this.interactive = interactive;
      this.status = new StatusLine(err, interactive);
    }

    void update(FeatureFiles.Progress p) {
      if (p.skipped() != null) {
        status.end();
        err.println("skipped " + p.image() + " (" + p.skipped() + ")");
      }
      long now = System.nanoTime();
      boolean due = p.done() == p.total() || (now - last) / 1e9 >= (interactive ? 0.2 : 10);
      if (!due) {
        return;
      }
      last = now;
      double seconds = (now - start) / 1e9;
      double rate = p.done() / Math.max(seconds, 1e-9);
      String line = String.format(Locale.ROOT, "features: %d/%d images (%.1f%%) | %.1f images/s | %s left",
          p.done(), p.total(), 100.0 * p.done() / p.total(), rate, Durations.format((p.total() - p.done()) / rate));
      status.show(line);
    }

    void end() {
      status.end();
    }
  }
}
