package dev.rnn4j.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A row-major float matrix stored off-heap, or a view of rows of one.
 *
 * <p>Storage is a direct {@link FloatBuffer} so that OpenBLAS reads it without a copy (a {@code float[]}
 * crosses JNI by copy, which halves GEMM speed on the small shapes of a recurrent step). Element-wise
 * kernels read and write {@link #buffer()} at absolute index {@link #offset()}{@code + i}; views share
 * storage with their parent. Create views once, outside hot loops.
 */
public final class Matrix {
  private final FloatBuffer buf;
  private final int off;
  private final int rows;
  private final int cols;
  private final FloatPointer ptr;

  private Matrix(FloatBuffer buf, FloatPointer base, int off, int rows, int cols) {
    this.buf = buf;
    this.off = off;
    this.rows = rows;
    this.cols = cols;
    this.ptr = new FloatPointer(base);
    this.ptr.position(off);
  }

  /** A new zero-filled matrix of {@code rows x cols}. */
  public static Matrix allocate(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
    }
    long n = (long) rows * cols;
    if (n > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("matrix too large: " + rows + "x" + cols);
    }
    FloatBuffer b = ByteBuffer.allocateDirect((int) Math.max(1, n) * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    return new Matrix(b, new FloatPointer(b), 0, rows, cols);
  }

  /** A matrix holding a copy of {@code values} reshaped to {@code rows x cols}. */
  public static Matrix of(int rows, int cols, float... values) {
    Matrix m = allocate(rows, cols);
    m.copyFrom(values);
    return m;
  }

  /** Rows {@code [start, start + count)} of this matrix, sharing storage. */
  public Matrix rows(int start, int count) {
    if (start < 0 || count < 0 || start + count > rows) {
      throw new IndexOutOfBoundsException("rows " + start + "+" + count + " of " + rows);
    }
    return new Matrix(buf, ptr, off + start * cols, count, cols);
  }

  /** The same storage seen as {@code rows x cols} (same number of elements). */
  public Matrix reshape(int newRows, int newCols) {
    if ((long) newRows * newCols != size()) {
      throw new IllegalArgumentException("cannot reshape " + rows + "x" + cols + " to " + newRows + "x" + newCols);
    }
    return new Matrix(buf, ptr, off, newRows, newCols);
  }

  /** A flat sub-range {@code [start, start+count)} of the elements, as a {@code 1 x count} matrix. */
  public Matrix slice(int start, int count) {
    if (start < 0 || count < 0 || start + count > size()) {
      throw new IndexOutOfBoundsException("slice " + start + "+" + count + " of " + size());
    }
    return new Matrix(buf, ptr, off + start, 1, count);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int size() {
    return rows * cols;
  }

  /** The shared backing buffer; element {@code i} of this view is at {@code offset() + i}. */
  public FloatBuffer buffer() {
    return buf;
  }

  public int offset() {
    return off;
  }

  /** The BLAS pointer of this view (positioned at its first element). */
  FloatPointer pointer() {
    return ptr;
  }

  public float get(int i) {
    return buf.get(off + i);
  }

  public void set(int i, float v) {
    buf.put(off + i, v);
  }

  public float get(int r, int c) {
    return buf.get(off + r * cols + c);
  }

  public void set(int r, int c, float v) {
    buf.put(off + r * cols + c, v);
  }

  public void fill(float v) {
    int n = size();
    if (v == 0f && Float.floatToRawIntBits(v) == 0) {
      // zeroing the gradient arena every step: bulk copies, not one off-heap store per element
      for (int s = 0; s < n; s += ZEROS.length) {
        buf.put(off + s, ZEROS, 0, Math.min(ZEROS.length, n - s));
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      buf.put(off + i, v);
    }
  }

  private static final float[] ZEROS = new float[4096];

  public void zero() {
    fill(0f);
  }

  public void copyFrom(Matrix src) {
    checkSameSize(src);
    buf.put(off, src.buf, src.off, size());
  }

  public void copyFrom(float[] src) {
    if (src.length != size()) {
      throw new IllegalArgumentException("expected " + size() + " values, got " + src.length);
    }
    buf.put(off, src);
  }

  public float[] toArray() {
    float[] a = new float[size()];
    buf.get(off, a);
    return a;
  }

  public void copyTo(float[] dst) {
    if (dst.length != size()) {
      throw new IllegalArgumentException("expected " + size() + " values, got " + dst.length);
    }
    buf.get(off, dst);
  }

  /** this += alpha * other, element-wise. */
  public void addScaled(float alpha, Matrix other) {
    checkSameSize(other);
    FloatBuffer o = other.buf;
    int oo = other.off;
    for (int i = 0, n = size(); i < n; i++) {
      buf.put(off + i, buf.get(off + i) + alpha * o.get(oo + i));
    }
  }

  /**
   * Sum of squares of all elements, in double. Runs every training step (the gradient norm), so it reads
   * by bulk copies into a heap chunk and sums sixteen at a time ({@link VectorSums}) or, without the Vector
   * API, keeps four partial sums: one running sum waits on each addition, and that loop was a fifth of
   * min-char-rnn's training time.
   */
  public double sumOfSquares() {
    float[] chunk = CHUNK.get();
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int start = 0, n = size(); start < n; start += chunk.length) {
      int len = Math.min(chunk.length, n - start);
      buf.get(off + start, chunk, 0, len);
      if (VectorSupport.ENABLED) {
        s0 += VectorSums.sumOfSquares(chunk, len);
        continue;
      }
      int i = 0;
      for (; i + 4 <= len; i += 4) {
        double a = chunk[i];
        double b = chunk[i + 1];
        double c = chunk[i + 2];
        double d = chunk[i + 3];
        s0 += a * a;
        s1 += b * b;
        s2 += c * c;
        s3 += d * d;
      }
      for (; i < len; i++) {
        double a = chunk[i];
        s0 += a * a;
      }
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** A thread's heap chunk for reductions over off-heap elements. */
  private static final ThreadLocal<float[]> CHUNK = ThreadLocal.withInitial(() -> new float[4096]);

  private void checkSameSize(Matrix other) {
    if (other.size() != size()) {
      throw new IllegalArgumentException("size mismatch: " + size() + " vs " + other.size());
    }
  }

  @Override
  public String toString() {
    return "Matrix[" + rows + "x" + cols + "]";
  }
}
