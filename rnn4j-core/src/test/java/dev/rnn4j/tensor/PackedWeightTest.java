package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The packed recurrent product against plain BLAS: every row-block shape of the kernel (12, 8, 4 rows, padded
 * or not, and 1, and their mixes), widths inside, at and across a panel's 32 columns, both operand forms,
 * overwrite and accumulate, and repacking after W changes.
 */
class PackedWeightTest {
  private static final int[] ROW_COUNTS = {1, 2, 4, 5, 8, 9, 12, 13, 16, 20, 24, 25, 26, 27, 37, 50};

  @Test
  void theBuildRunsTestsWithTheVectorModule() {
    // surefire's argLine passes --add-modules jdk.incubator.vector; without it the kernel below would not
    // run in training at all, and its tests would not load
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assertEquals(PanelKernel.nativeWidth(), PackedWeight.kernelAvailable());
  }

  @Test
  void kernelMatchesBlasForEveryRowBlockAndWidth() {
    Rng rng = new Rng(11);
    for (int depth : new int[] {1, 3, 37, 100}) {
      for (int width : new int[] {1, 31, 32, 33, 100}) {
        for (int m : ROW_COUNTS) {
          for (boolean transposed : new boolean[] {true, false}) {
            for (boolean accumulate : new boolean[] {false, true}) {
              Matrix w = transposed ? BlasTest.random(width, depth, rng) : BlasTest.random(depth, width, rng);
              Matrix x = BlasTest.random(m, depth, rng);
              Matrix c = BlasTest.random(m, width, rng);
              Matrix expected = Matrix.allocate(m, width);
              expected.copyFrom(c);
              float beta = accumulate ? 1f : 0f;
              Blas.gemm(false, transposed, 1f, x, w, beta, expected);
              PackedWeight packed = transposed ? PackedWeight.transposed() : PackedWeight.plain();
              packed.forceKernel(w);
              packed.multiply(x, beta, c);
              String where = "depth " + depth + " width " + width + " rows " + m + (transposed ? " x W^T" : " x W")
                  + (accumulate ? " accumulate" : "");
              assertClose(expected, c, where);
            }
          }
        }
      }
    }
  }

  @Test
  void rowBlocksCoverEveryRowOnceAndAreAsTallAsTheyCanBe() {
    assertEquals(java.util.List.of(12, 12, 1), blocks(25));
    assertEquals(java.util.List.of(12, 12), blocks(24));
    assertEquals(java.util.List.of(12, 12, 12, 12, 4), blocks(50));
    assertEquals(java.util.List.of(12, 4), blocks(14));
    assertEquals(java.util.List.of(12, 8), blocks(19));
    assertEquals(java.util.List.of(1), blocks(1));
    for (int m = 1; m <= 200; m++) {
      java.util.List<Integer> blocks = blocks(m);
      int covered = blocks.stream().mapToInt(Integer::intValue).sum();
      assertEquals(PanelKernel.paddedRows(m), covered);
      assertTrue(covered >= m && covered - m <= 3, "m=" + m + " padded to " + covered);
      for (int i = 0; i < blocks.size(); i++) {
        int b = blocks.get(i);
        assertTrue(b == 12 || b == 8 || b == 4 || b == 1, "block of " + b);
      }
    }
  }

  private static java.util.List<Integer> blocks(int m) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    for (int row = 0; row < m; row += out.get(out.size() - 1)) {
      out.add(PanelKernel.blockAt(m, row));
    }
    return out;
  }

  @Test
  void prepareRepacksAfterTheWeightChanges() {
    Rng rng = new Rng(3);
    Matrix w = BlasTest.random(96, 40, rng);
    PackedWeight packed = PackedWeight.transposed();
    Matrix x = BlasTest.random(25, 40, rng);
    Matrix c = Matrix.allocate(25, 96);
    Matrix expected = Matrix.allocate(25, 96);
    for (int round = 0; round < 3; round++) {
      packed.forceKernel(w);
      packed.multiply(x, 0f, c);
      Blas.gemm(false, true, 1f, x, w, 0f, expected);
      assertClose(expected, c, "round " + round);
      w.addScaled(0.5f, BlasTest.random(96, 40, rng));
    }
  }

  @Test
  void fewProductsAndOtherBetasGoToBlas() {
    Rng rng = new Rng(4);
    Matrix w = BlasTest.random(50, 30, rng);
    Matrix x = BlasTest.random(6, 30, rng);
    Matrix c = BlasTest.random(6, 50, rng);
    Matrix expected = Matrix.allocate(6, 50);
    expected.copyFrom(c);
    PackedWeight packed = PackedWeight.transposed();
    packed.prepare(w, 6, PackedWeight.MIN_PRODUCTS - 1);
    packed.multiply(x, 0.5f, c);
    Blas.gemm(false, true, 1f, x, w, 0.5f, expected);
    assertClose(expected, c, "beta 0.5");
  }

  @Test
  void refusesWrongShapes() {
    Rng rng = new Rng(5);
    PackedWeight packed = PackedWeight.plain();
    packed.forceKernel(BlasTest.random(30, 50, rng));
    assertThrows(IllegalArgumentException.class,
        () -> packed.multiply(Matrix.allocate(4, 29), 0f, Matrix.allocate(4, 50)));
    assertThrows(IllegalArgumentException.class,
        () -> packed.multiply(Matrix.allocate(4, 30), 0f, Matrix.allocate(5, 50)));
  }

  private static void assertClose(Matrix expected, Matrix actual, String where) {
    for (int i = 0; i < expected.size(); i++) {
      float e = expected.get(i);
      assertEquals(e, actual.get(i), 1e-5f * (1 + Math.abs(e)) * 10, where + ", element " + i);
    }
  }
}
