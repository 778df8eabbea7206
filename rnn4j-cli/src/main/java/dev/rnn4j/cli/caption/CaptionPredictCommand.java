package dev.rnn4j.cli.caption;

import dev.rnn4j.caption.data.ImageFeatures;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.CaptionStepper;
import dev.rnn4j.caption.train.CaptionCheckpoint;
import dev.rnn4j.cli.DecodingFlags;
import dev.rnn4j.cli.Flags;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.decode.SequenceDecoder;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.WordVocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j caption predict CKPT --features FEATS}: a caption for every image, {@code image<TAB>caption}. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a caption for every image of a features file, one 'image<TAB>caption' line each.")
final class CaptionPredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "captioning checkpoint (.safetensors)")
  Path checkpoint;

  @Option(names = "--features", required = true, paramLabel = "FEATS",
      description = "image features (.safetensors, .tsv, .npy), or 'none' for a model trained without images")
  String features;

  @Mixin
  DecodingFlags decoding;

  @Option(names = "--count", description = "captions to write with --features none (default 5)")
  int count = 5;

  @Option(names = "--seed", description = "random seed for --temperature (default 1)")
  long seed = 1;

  @Option(names = "--out", paramLabel = "FILE", description = "write the lines here (atomically) instead of stdout")
  Path out;

  @Override
  public Integer call() throws Exception {
    DecodingOptions options = decoding.options(3, 20);
    Flags.positive("--count", count);
    CaptionCheckpoint ck = CaptionCheckpoint.load(checkpoint);
    CaptionModel model = ck.model();
    WordVocabulary vocab = WordVocabulary.parse(ck.vocabulary());
    List<String> names;
    List<float[]> vectors = new ArrayList<>();
    int width = model.config().featureWidth();
    if (CaptionInputs.NONE.equals(features)) {
      if (width != 1) {
        throw new IllegalArgumentException("--features none: the model expects image features of width " + width);
      }
      names = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        names.add("caption-" + i);
        vectors.add(new float[1]);
      }
    } else {
      ImageFeatures f = ImageFeatures.read(Path.of(features));
      try {
        f.requireWidth(width);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--features " + features + ": " + e.getMessage(), e);
      }
      names = f.names();
      for (String n : names) {
        vectors.add(f.get(n));
      }
    }
    CaptionStepper stepper = model.stepper(options.beam());
    SequenceDecoder decoder = new SequenceDecoder(stepper, options);
    Rng rng = new Rng(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      stepper.begin(vectors.get(i));
      List<String> words = vocab.decode(decoder.decode(rng).words());
      text.append(names.get(i)).append('\t').append(String.join(" ", words)).append('\n');
    }
    if (out == null) {
      System.out.print(text);
      System.out.flush();
    } else {
      writeAtomically(out, text.toString());
      System.out.println("wrote " + names.size() + " captions to " + out + " (" + DecodingFlags.describe(options) + ")");
    }
    return 0;
  }

  /** Writes to a temporary file beside {@code file}, then renames it over {@code file}. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new IOException("--out " + file + ": directory " + dir + " does not exist");
    }
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
