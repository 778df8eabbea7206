package dev.rnn4j.tensor;

/**
 * The first half of packing a frozen weight as integers ({@link Int16Panels}, {@link Int8Panels}): one scale
 * per product column, {@code s_j = max_k |W_kj| / limit}, and every weight rounded to a whole number of its
 * column's steps, {@code q_kj = round(W_kj / s_j)}, so {@code |q| <= limit}. A zero column has step 0 and
 * levels 0. How the levels are then laid out is each format's own.
 */
final class ColumnQuantization {
  private ColumnQuantization() {}

  /** Reads {@code op(W)[kk][j]}. */
  interface Entries {
    float get(int kk, int j);
  }

  /**
   * The levels of {@code op(W)} ({@code [depth, width]}, read through {@code at}) as
   * {@code levels[kk * padded + j]} ({@code padded = scales.length}, zero past the width), and each column's
   * step divided by {@code unit} into {@code scales} (the formats fold the factor their unpacking leaves on q
   * into it). Null if a weight is not finite.
   */
  static int[] levels(Entries at, int depth, int width, float limit, float unit, float[] scales) {
    int padded = scales.length;
    float[] column = new float[depth];
    int[] levels = new int[depth * padded];
    for (int j = 0; j < width; j++) {
      float max = 0f;
      for (int kk = 0; kk < depth; kk++) {
        column[kk] = at.get(kk, j);
        max = Math.max(max, Math.abs(column[kk]));
      }
      if (!Float.isFinite(max)) {
        return null;
      }
      float step = max / limit;
      scales[j] = step / unit;
      for (int kk = 0; kk < depth && step != 0f; kk++) {
        levels[kk * padded + j] = Math.round(column[kk] / step);
      }
    }
    java.util.Arrays.fill(scales, width, padded, 0f);
    return levels;
  }
}
