package dev.rnn4j.caption.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.data.CaptionSet;
import dev.rnn4j.caption.data.Subset;
import dev.rnn4j.caption.image.SceneGenerator.Colour;
import dev.rnn4j.caption.image.SceneGenerator.Relation;
import dev.rnn4j.caption.image.SceneGenerator.Scene;
import dev.rnn4j.caption.image.SceneGenerator.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneGeneratorTest {
  @TempDir
  Path dir;

  private static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  @Test
  void sameSeedSameScenes() {
    SceneGenerator a = new SceneGenerator(7);
    SceneGenerator b = new SceneGenerator(7);
    SceneGenerator c = new SceneGenerator(8);
    boolean anyDiffers = false;
    for (int i = 0; i < 20; i++) {
      Scene sa = a.next();
      Scene sb = b.next();
      Scene sc = c.next();
      assertEquals(sa.caption(), sb.caption());
      assertTrue(java.util.Arrays.equals(pixels(sa.image()), pixels(sb.image())));
      anyDiffers |= !sa.caption().equals(sc.caption());
    }
    assertTrue(anyDiffers, "another seed, other scenes");
  }

  @Test
  void scenesAreTrueToTheirCaptions() {
    SceneGenerator gen = new SceneGenerator(1);
    Set<Shape> shapes = EnumSet.noneOf(Shape.class);
    Set<Colour> colours = EnumSet.noneOf(Colour.class);
    Set<Relation> relations = EnumSet.noneOf(Relation.class);
    Set<Integer> palette = new HashSet<>(List.of(0xFFFFFF));
    for (Colour c : Colour.values()) {
      palette.add(c.rgb().getRGB() & 0xFFFFFF);
    }
    for (int i = 0; i < 500; i++) {
      Scene s = gen.next();
      assertFalse(s.subject().box().intersects(s.object().box()), "shapes apart");
      assertTrue(SceneGenerator.holds(s.relation(), s.subject().box(), s.object().box()));
      assertTrue(SceneGenerator.holds(s.relation().converse(), s.object().box(), s.subject().box()));
      assertNotEquals(s.subject().colour(), s.object().colour());
      double dx = s.object().box().getCenterX() - s.subject().box().getCenterX();
      double dy = s.object().box().getCenterY() - s.subject().box().getCenterY();
      switch (s.relation()) {
        case ABOVE -> assertTrue(dy > 0 && Math.abs(dy) >= 2 * Math.abs(dx));
        case BELOW -> assertTrue(dy < 0 && Math.abs(dy) >= 2 * Math.abs(dx));
        case LEFT_OF -> assertTrue(dx > 0 && Math.abs(dx) >= 2 * Math.abs(dy));
        case RIGHT_OF -> assertTrue(dx < 0 && Math.abs(dx) >= 2 * Math.abs(dy));
      }
      for (int p : pixels(s.image())) {
        assertTrue(palette.contains(p & 0xFFFFFF), "only white and the four colours, no anti-aliasing");
      }
      // The subject's colour is drawn at its box's centre (every shape covers its centre).
      var box = s.subject().box();
      assertEquals(s.subject().colour().rgb().getRGB(),
          s.image().getRGB((int) box.getCenterX(), (int) box.getCenterY() + box.height / 4));
      shapes.add(s.subject().shape());
      colours.add(s.subject().colour());
      relations.add(s.relation());
    }
    assertEquals(EnumSet.allOf(Shape.class), shapes);
    assertEquals(EnumSet.allOf(Colour.class), colours);
    assertEquals(EnumSet.allOf(Relation.class), relations);
  }

  @Test
  void captionsAndTheirConverse() {
    Scene s = new SceneGenerator(5).next();
    String[] words = s.caption().split(" ");
    assertEquals("a", words[0]);
    List<String> alt = s.alternatives();
    assertEquals(2, alt.size());
    assertEquals(s.caption(), alt.get(0));
    assertEquals(s.object().phrase() + " " + s.relation().converse().words() + " " + s.subject().phrase(), alt.get(1));
    assertEquals(Relation.BELOW, Relation.ABOVE.converse());
    assertEquals(Relation.LEFT_OF, Relation.RIGHT_OF.converse());
    assertEquals("left of", Relation.LEFT_OF.words());
  }

  @Test
  void writesPngsAndDatasetJson() throws IOException {
    Path out = dir.resolve("scenes");
    Path json = SceneGenerator.write(out, 30, 11);
    assertEquals(out.resolve("dataset.json"), json);
    CaptionSet set = CaptionSet.readKarpathyJson(json);
    assertEquals(24, set.images(Subset.TRAIN).size());
    assertEquals(3, set.images(Subset.VAL).size());
    assertEquals(3, set.images(Subset.TEST).size());
    assertTrue(set.images(Subset.TEST).contains("scene-00029.png"));
    SceneGenerator gen = new SceneGenerator(11);
    Scene first = gen.next();
    var refs = set.references(Subset.TRAIN).get("scene-00000.png");
    assertEquals(List.of(List.of(first.caption().split(" ")), List.of(first.alternatives().get(1).split(" "))), refs,
        "both phrasings are references");
    BufferedImage png = ImageIO.read(out.resolve("scene-00000.png").toFile());
    assertTrue(java.util.Arrays.equals(pixels(first.image()), pixels(png)), "PNG is lossless");
    try (var files = Files.list(out)) {
      assertEquals(31, files.count(), "30 PNGs and dataset.json, no temporary file");
    }
    IOException e = assertThrows(IOException.class, () -> SceneGenerator.write(out, 5, 1));
    assertEquals(out + ": directory is not empty; scenes go to a new or empty directory", e.getMessage());
  }
}
