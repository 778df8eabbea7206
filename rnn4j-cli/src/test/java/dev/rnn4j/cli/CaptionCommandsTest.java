package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.caption.data.ImageFeatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j caption scenes | features | data} through {@link Main#execute}, good and bad input. */
class CaptionCommandsTest {
  private static final Path TINY_CNN_SCRIPT = Path.of("../rnn4j-caption/src/test/python/make_tiny_cnn.py");

  @TempDir
  static Path shared;
  private static Path scenes;

  @TempDir
  Path dir;

  @BeforeAll
  static void drawScenes() {
    scenes = shared.resolve("scenes");
    Cli.Result r = Cli.run("caption", "scenes", "--count", "20", "--out", scenes.toString(), "--seed", "3");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("wrote 20 scenes to " + scenes + " (16 train, 2 val, 2 test)"), r::toString);
  }

  /** Exit 1, one line {@code rnn4j: ...} on standard error naming every key word, no stack trace. */
  private static Cli.Result refused(String[] args, String... keywords) {
    return Cli.assertRefused(Cli.run(args), 1, keywords);
  }

  @Test
  void builtinFeaturesOfScenes() throws IOException {
    Path out = dir.resolve("feats.safetensors");
    Cli.Result r = Cli.run("caption", "features", scenes.toString(), "--builtin", "--out", out.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("20 images, 0 skipped"), r::toString);
    assertTrue(r.err().contains("features: 20/20 images (100.0%)"), "final plain progress line: " + r);
    ImageFeatures f = ImageFeatures.read(out);
    assertEquals(20, f.count());
    assertEquals(490, f.width());
    assertEquals("scene-00000.png", f.names().get(0));

    Cli.Result data = Cli.run("caption", "data", scenes.resolve("dataset.json").toString(), "--features",
        out.toString(), "--min-count", "1");
    assertEquals(0, data.status(), data::toString);
    assertTrue(data.out().contains("train: 16 images, 32 captions"), data::toString);
    assertTrue(data.out().contains("test:  2 of 2 images have features"), data::toString);
  }

  @Test
  void unreadableImageAmongGoodOnesIsSkippedAndListed() throws IOException {
    Path images = Files.createDirectory(dir.resolve("images"));
    for (String n : new String[] {"scene-00000.png", "scene-00001.png"}) {
      Files.copy(scenes.resolve(n), images.resolve(n));
    }
    Files.writeString(images.resolve("bad.jpg"), "not an image");
    Path out = dir.resolve("feats.safetensors");
    Cli.Result r = Cli.run("caption", "features", images.toString(), "--builtin", "--out", out.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("3 images, 1 skipped: bad.jpg (not a readable image)"), r::toString);
    assertTrue(r.err().contains("skipped bad.jpg (not a readable image)"), r::toString);
    assertEquals(2, ImageFeatures.read(out).count());
  }

  @Test
  void onnxFeatures() throws Exception {
    makeTinyCnn(dir);
    Path out = dir.resolve("feats.safetensors");
    Cli.Result r = Cli.run("caption", "features", scenes.toString(), "--onnx", dir.resolve("tiny_cnn_fixed.onnx")
        .toString(), "--out", out.toString(), "--output", "max");
    assertEquals(0, r.status(), r::toString);
    ImageFeatures f = ImageFeatures.read(out);
    assertEquals(20, f.count());
    assertEquals(4, f.width());
  }

  @Test
  void badDirectoriesAndModels() throws IOException {
    Path out = dir.resolve("feats.safetensors");
    Path missing = dir.resolve("missing");
    refused(new String[] {"caption", "features", missing.toString(), "--builtin", "--out", out.toString()},
        missing + ": no such directory");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    refused(new String[] {"caption", "features", empty.toString(), "--builtin", "--out", out.toString()},
        empty + ": no images");
    Path corrupt = dir.resolve("corrupt.onnx");
    Files.write(corrupt, new byte[] {8, 1, 18, 3, 'a', 'b'});
    refused(new String[] {"caption", "features", scenes.toString(), "--onnx", corrupt.toString(), "--out",
        out.toString()}, corrupt + ": not a valid ONNX model");
    refused(new String[] {"caption", "features", scenes.toString(), "--builtin", "--out",
        dir.resolve("no/such/dir/f.safetensors").toString()}, "does not exist");
    refused(new String[] {"caption", "features", scenes.toString(), "--builtin", "--out", dir.resolve("f.tsv")
        .toString()}, "must end in .safetensors");
    assertFalse(Files.exists(out), "nothing written");
    Cli.Result r = Cli.run("caption", "features", scenes.toString(), "--out", out.toString());
    assertEquals(2, r.status(), "neither --onnx nor --builtin: " + r);
  }

  @Test
  void helpListsTheSubcommands() {
    Cli.Result r = Cli.run("caption", "--help");
    assertEquals(0, r.status(), r::toString);
    assertEquals("", r.err(), "no picocli warnings");
    for (String sub : new String[] {"features", "scenes", "data"}) {
      assertTrue(r.out().contains("  " + sub + " "), r::toString);
      Cli.Result h = Cli.run("caption", sub, "--help");
      assertEquals(0, h.status(), h::toString);
      assertEquals("", h.err(), h::toString);
    }
  }

  @Test
  void scenesRefuseANonEmptyDirectory() throws IOException {
    Files.writeString(dir.resolve("keep.txt"), "mine");
    refused(new String[] {"caption", "scenes", "--count", "3", "--out", dir.toString()}, "is not empty");
    assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    refused(new String[] {"caption", "scenes", "--count", "0", "--out", dir.resolve("x").toString()}, "--count");
  }

  @Test
  void featuresOfTheWrongWidthAndImagesWithoutFeatures() throws IOException {
    Path tsv = dir.resolve("feats.tsv");
    Files.writeString(tsv, "scene-00000.png\t1 2 3\nscene-00001.png\t1 2\n");
    refused(new String[] {"caption", "data", scenes.resolve("dataset.json").toString(), "--features", tsv.toString()},
        tsv + ":2: image 'scene-00001.png' has 2 values, the first line has 3");
    Files.writeString(tsv, "scene-00000.png\t1 2 3\nscene-00001.png\t4 5 6\n");
    Cli.Result r = Cli.run("caption", "data", scenes.resolve("dataset.json").toString(), "--features", tsv.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("train: 2 of 16 images have features; missing: scene-00002.png"), r::toString);
  }

  @Test
  void badCaptionFiles() throws IOException {
    Path tokens = dir.resolve("tokens.txt");
    Files.writeString(tokens, "a.jpg#0\tfine\n");
    for (String list : new String[] {"Flickr_8k.trainImages.txt", "Flickr_8k.devImages.txt", "Flickr_8k.testImages.txt"}) {
      Files.writeString(dir.resolve(list), "a.jpg\n");
    }
    refused(new String[] {"caption", "data", tokens.toString()}, "also listed in");
    Files.writeString(dir.resolve("Flickr_8k.devImages.txt"), "");
    Files.writeString(dir.resolve("Flickr_8k.testImages.txt"), "");
    Files.writeString(tokens, "a.jpg#0\tfine\nbroken line\n");
    refused(new String[] {"caption", "data", tokens.toString()}, tokens + ":2: expected");
    Path json = dir.resolve("dataset.json");
    Files.writeString(json, "{\"images\": [{\"filename\": \"a.jpg\", \"split\": \"nope\", \"sentences\": []}]}");
    refused(new String[] {"caption", "data", json.toString()}, "split 'nope'");
  }

  private static void makeTinyCnn(Path out) throws IOException, InterruptedException {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p = new ProcessBuilder(python, TINY_CNN_SCRIPT.toString(), out.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      fail(TINY_CNN_SCRIPT + " failed; it needs numpy and onnx (scripts/setup-debian.sh installs python3-onnx):\n"
          + log);
    }
  }
}
