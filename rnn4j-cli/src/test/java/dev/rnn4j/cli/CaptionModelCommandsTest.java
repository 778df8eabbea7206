package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j caption train | predict | eval} through {@link Main#execute}, good and bad input. */
class CaptionModelCommandsTest {
  /** A model small enough to train on 48 scenes in about a second. */
  private static final String[] TINY = {"--hidden", "16", "--embedding", "8", "--batch", "8", "--min-count", "1"};

  @TempDir
  static Path shared;
  private static Path captions;
  private static Path features;
  private static Path trained;

  @TempDir
  Path dir;

  @BeforeAll
  static void scenesFeaturesAndAModel() {
    Path scenes = shared.resolve("scenes");
    assertEquals(0, Cli.run("caption", "scenes", "--count", "60", "--out", scenes.toString(), "--seed", "4").status());
    captions = scenes.resolve("dataset.json");
    features = shared.resolve("feats.safetensors");
    Cli.Result f = Cli.run("caption", "features", scenes.toString(), "--builtin", "--out", features.toString());
    assertEquals(0, f.status(), f::toString);
    Path out = shared.resolve("run");
    Cli.Result r = Cli.run(args(new String[] {"caption", "train", "--captions", captions.toString(), "--features",
        features.toString(), "--epochs", "2", "--out", out.toString()}, TINY));
    assertEquals(0, r.status(), r::toString);
    trained = out.resolve("last.safetensors");
  }

  static String[] args(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  /** Exit 1, one line {@code rnn4j: ...} naming every key word, no stack trace. */
  private static void refused(String[] args, String... keywords) {
    Cli.assertRefused(Cli.run(args), 1, keywords);
  }

  @Test
  void trainWritesValidationLinesAndBothCheckpoints(@TempDir Path out) {
    Cli.Result r = Cli.run(args(new String[] {"caption", "train", "--captions", captions.toString(), "--features",
        features.toString(), "--epochs", "2", "--out", out.toString()}, TINY));
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("data: 48 train images (96 captions), 6 val images"), r::toString);
    assertTrue(r.out().contains("epoch 1.00 (iteration 12): val perplexity "), r::toString);
    assertTrue(r.out().contains("epoch 2.00 (iteration 24): val perplexity "), r::toString);
    assertTrue(r.out().contains("BLEU-1 ") && r.out().contains("BLEU-4 ") && r.out().contains("(BP "), r::toString);
    assertTrue(Files.isRegularFile(out.resolve("last.safetensors")) && Files.isRegularFile(out.resolve("best.safetensors")));
    assertTrue(r.out().contains("checkpoint: " + out.resolve("last.safetensors") + " (best BLEU-4 "), r::toString);

    Cli.Result resumed = Cli.run("caption", "train", "--captions", captions.toString(), "--features",
        features.toString(), "--epochs", "3", "--out", out.toString(), "--resume", out.resolve("last.safetensors")
            .toString());
    assertEquals(0, resumed.status(), resumed::toString);
    assertTrue(resumed.out().contains("epoch 3.00 (iteration 36)"), resumed::toString);
    assertFalse(resumed.out().contains("epoch 2.00"), "continues after epoch 2: " + resumed);
  }

  @Test
  void predictWritesOneLinePerImage() throws IOException {
    Cli.Result r = Cli.run("caption", "predict", trained.toString(), "--features", features.toString(), "--greedy");
    assertEquals(0, r.status(), r::toString);
    List<String> lines = r.out().lines().toList();
    assertEquals(60, lines.size(), r::toString);
    assertTrue(lines.get(0).startsWith("scene-00000.png\t"), r::toString);
    Path file = dir.resolve("captions.tsv");
    Cli.Result beam = Cli.run("caption", "predict", trained.toString(), "--features", features.toString(), "--beam",
        "2", "--max-length", "4", "--out", file.toString());
    assertEquals(0, beam.status(), beam::toString);
    assertTrue(beam.out().contains("wrote 60 captions to " + file + " (beam 2, at most 4 words)"), beam::toString);
    for (String line : Files.readAllLines(file)) {
      String[] cols = line.split("\t", -1); // an untrained model may write an empty caption
      assertEquals(2, cols.length, line);
      assertTrue(cols[1].isEmpty() || cols[1].split(" ").length <= 4, "length limit: " + line);
    }
    Cli.Result a = Cli.run("caption", "predict", trained.toString(), "--features", features.toString(),
        "--temperature", "1", "--seed", "5");
    Cli.Result b = Cli.run("caption", "predict", trained.toString(), "--features", features.toString(),
        "--temperature", "1", "--seed", "5");
    assertEquals(a.out(), b.out(), "sampling is seeded");
  }

  @Test
  void evalPrintsBleuPerplexityAndTheBaseline() {
    Cli.Result r = Cli.run("caption", "eval", trained.toString(), "--captions", captions.toString(), "--features",
        features.toString(), "--baseline", "--show", "2");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("test: 6 images, 12 captions, beam 3, at most 20 words"), r::toString);
    assertTrue(r.out().matches("(?s).*model: +BLEU-1 \\d\\.\\d{3} BLEU-2 .* BLEU-4 \\d\\.\\d{3} \\(BP .*"), r::toString);
    assertTrue(r.out().contains("perplexity of the references: "), r::toString);
    assertTrue(r.out().contains("baseline: BLEU-1 "), r::toString);
    assertTrue(r.out().contains("scene-00054.png\t"), r::toString);
  }

  @Test
  void captionsOfImagesWithoutFeaturesAreCountedNotFatal() throws IOException {
    Path tsv = dir.resolve("some.tsv");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      sb.append(String.format("scene-%05d.png\t%d 0.5 1\n", i, i % 3));
    }
    Files.writeString(tsv, sb.toString());
    Cli.Result r = Cli.run(args(new String[] {"caption", "train", "--captions", captions.toString(), "--features",
        tsv.toString(), "--epochs", "1", "--out", dir.resolve("run").toString()}, TINY));
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("train: 10 of 48 images have features; missing: scene-00010.png"), r::toString);
    assertTrue(r.out().contains("(76 captions left out)"), r::toString);
    assertTrue(r.out().contains("val: 0 of 6 images have features"), r::toString);
  }

  @Test
  void featuresNoneTrainsACaptionLanguageModel() {
    Path out = dir.resolve("lm");
    Cli.Result r = Cli.run(args(new String[] {"caption", "train", "--captions", captions.toString(), "--features",
        "none", "--epochs", "1", "--out", out.toString()}, TINY));
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("features none (width 1)"), r::toString);
    assertTrue(r.out().contains("(best perplexity "), "no images, no BLEU to pick by: " + r);
    assertFalse(r.out().contains("BLEU-4 "), r::toString);
    Cli.Result p = Cli.run("caption", "predict", out.resolve("last.safetensors").toString(), "--features", "none",
        "--temperature", "1", "--count", "3");
    assertEquals(0, p.status(), p::toString);
    assertEquals(3, p.out().lines().count(), p::toString);
    assertTrue(p.out().startsWith("caption-1\t"), p::toString);
  }

  @Test
  void badInputsAreOneLineErrors() throws IOException {
    Path narrow = dir.resolve("narrow.tsv");
    Files.writeString(narrow, "scene-00054.png\t1 2 3\n");
    refused(new String[] {"caption", "eval", trained.toString(), "--captions", captions.toString(), "--features",
        narrow.toString()}, "--features " + narrow, "width 3", "expects 490");
    refused(new String[] {"caption", "predict", trained.toString(), "--features", narrow.toString()}, "width 3");

    Path corrupt = dir.resolve("corrupt.safetensors");
    byte[] bytes = Files.readAllBytes(trained);
    bytes[bytes.length - 5] ^= 0x10;
    Files.write(corrupt, bytes);
    refused(new String[] {"caption", "predict", corrupt.toString(), "--features", features.toString()}, corrupt.toString(),
        "checksum");
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, 100));
    refused(new String[] {"caption", "eval", truncated.toString(), "--captions", captions.toString(), "--features",
        features.toString()}, truncated.toString(), "truncated");

    Path empty = dir.resolve("dataset.json");
    Files.writeString(empty, "{\"images\": []}");
    refused(new String[] {"caption", "train", "--captions", empty.toString(), "--features", features.toString(),
        "--out", dir.resolve("x").toString()}, empty + ": no captions");
    Path tokens = dir.resolve("Flickr8k.token.txt");
    Files.writeString(tokens, "");
    for (String list : new String[] {"Flickr_8k.trainImages.txt", "Flickr_8k.devImages.txt", "Flickr_8k.testImages.txt"}) {
      Files.writeString(dir.resolve(list), "");
    }
    refused(new String[] {"caption", "train", "--captions", tokens.toString(), "--features", features.toString(),
        "--out", dir.resolve("x").toString()}, tokens + ": no captions");

    Path unrelated = dir.resolve("unrelated.tsv");
    Files.writeString(unrelated, "other.png\t1 2 3\n");
    refused(new String[] {"caption", "train", "--captions", captions.toString(), "--features", unrelated.toString(),
        "--out", dir.resolve("x").toString()}, "no training captions with image features", "0 of 48 images");
    refused(args(new String[] {"caption", "train", "--captions", captions.toString(), "--features", features.toString(),
        "--cell", "mut1", "--out", dir.resolve("x").toString()}, TINY), "--cell", "mut1");
    refused(new String[] {"caption", "predict", trained.toString(), "--features", features.toString(), "--beam", "2",
        "--greedy"}, "--beam", "--greedy");
    refused(new String[] {"caption", "eval", trained.toString(), "--captions", captions.toString(), "--features",
        features.toString(), "--subset", "dev"}, "--subset");
    refused(new String[] {"caption", "predict", trained.toString(), "--features", "none"}, "width 490");
    assertFalse(Files.exists(dir.resolve("x").resolve("last.safetensors")), "nothing trained");
  }

  @Test
  void helpOfTheModelCommands() {
    for (String sub : new String[] {"train", "predict", "eval"}) {
      Cli.Result h = Cli.run("caption", sub, "--help");
      assertEquals(0, h.status(), h::toString);
      assertEquals("", h.err(), h::toString);
    }
  }
}
