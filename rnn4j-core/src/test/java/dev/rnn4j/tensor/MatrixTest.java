package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The element-wise methods that run by heap copies against their one-element-at-a-time definitions, bit for
 * bit (the same additions in the same order), on views inside a larger matrix whose other rows must stay.
 */
class MatrixTest {
  /** Rows {@code [2, 2 + rows)} of a matrix with two rows of garbage either side. */
  static Matrix view(int rows, int cols, Rng rng) {
    Matrix parent = BlasTest.random(rows + 4, cols, rng);
    return parent.rows(2, rows);
  }

  @Test
  void addToRowsAddsTheBlockRowByRowInTurn() {
    Rng rng = new Rng(1);
    for (int k : new int[] {1, 3, 12}) {
      Matrix m = view(12, 37, rng);
      Matrix block = view(k, 37, rng);
      float[] before = m.toArray();
      float[] parentBefore = parentOf(m);
      m.addToRows(block);
      float[] want = before.clone();
      for (int i = 0; i < 12; i++) {
        for (int c = 0; c < 37; c++) {
          want[i * 37 + c] = before[i * 37 + c] + block.get(i % k, c);
        }
      }
      assertArrayEquals(want, m.toArray(), "block of " + k);
      assertOthersKept(parentBefore, parentOf(m));
    }
  }

  @Test
  void sumRowsIntoAccumulatesEveryKthRowInOrder() {
    Rng rng = new Rng(2);
    for (int k : new int[] {1, 4, 12}) {
      Matrix m = view(12, 29, rng);
      Matrix block = view(k, 29, rng);
      float[] want = block.toArray();
      for (int i = 0; i < 12; i++) {
        for (int c = 0; c < 29; c++) {
          want[(i % k) * 29 + c] += m.get(i, c);
        }
      }
      float[] parentBefore = parentOf(block);
      m.sumRowsInto(block);
      assertArrayEquals(want, block.toArray(), "block of " + k);
      assertOthersKept(parentBefore, parentOf(block));
    }
  }

  @Test
  void addScaledMatchesItsDefinitionAcrossChunks() {
    Rng rng = new Rng(3);
    Matrix m = view(3, 4096, rng);  // three heap chunks' worth
    Matrix other = view(3, 4096, rng);
    float[] want = m.toArray();
    for (int i = 0; i < want.length; i++) {
      want[i] += 0.37f * other.get(i);
    }
    float[] parentBefore = parentOf(m);
    m.addScaled(0.37f, other);
    assertArrayEquals(want, m.toArray());
    assertOthersKept(parentBefore, parentOf(m));
  }

  @Test
  void blocksThatDoNotTileAreRefused() {
    Rng rng = new Rng(4);
    Matrix m = view(6, 5, rng);
    assertThrows(IllegalArgumentException.class, () -> m.addToRows(view(4, 5, rng)));
    assertThrows(IllegalArgumentException.class, () -> m.sumRowsInto(view(2, 4, rng)));
  }

  /** The two rows before and after a {@link #view} (its parent's rows outside it). */
  private static float[] parentOf(Matrix v) {
    float[] around = new float[4 * v.cols()];
    v.buffer().get(v.offset() - 2 * v.cols(), around, 0, 2 * v.cols());
    v.buffer().get(v.offset() + v.size(), around, 2 * v.cols(), 2 * v.cols());
    return around;
  }

  private static void assertOthersKept(float[] before, float[] after) {
    assertArrayEquals(before, after, "rows outside the view");
  }
}
