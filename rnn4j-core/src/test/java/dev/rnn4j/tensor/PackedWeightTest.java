package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packed recurrent product against plain BLAS: every row-block shape of the kernel (12, 8, 4 rows, padded
 * or not, and 1, and their mixes), widths inside, at and across a panel's 32 columns, both operand forms,
 * overwrite and accumulate, and repacking after W changes; and the 16- and 8-bit single-row products of frozen
 * weights.
 */
class PackedWeightTest {
  private static final int[] ROW_COUNTS = {1, 2, 4, 5, 8, 9, 12, 13, 16, 20, 24, 25, 26, 27, 37, 49, 50};

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

  /**
   * 16- and 8-bit weights against BLAS on the float weights: every output within what rounding each weight
   * to its column's step allows ({@code sum_k |x_k| * step_j / 2}, plus float rounding), for depths odd and
   * even, widths inside, at and across panels, both forms, overwrite and accumulate, on one thread and split.
   */
  @ParameterizedTest
  @EnumSource(value = WeightFormat.class, names = {"INT16", "INT8"})
  void integerRowsMatchBlasWithinTheirRounding(WeightFormat format) {
    float levels = format == WeightFormat.INT8 ? 127 : 32767;
    Rng rng = new Rng(12);
    try (CoreSplit three = CoreSplit.of(3)) {
      for (int depth : new int[] {1, 2, 7, 64, 131}) {
        for (int width : new int[] {1, 31, 32, 33, 100, 260}) {
          for (boolean transposed : new boolean[] {true, false}) {
            for (boolean accumulate : new boolean[] {false, true}) {
              Matrix w = transposed ? BlasTest.random(width, depth, rng) : BlasTest.random(depth, width, rng);
              Matrix x = BlasTest.random(1, depth, rng);
              Matrix c = BlasTest.random(1, width, rng);
              Matrix expected = Matrix.allocate(1, width);
              expected.copyFrom(c);
              Matrix split = Matrix.allocate(1, width);
              split.copyFrom(c);
              float beta = accumulate ? 1f : 0f;
              Blas.gemm(false, transposed, 1f, x, w, beta, expected);
              PackedWeight one = transposed ? PackedWeight.transposed() : PackedWeight.plain();
              one.forceQuantized(w, format, CoreSplit.single());
              one.multiply(x, beta, c);
              PackedWeight shared = transposed ? PackedWeight.transposed() : PackedWeight.plain();
              shared.forceQuantized(w, format, three);
              shared.multiply(x, beta, split);
              String where = format + " depth " + depth + " width " + width + (transposed ? " x W^T" : " x W")
                  + (accumulate ? " accumulate" : "");
              for (int j = 0; j < width; j++) {
                double max = 0;
                double sumAbsX = 0;
                for (int kk = 0; kk < depth; kk++) {
                  max = Math.max(max, Math.abs(transposed ? w.get(j, kk) : w.get(kk, j)));
                  sumAbsX += Math.abs(x.get(0, kk));
                }
                double bound = sumAbsX * max / levels / 2 * 1.01 + 1e-5 * (1 + Math.abs(expected.get(j)));
                assertEquals(expected.get(j), c.get(j), bound, where + ", column " + j);
                assertEquals(c.get(j), split.get(j), 0f, where + ": split across threads, column " + j);
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = WeightFormat.class, names = {"INT16", "INT8"})
  void integersKeepAZeroColumnAndNonFiniteWeightsFallBackToBlas(WeightFormat format) {
    Rng rng = new Rng(13);
    Matrix w = BlasTest.random(40, 20, rng);
    for (int kk = 0; kk < 20; kk++) {
      w.set(7, kk, 0f);
    }
    Matrix x = BlasTest.random(1, 20, rng);
    Matrix c = Matrix.allocate(1, 40);
    PackedWeight packed = PackedWeight.transposed();
    packed.forceQuantized(w, format, CoreSplit.single());
    packed.multiply(x, 0f, c);
    assertEquals(0f, c.get(7), 0f);
    w.set(3, 4, Float.NaN);
    Matrix expected = Matrix.allocate(1, 40);
    Blas.gemm(false, true, 1f, x, w, 0f, expected);
    PackedWeight broken = PackedWeight.transposed();
    broken.forceQuantized(w, format, CoreSplit.single());
    broken.multiply(x, 0f, c);
    for (int j = 0; j < 40; j++) {
      // BLAS carries the NaN into its column only, as training's products would
      assertEquals(Float.isNaN(expected.get(j)), Float.isNaN(c.get(j)), "column " + j);
      if (j != 3) {
        assertEquals(expected.get(j), c.get(j), 1e-5f * (1 + Math.abs(expected.get(j))), "column " + j);
      }
    }
    assertTrue(Float.isNaN(c.get(3)));
  }

  @Test
  void aFrozenWeightIsCopiedOnceAndFollowsANewMatrix() {
    Rng rng = new Rng(14);
    Matrix w = BlasTest.random(64, 48, rng);
    Matrix x = BlasTest.random(1, 48, rng);
    PackedWeight packed = PackedWeight.transposed();
    packed.freeze(WeightFormat.INT16, CoreSplit.single());
    Matrix first = Matrix.allocate(1, 64);
    packed.prepare(w, 1, 1);
    packed.multiply(x, 0f, first);
    // the promise is that w does not change: a change is not seen, which shows the copy is not remade
    w.addScaled(1f, BlasTest.random(64, 48, rng));
    Matrix again = Matrix.allocate(1, 64);
    packed.prepare(w, 1, 1);
    packed.multiply(x, 0f, again);
    if (PackedWeight.kernelAvailable()) {
      assertClose(first, again, "frozen copy");
    }
    Matrix other = BlasTest.random(64, 48, rng);
    Matrix expected = Matrix.allocate(1, 64);
    Blas.gemm(false, true, 1f, x, other, 0f, expected);
    packed.prepare(other, 1, 1);
    packed.multiply(x, 0f, again);
    for (int j = 0; j < 64; j++) {
      assertEquals(expected.get(j), again.get(j), 0.01 * (1 + Math.abs(expected.get(j))), "new matrix, column " + j);
    }
  }

  @Test
  void rowBlocksCoverEveryRowOnceAndAreAsTallAsTheyCanBe() {
    assertEquals(java.util.List.of(9, 8, 8), blocks(25), "no pass over W for a single row");
    assertEquals(java.util.List.of(12, 9, 8, 8), blocks(37));
    assertEquals(java.util.List.of(12, 1), blocks(13), "too few rows to share out without padding");
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
        assertTrue(b == 12 || b == 9 || b == 8 || b == 4 || b == 1, "block of " + b);
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
