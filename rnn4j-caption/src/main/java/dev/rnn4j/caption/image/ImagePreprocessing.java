package dev.rnn4j.caption.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The input a torchvision- or model-zoo-style ImageNet CNN expects, from any image:
 *
 * <pre>
 *   1. RGB in [0, 1]: each 8-bit sRGB channel / 255 (alpha ignored; grey and indexed images as RGB)
 *   2. resize so the shorter side is S, the longer side S * long / short (truncated), bilinear with
 *      half-pixel centres: source x = (x' + 0.5) * in / out - 0.5, clamped to the edge pixels
 *   3. centre crop C x C, offset floor((side - C) / 2)
 *   4. per channel (v - mean) / std, ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225)
 *   5. planar [3, C, C] (the NCHW layout of one image): R plane, then G, then B, each row-major
 * </pre>
 *
 * <p>The bilinear resize does not low-pass first (as OpenCV's INTER_LINEAR and torchvision with {@code
 * antialias=False}); a large downscale aliases slightly more than PIL's. Immutable.
 */
public final class ImagePreprocessing {
  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  private final int resize;
  private final int crop;
  private final float[] mean;
  private final float[] std;

  /**
   * @param resize the shorter side after resizing (S, 256 for the usual 224 crop)
   * @param crop the side of the centre crop (C), at most {@code resize}
   * @param mean per-channel mean subtracted (R, G, B), in [0, 1] units
   * @param std per-channel divisor, positive
   */
  public ImagePreprocessing(int resize, int crop, float[] mean, float[] std) {
    if (crop < 1 || resize < crop) {
      throw new IllegalArgumentException("need 1 <= crop <= resize, got crop " + crop + " and resize " + resize);
    }
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
    }
    for (float s : std) {
      if (!(s > 0) || !Float.isFinite(s)) {
        throw new IllegalArgumentException("std values must be positive, got " + Arrays.toString(std));
      }
    }
    this.resize = resize;
    this.crop = crop;
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** ImageNet normalisation with the given sizes. */
  public static ImagePreprocessing imagenet(int resize, int crop) {
    return new ImagePreprocessing(resize, crop, IMAGENET_MEAN, IMAGENET_STD);
  }

  /** The usual 256 resize and 224 crop with ImageNet normalisation. */
  public static ImagePreprocessing imagenet() {
    return imagenet(256, 224);
  }

  /** The same normalisation for another crop, keeping the resize:crop ratio (256:224 stays 8:7). */
  public ImagePreprocessing withCrop(int newCrop) {
    int newResize = (int) Math.round((double) resize * newCrop / crop);
    return new ImagePreprocessing(Math.max(newResize, newCrop), newCrop, mean, std);
  }

  public int resize() {
    return resize;
  }

  public int crop() {
    return crop;
  }

  /** The planar {@code [3, crop, crop]} input of {@code image} (see the class comment). */
  public float[] apply(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int rw = w <= h ? resize : (int) ((long) resize * w / h);
    int rh = w <= h ? (int) ((long) resize * h / w) : resize;
    // Very thin images could round a side below the crop; keep at least the crop.
    rw = Math.max(rw, crop);
    rh = Math.max(rh, crop);
    float[] rgb = planarRgb(image);
    float[] out = resizeBilinear(rgb, w, h, rw, rh, (rw - crop) / 2, (rh - crop) / 2, crop, crop);
    int plane = crop * crop;
    for (int c = 0; c < 3; c++) {
      float m = mean[c];
      float s = std[c];
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        out[i] = (out[i] - m) / s;
      }
    }
    return out;
  }

  /** The image as three planes R, G, B of {@code w * h} values in [0, 1]. */
  static float[] planarRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    int plane = w * h;
    float[] out = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      out[i] = ((p >> 16) & 0xFF) / 255f;
      out[plane + i] = ((p >> 8) & 0xFF) / 255f;
      out[2 * plane + i] = (p & 0xFF) / 255f;
    }
    return out;
  }

  /**
   * The window {@code [left, left + cw) x [top, top + ch)} of three planes {@code w x h} resized to {@code
   * rw x rh} (bilinear, half-pixel centres), without computing the pixels outside the window.
   */
  static float[] resizeBilinear(float[] planes, int w, int h, int rw, int rh, int left, int top, int cw, int ch) {
    int[] x0 = new int[cw];
    int[] x1 = new int[cw];
    float[] fx = new float[cw];
    axis(w, rw, left, x0, x1, fx);
    int[] y0 = new int[ch];
    int[] y1 = new int[ch];
    float[] fy = new float[ch];
    axis(h, rh, top, y0, y1, fy);
    float[] out = new float[3 * cw * ch];
    for (int c = 0; c < 3; c++) {
      int in = c * w * h;
      int o = c * cw * ch;
      for (int y = 0; y < ch; y++) {
        int r0 = in + y0[y] * w;
        int r1 = in + y1[y] * w;
        float b = fy[y];
        for (int x = 0; x < cw; x++) {
          float a = fx[x];
          float top0 = planes[r0 + x0[x]] * (1 - a) + planes[r0 + x1[x]] * a;
          float bot0 = planes[r1 + x0[x]] * (1 - a) + planes[r1 + x1[x]] * a;
          out[o + y * cw + x] = top0 * (1 - b) + bot0 * b;
        }
      }
    }
    return out;
  }

  /** Source indices and weights along one axis for output positions {@code offset .. offset + n - 1}. */
  private static void axis(int in, int out, int offset, int[] i0, int[] i1, float[] frac) {
    double scale = (double) in / out;
    for (int k = 0; k < i0.length; k++) {
      double src = Math.min(Math.max((k + offset + 0.5) * scale - 0.5, 0), in - 1);
      int lo = (int) Math.floor(src);
      i0[k] = lo;
      i1[k] = Math.min(lo + 1, in - 1);
      frac[k] = (float) (src - lo);
    }
  }

  @Override
  public String toString() {
    return "resize " + resize + ", crop " + crop + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
  }
}
