package dev.rnn4j.caption.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureFilesTest {
  @TempDir
  Path dir;

  private final GridFeatureExtractor fx = new GridFeatureExtractor();

  @Test
  void readsEveryImageFormatAndSkipsBadOnes() throws IOException {
    SceneGenerator gen = new SceneGenerator(2);
    BufferedImage a = gen.next().image();
    BufferedImage b = gen.next().image();
    BufferedImage c = gen.next().image();
    ImageIO.write(a, "png", dir.resolve("a.png").toFile());
    ImageIO.write(b, "bmp", dir.resolve("b.BMP").toFile());
    ImageIO.write(c, "jpg", dir.resolve("c.jpg").toFile());
    Files.writeString(dir.resolve("broken.jpg"), "not a jpeg");
    byte[] png = Files.readAllBytes(dir.resolve("a.png"));
    Files.write(dir.resolve("truncated.png"), java.util.Arrays.copyOf(png, 60));
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    Files.createDirectory(dir.resolve("sub.png"));

    List<FeatureFiles.Progress> progress = new ArrayList<>();
    FeatureFiles.Extraction x = FeatureFiles.extractDirectory(dir, fx, progress::add);
    assertEquals(List.of("a.png", "b.BMP", "c.jpg"), x.features().names());
    assertArrayEquals(fx.extract(a), x.features().get("a.png"));
    assertArrayEquals(fx.extract(b), x.features().get("b.BMP"), "BMP is lossless");
    assertEquals(List.of("broken.jpg", "truncated.png"), x.skipped().stream().map(FeatureFiles.Skipped::image).toList());
    assertEquals("not a readable image", x.skipped().get(0).reason());
    assertTrue(x.skipped().get(1).reason().startsWith("cannot decode"), x.skipped().get(1).reason());
    assertEquals(5, progress.size());
    assertEquals(new FeatureFiles.Progress(1, 5, "a.png", null), progress.get(0));
    assertEquals("broken.jpg", progress.get(2).image(), "name order: a, b, broken, c, truncated");
    assertEquals("not a readable image", progress.get(2).skipped());
    assertNull(progress.get(3).skipped());
  }

  @Test
  void missingEmptyOrAllBadDirectoriesAreErrors() throws IOException {
    Path missing = dir.resolve("missing");
    IOException e = assertThrows(IOException.class, () -> FeatureFiles.extractDirectory(missing, fx, null));
    assertEquals(missing + ": no such directory", e.getMessage());
    Path file = dir.resolve("file.png");
    Files.writeString(file, "x");
    e = assertThrows(IOException.class, () -> FeatureFiles.extractDirectory(file, fx, null));
    assertEquals(file + ": not a directory", e.getMessage());
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Files.writeString(empty.resolve("readme.txt"), "no images here");
    e = assertThrows(IOException.class, () -> FeatureFiles.extractDirectory(empty, fx, null));
    assertEquals(empty + ": no images (bmp, gif, jpeg, jpg, png) in this directory", e.getMessage());
    Path bad = Files.createDirectory(dir.resolve("bad"));
    Files.writeString(bad.resolve("x.gif"), "nope");
    e = assertThrows(IOException.class, () -> FeatureFiles.extractDirectory(bad, fx, null));
    assertEquals(bad + ": none of 1 images could be read: x.gif (not a readable image)", e.getMessage());
  }
}
