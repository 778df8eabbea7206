package dev.rnn4j.caption.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagePreprocessingTest {
  private static final float[] ZERO = {0, 0, 0};
  private static final float[] ONE = {1, 1, 1};

  /** An image whose pixel (x, y) has R = 10 x + y, G = 100 + x, B = 200 + y. */
  private static BufferedImage ramp(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((10 * x + y) << 16) | ((100 + x) << 8) | (200 + y));
      }
    }
    return img;
  }

  @Test
  void centreCropIsPlanarRgbInUnitRange() {
    // 4 x 2: the shorter side is already 2, so no resampling; the 2 x 2 crop starts at x = (4 - 2) / 2 = 1.
    float[] out = new ImagePreprocessing(2, 2, ZERO, ONE).apply(ramp(4, 2));
    float[] expected = {
        10 / 255f, 20 / 255f, 11 / 255f, 21 / 255f,      // R, rows y = 0, 1, columns x = 1, 2
        101 / 255f, 102 / 255f, 101 / 255f, 102 / 255f,  // G
        200 / 255f, 200 / 255f, 201 / 255f, 201 / 255f}; // B
    assertArrayEquals(expected, out, 0);
  }

  @Test
  void normalisesWithImagenetMeanAndStd() {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, (255 << 16) | (128 << 8));
    float[] out = ImagePreprocessing.imagenet(1, 1).apply(img);
    assertEquals((1f - 0.485f) / 0.229f, out[0], 1e-6);
    assertEquals((128 / 255f - 0.456f) / 0.224f, out[1], 1e-6);
    assertEquals((0f - 0.406f) / 0.225f, out[2], 1e-6);
  }

  @Test
  void halvingAveragesTwoByTwoBlocks() {
    // Half-pixel centres: output x' samples source 2x' + 0.5, halfway between pixels 2x' and 2x' + 1.
    float[] out = new ImagePreprocessing(2, 2, ZERO, ONE).apply(ramp(4, 4));
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        float r = (10 * (2 * x + 0.5f) + (2 * y + 0.5f)) / 255f;
        assertEquals(r, out[y * 2 + x], 1e-6, "R at " + x + "," + y);
        assertEquals((100 + 2 * x + 0.5f) / 255f, out[4 + y * 2 + x], 1e-6);
        assertEquals((200 + 2 * y + 0.5f) / 255f, out[8 + y * 2 + x], 1e-6);
      }
    }
  }

  @Test
  void upscalingInterpolatesAndClampsAtTheEdges() {
    // 2 x 1 to 4 x 2: source x = (x' + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> clamped 0, 0.25, 0.75, 1.
    float[] out = new ImagePreprocessing(2, 2, ZERO, ONE).apply(ramp(2, 1));
    // Crop 2 x 2 of the 4 x 2 result starts at x = 1: source x 0.25 and 0.75, R = 10 * x.
    assertEquals(2.5f / 255f, out[0], 1e-6);
    assertEquals(7.5f / 255f, out[1], 1e-6);
    assertEquals(2.5f / 255f, out[2], 1e-6, "one source row: both output rows equal");
  }

  @Test
  void shorterSideGoesToResizeKeepingAspect() {
    // 40 x 20 with resize 10: 20 x 10, crop 8 starts at ((20 - 8) / 2, (10 - 8) / 2) = (6, 1).
    BufferedImage img = ramp(40, 20);
    float[] out = new ImagePreprocessing(10, 8, ZERO, ONE).apply(img);
    assertEquals(3 * 64, out.length);
    // Output (0, 0) is resized (6, 1): source (6.5 * 2 - 0.5, 1.5 * 2 - 0.5) = (12.5, 2.5).
    assertEquals((10 * 12.5f + 2.5f) / 255f, out[0], 1e-6);
  }

  @Test
  void withCropKeepsTheRatio() {
    ImagePreprocessing p = ImagePreprocessing.imagenet().withCrop(32);
    assertEquals(32, p.crop());
    assertEquals(37, p.resize()); // 256 * 32 / 224 = 36.57
    assertThrows(IllegalArgumentException.class, () -> ImagePreprocessing.imagenet(100, 224));
    assertThrows(IllegalArgumentException.class, () -> new ImagePreprocessing(4, 4, ZERO, ZERO));
  }
}
