package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The packed recurrent product against plain BLAS: every row-block shape of the kernel (8, 4, 1 rows and
 * their mixes), widths inside, at and across a panel's 48 columns, both operand forms, overwrite and
 * accumulate, and repacking after W changes.
 */
class PackedWeightTest {
  private static final int[] ROW_COUNTS = {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17, 25, 26};

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
    for (int depth : new int[] {1, 37, 100}) {
      for (int width : new int[] {1, 47, 48, 49, 130}) {
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
