package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void copiesInAndOut() {
    float[] data = {1, 2, 3, 4, 5, 6};
    int[] shape = {2, 3};
    Tensor t = Tensor.f32("w", shape, data);
    data[0] = 99;
    shape[0] = 99;
    t.floats()[1] = 99;
    t.shape()[1] = 99;
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.floats());
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertEquals(6, t.size());
    assertEquals(24, t.byteSize());
  }

  @Test
  void fromMatrixCopiesValuesWithItsShapeOrAnother() {
    Matrix m = Matrix.of(2, 2, 1, 2, 3, 4);
    Tensor t = Tensor.f32("m", m);
    m.set(0, 7f);
    assertArrayEquals(new int[] {2, 2}, t.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, t.floats());
    Tensor bias = Tensor.f32("b", new int[] {4}, Matrix.of(1, 4, 5, 6, 7, 8));
    assertArrayEquals(new int[] {4}, bias.shape());
    assertArrayEquals(new float[] {5, 6, 7, 8}, bias.floats());
  }

  @Test
  void longsAndScalars() {
    Tensor t = Tensor.i64("step", new int[0], new long[] {Long.MIN_VALUE});
    assertEquals(1, t.size());
    assertEquals(Tensor.DType.I64, t.dtype());
    assertArrayEquals(new long[] {1, 2, 3}, Tensor.i64("v", 1, 2, 3).longs());
    assertArrayEquals(new int[] {0}, Tensor.i64("empty").shape());
  }

  @Test
  void refusesDataThatDisagreesWithTheShape() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.f32("w", new int[] {2, 3}, new float[5]));
    assertEquals("tensor 'w' has shape [2, 3] but 5 values", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.f32("w", new int[] {-1, -5}, new float[5]));
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.f32("w", new int[] {1 << 20, 1 << 20, 0}, new float[5]));
    assertThrows(IllegalArgumentException.class, () -> Tensor.f32("w", new int[] {2}, Matrix.of(1, 3, 1, 2, 3)));
    assertThrows(IllegalArgumentException.class, () -> Tensor.i64("", 1));
  }

  @Test
  void wrongDtypeAccessorIsAnError() {
    assertThrows(IllegalStateException.class, () -> Tensor.i64("n", 1).floats());
    assertThrows(IllegalStateException.class, () -> Tensor.f32("x", new int[] {1}, new float[1]).longs());
  }
}
