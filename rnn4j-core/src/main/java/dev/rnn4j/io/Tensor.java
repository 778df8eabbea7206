package dev.rnn4j.io;

import dev.rnn4j.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named, immutable array of a checkpoint: a name, a dtype, a shape (row-major, possibly empty for a
 * scalar) and exactly {@code product(shape)} values.
 *
 * <p>The factories copy what they are given and the accessors return copies, so a tensor cannot change
 * after it is made: a checkpoint taken mid-training holds the values of that moment.
 */
public final class Tensor {
  /** The element types this package reads and writes, by their safetensors names. */
  public enum DType {
    /** 32-bit IEEE float, little-endian. */
    F32(4),
    /** 64-bit signed integer, little-endian (RNG state, counters). */
    I64(8);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }
  }

  private final String name;
  private final DType dtype;
  private final int[] shape;
  // Exactly one of the two is set, by dtype; never exposed, so the tensor stays immutable.
  private final float[] floats;
  private final long[] longs;

  private Tensor(String name, DType dtype, int[] shape, float[] floats, long[] longs) {
    this.name = name;
    this.dtype = dtype;
    this.shape = shape;
    this.floats = floats;
    this.longs = longs;
  }

  /** A float tensor holding a copy of {@code data}, which must have {@code product(shape)} values. */
  public static Tensor f32(String name, int[] shape, float[] data) {
    int[] s = checkShape(name, shape, data.length);
    return new Tensor(name, DType.F32, s, data.clone(), null);
  }

  /** A float tensor of shape {@code [rows, cols]} holding a copy of the matrix's values. */
  public static Tensor f32(String name, Matrix m) {
    return f32(name, new int[] {m.rows(), m.cols()}, m);
  }

  /**
   * A float tensor holding a copy of the matrix's values under another shape of the same size, e.g. a
   * {@code 1 x H} bias saved as {@code [H]} the way PyTorch stores it.
   */
  public static Tensor f32(String name, int[] shape, Matrix m) {
    int[] s = checkShape(name, shape, m.size());
    return new Tensor(name, DType.F32, s, m.toArray(), null);
  }

  /** A 64-bit integer tensor holding a copy of {@code data}, which must have {@code product(shape)} values. */
  public static Tensor i64(String name, int[] shape, long[] data) {
    int[] s = checkShape(name, shape, data.length);
    return new Tensor(name, DType.I64, s, null, data.clone());
  }

  /** A one-dimensional 64-bit integer tensor of {@code data.length} values. */
  public static Tensor i64(String name, long... data) {
    return i64(name, new int[] {data.length}, data);
  }

  /** Wraps arrays the reader has just filled, without copying them. */
  static Tensor wrap(String name, DType dtype, int[] shape, Object data) {
    return dtype == DType.F32
        ? new Tensor(name, dtype, shape, (float[]) data, null)
        : new Tensor(name, dtype, shape, null, (long[]) data);
  }

  public String name() {
    return name;
  }

  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements, {@code product(shape)}. */
  public int size() {
    return dtype == DType.F32 ? floats.length : longs.length;
  }

  /** Size of the data in bytes. */
  public long byteSize() {
    return (long) size() * dtype.bytes();
  }

  /** A copy of the values of an F32 tensor. */
  public float[] floats() {
    if (dtype != DType.F32) {
      throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not F32");
    }
    return floats.clone();
  }

  /** A copy of the values of an I64 tensor. */
  public long[] longs() {
    if (dtype != DType.I64) {
      throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not I64");
    }
    return longs.clone();
  }

  /** The values without a copy, for the writer; never handed out. */
  float[] floatData() {
    return floats;
  }

  long[] longData() {
    return longs;
  }

  @Override
  public String toString() {
    return "Tensor[" + name + " " + dtype + " " + Arrays.toString(shape) + "]";
  }

  private static int[] checkShape(String name, int[] shape, int values) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("tensor name is empty");
    }
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: " + Arrays.toString(shape));
      }
      // Capped so it cannot overflow: n <= 2^31 and d < 2^31.
      n = Math.min(n * d, (long) Integer.MAX_VALUE + 1);
    }
    if (n != values) {
      throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
          + " but " + values + " values");
    }
    return shape.clone();
  }
}
