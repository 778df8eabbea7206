package dev.rnn4j.caption.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.image.SceneGenerator.Colour;
import dev.rnn4j.caption.image.SceneGenerator.Scene;
import dev.rnn4j.caption.image.SceneGenerator.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class GridFeatureExtractorTest {
  private static final int BLOBS = 8 * 8 * 7;
  private final GridFeatureExtractor fx = new GridFeatureExtractor();

  private static BufferedImage white(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  @Test
  void whiteImageHasUnitMeansAndNoEdgesOrBlobs() {
    float[] v = fx.extract(white(64, 64));
    assertEquals(490, v.length);
    assertEquals(GridFeatureExtractor.WIDTH, fx.width());
    for (int cell = 0; cell < 64; cell++) {
      for (int k = 0; k < 7; k++) {
        assertEquals(k < 3 ? 1f : 0f, v[cell * 7 + k], 1e-6, "cell " + cell + " value " + k);
      }
    }
    for (int i = BLOBS; i < v.length; i++) {
      assertEquals(0f, v[i]);
    }
  }

  @Test
  void redSquareMakesARedBlobAndEdges() {
    BufferedImage img = white(64, 64);
    Graphics2D g = img.createGraphics();
    g.setColor(Colour.RED.rgb());
    g.fillRect(8, 16, 16, 8); // x 8..23, y 16..23: cells (1, 2) and (2, 2) fully red
    g.dispose();
    float[] v = fx.extract(img);
    int cell = (2 * 8 + 1) * 7;
    assertEquals(220 / 255f, v[cell], 1e-6);
    assertEquals(30 / 255f, v[cell + 1], 1e-6);
    int red = BLOBS; // hue bin 0
    assertEquals(1f, v[red], "present");
    assertEquals(16f / 64, v[red + 1], 1e-6, "centroid x: 8 + 16 / 2");
    assertEquals(20f / 64, v[red + 2], 1e-6, "centroid y: 16 + 8 / 2");
    assertEquals(16f / 64, v[red + 3], 1e-6);
    assertEquals(8f / 64, v[red + 4], 1e-6);
    assertEquals(1f, v[red + 5], 1e-6, "a rectangle fills its box");
    assertEquals(10f * 128 / 4096, v[red + 6], 1e-6);
    // The square's top edge runs through cell (1, 1)'s bottom row: vertical differences there, none across.
    int above = (1 * 8 + 1) * 7;
    assertTrue(v[above + 4] > 0.05, "edge below");
    assertEquals(0f, v[above + 3], 1e-6, "no edge to the right inside that cell");
  }

  @Test
  void hueBinsOfTheSceneColours() {
    assertEquals(0, bin(Colour.RED));
    assertEquals(1, bin(Colour.YELLOW));
    assertEquals(2, bin(Colour.GREEN));
    assertEquals(4, bin(Colour.BLUE));
    assertEquals(-1, GridFeatureExtractor.hueBin(0.5f, 0.5f, 0.5f), "grey");
    assertEquals(-1, GridFeatureExtractor.hueBin(0.1f, 0, 0), "too dark");
  }

  private static int bin(Colour c) {
    return GridFeatureExtractor.hueBin(c.rgb().getRed() / 255f, c.rgb().getGreen() / 255f, c.rgb().getBlue() / 255f);
  }

  /**
   * The features carry what a caption needs: on 400 scenes, reading the two colours' blobs with fixed
   * thresholds recovers each shape and the relation. A learnt model has at least this to work with.
   */
  @Test
  void blobFeaturesRecoverShapesAndRelations() {
    SceneGenerator gen = new SceneGenerator(99);
    int shapesRight = 0;
    int relationsRight = 0;
    int n = 400;
    for (int i = 0; i < n; i++) {
      Scene s = gen.next();
      float[] v = fx.extract(s.image());
      int a = BLOBS + bin(s.subject().colour()) * 7;
      int b = BLOBS + bin(s.object().colour()) * 7;
      shapesRight += (shape(v[a + 5]) == s.subject().shape() ? 1 : 0) + (shape(v[b + 5]) == s.object().shape() ? 1 : 0);
      float dx = v[b + 1] - v[a + 1];
      float dy = v[b + 2] - v[a + 2];
      SceneGenerator.Relation r = Math.abs(dy) > Math.abs(dx)
          ? (dy > 0 ? SceneGenerator.Relation.ABOVE : SceneGenerator.Relation.BELOW)
          : (dx > 0 ? SceneGenerator.Relation.LEFT_OF : SceneGenerator.Relation.RIGHT_OF);
      relationsRight += r == s.relation() ? 1 : 0;
    }
    assertEquals(n, relationsRight, "relation from the centroids");
    assertTrue(shapesRight >= 0.97 * 2 * n, "shape from the fill ratio: " + shapesRight + " of " + 2 * n);
  }

  private static Shape shape(float fill) {
    return fill > 0.9f ? Shape.SQUARE : fill > 0.64f ? Shape.CIRCLE : Shape.TRIANGLE;
  }

  @Test
  void otherSizesAreResizedFirst() {
    BufferedImage img = white(128, 96);
    float[] v = fx.extract(img);
    assertEquals(490, v.length);
    assertEquals(1f, v[0], 1e-6);
  }
}
