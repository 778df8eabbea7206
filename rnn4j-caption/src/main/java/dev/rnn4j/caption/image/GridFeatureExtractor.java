package dev.rnn4j.caption.image;

import java.awt.image.BufferedImage;

/**
 * A small built-in stand-in for a CNN: hand-made colour, edge and blob statistics, enough for a caption
 * model to learn the shapes, colours and relations of {@link SceneGenerator}'s scenes without an ONNX model.
 * It is not a substitute for a real CNN on photographs.
 *
 * <p>The image is resized (bilinear, aspect ratio not kept) to 64 x 64 RGB in [0, 1], then:
 * <pre>
 *   grid  (8 x 8 cells of 8 x 8 pixels, row-major), per cell 7 values:
 *         mean R, G, B; mean |grey difference| to the right, below, below-right, below-left
 *         (grey = (R + G + B) / 3: where edges run, and how they slope)
 *   blobs (6 hue bins centred on red, yellow, green, cyan, blue, magenta), per bin 7 values over the
 *         saturated pixels of that hue (saturation (max - min) / max >= 0.5, max >= 0.3):
 *         presence min(1, pixels / 20); centroid x, y; bounding box width, height; fill = pixels /
 *         box area (about 1 for a square, pi/4 for a circle, 1/2 for a triangle); 10 * pixels / 4096
 *         (all zero when the hue is absent)
 * </pre>
 * Width 8 * 8 * 7 + 6 * 7 = 490. Coordinates and sizes are fractions of the side.
 */
public final class GridFeatureExtractor implements FeatureExtractor {
  static final int SIDE = 64;
  static final int CELLS = 8;
  static final int CELL_VALUES = 7;
  static final int HUES = 6;
  static final int BLOB_VALUES = 7;
  /** Values per vector. */
  public static final int WIDTH = CELLS * CELLS * CELL_VALUES + HUES * BLOB_VALUES;

  @Override
  public int width() {
    return WIDTH;
  }

  @Override
  public float[] extract(BufferedImage image) {
    float[] rgb = ImagePreprocessing.planarRgb(image);
    int w = image.getWidth();
    int h = image.getHeight();
    if (w != SIDE || h != SIDE) {
      rgb = ImagePreprocessing.resizeBilinear(rgb, w, h, SIDE, SIDE, 0, 0, SIDE, SIDE);
    }
    float[] out = new float[WIDTH];
    grid(rgb, out);
    blobs(rgb, out, CELLS * CELLS * CELL_VALUES);
    return out;
  }

  private static void grid(float[] rgb, float[] out) {
    int plane = SIDE * SIDE;
    float[] grey = new float[plane];
    for (int i = 0; i < plane; i++) {
      grey[i] = (rgb[i] + rgb[plane + i] + rgb[2 * plane + i]) / 3;
    }
    int size = SIDE / CELLS;
    float n = size * size;
    for (int cy = 0; cy < CELLS; cy++) {
      for (int cx = 0; cx < CELLS; cx++) {
        int o = (cy * CELLS + cx) * CELL_VALUES;
        for (int y = cy * size; y < (cy + 1) * size; y++) {
          for (int x = cx * size; x < (cx + 1) * size; x++) {
            int i = y * SIDE + x;
            out[o] += rgb[i] / n;
            out[o + 1] += rgb[plane + i] / n;
            out[o + 2] += rgb[2 * plane + i] / n;
            float g = grey[i];
            boolean right = x + 1 < SIDE;
            boolean down = y + 1 < SIDE;
            out[o + 3] += right ? Math.abs(grey[i + 1] - g) / n : 0;
            out[o + 4] += down ? Math.abs(grey[i + SIDE] - g) / n : 0;
            out[o + 5] += right && down ? Math.abs(grey[i + SIDE + 1] - g) / n : 0;
            out[o + 6] += x > 0 && down ? Math.abs(grey[i + SIDE - 1] - g) / n : 0;
          }
        }
      }
    }
  }

  private static void blobs(float[] rgb, float[] out, int offset) {
    int plane = SIDE * SIDE;
    int[] count = new int[HUES];
    double[] sumX = new double[HUES];
    double[] sumY = new double[HUES];
    int[] minX = new int[HUES];
    int[] minY = new int[HUES];
    int[] maxX = new int[HUES];
    int[] maxY = new int[HUES];
    java.util.Arrays.fill(minX, SIDE);
    java.util.Arrays.fill(minY, SIDE);
    java.util.Arrays.fill(maxX, -1);
    java.util.Arrays.fill(maxY, -1);
    for (int i = 0; i < plane; i++) {
      int bin = hueBin(rgb[i], rgb[plane + i], rgb[2 * plane + i]);
      if (bin < 0) {
        continue;
      }
      int x = i % SIDE;
      int y = i / SIDE;
      count[bin]++;
      sumX[bin] += x + 0.5;
      sumY[bin] += y + 0.5;
      minX[bin] = Math.min(minX[bin], x);
      minY[bin] = Math.min(minY[bin], y);
      maxX[bin] = Math.max(maxX[bin], x);
      maxY[bin] = Math.max(maxY[bin], y);
    }
    for (int b = 0; b < HUES; b++) {
      if (count[b] == 0) {
        continue;
      }
      int o = offset + b * BLOB_VALUES;
      int bw = maxX[b] - minX[b] + 1;
      int bh = maxY[b] - minY[b] + 1;
      out[o] = Math.min(1f, count[b] / 20f);
      out[o + 1] = (float) (sumX[b] / count[b] / SIDE);
      out[o + 2] = (float) (sumY[b] / count[b] / SIDE);
      out[o + 3] = (float) bw / SIDE;
      out[o + 4] = (float) bh / SIDE;
      out[o + 5] = (float) count[b] / (bw * bh);
      out[o + 6] = 10f * count[b] / plane;
    }
  }

  /** The hue bin (0 red, 1 yellow, 2 green, 3 cyan, 4 blue, 5 magenta) of a saturated colour, else -1. */
  static int hueBin(float r, float g, float b) {
    float max = Math.max(r, Math.max(g, b));
    float min = Math.min(r, Math.min(g, b));
    if (max < 0.3f || (max - min) / max < 0.5f) {
      return -1;
    }
    float d = max - min;
    float hue; // degrees in [0, 360)
    if (max == r) {
      hue = 60 * (((g - b) / d) % 6 + 6) % 360;
    } else if (max == g) {
      hue = 60 * ((b - r) / d + 2);
    } else {
      hue = 60 * ((r - g) / d + 4);
    }
    return (int) Math.floor((hue + 30) / 60) % HUES;
  }

  @Override
  public String toString() {
    return "built-in grid and colour-blob features (" + WIDTH + " values)";
  }

  @Override
  public void close() {
    // Holds nothing.
  }
}
