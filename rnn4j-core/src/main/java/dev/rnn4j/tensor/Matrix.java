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

  /** this += alpha * other, element-wise, by heap chunks (one off-heap access per element costs more than the add). */
  public void addScaled(float alpha, Matrix other) {
    checkSameSize(other);
    float[][] scratch = scratch(CHUNK_SIZE);
    float[] a = scratch[0];
    float[] b = scratch[1];
    for (int s = 0, n = size(); s < n; s += CHUNK_SIZE) {
      int len = Math.min(CHUNK_SIZE, n - s);
      buf.get(off + s, a, 0, len);
      other.buf.get(other.off + s, b, 0, len);
      for (int i = 0; i < len; i++) {
        a[i] += alpha * b[i];
      }
      buf.put(off + s, a, 0, len);
    }
  }

  /**
   * Adds {@code block}'s rows to this matrix's rows in turn: row i += block row (i mod k), k =
   * {@code block.rows()}, which must divide the rows. A bias is a block of one row; a per-sequence term for
   * time-major rows is a block of B rows.
   */
  public void addToRows(Matrix block) {
    int k = checkBlock(block);
    float[][] scratch = scratch(cols);
    float[] row = scratch[0];
    float[] add = scratch[1];
    for (int j = 0; j < k; j++) {
      block.buf.get(block.off + j * cols, add, 0, cols);
      for (int i = j; i < rows; i += k) {
        buf.get(off + i * cols, row, 0, cols);
        for (int c = 0; c < cols; c++) {
          row[c] += add[c];
        }
        buf.put(off + i * cols, row, 0, cols);
      }
    }
  }

  /**
   * The reverse of {@link #addToRows}: {@code block} row j += every row i of this matrix with i mod k = j,
   * added in increasing i (k = {@code block.rows()}, which must divide the rows). A bias's gradient is the
   * sum of all rows into a block of one.
   */
  public void sumRowsInto(Matrix block) {
    int k = checkBlock(block);
    float[][] scratch = scratch(cols);
    float[] row = scratch[0];
    float[] sum = scratch[1];
    for (int j = 0; j < k; j++) {
      block.buf.get(block.off + j * cols, sum, 0, cols);
      for (int i = j; i < rows; i += k) {
        buf.get(off + i * cols, row, 0, cols);
        for (int c = 0; c < cols; c++) {
          sum[c] += row[c];
        }
      }
      block.buf.put(block.off + j * cols, sum, 0, cols);
    }
  }

  private int checkBlock(Matrix block) {
    int k = block.rows;
    if (block.cols != cols || k == 0 || rows % k != 0) {
      throw new IllegalArgumentException("a block of " + block + " does not tile " + this);
    }
    return k;
  }

  /** Elements per heap chunk: a fixed stride, so a sum's grouping does not depend on what grew the scratch. */
  private static final int CHUNK_SIZE = 4096;
  /** A thread's two heap arrays for the element-wise methods and reductions (grown, never shrunk). */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

  private static float[][] scratch(int n) {
    float[][] s = SCRATCH.get();
    if (s[0].length < n) {
      s[0] = new float[n];
      s[1] = new float[n];
    }
    return s;
  }

  /**
   * Sum of squares of all elements, in double. Runs every training step (the gradient norm), so it reads
   * by bulk copies into a heap chunk and sums sixteen at a time ({@link VectorSums}) or, without the Vector
   * API, keeps four partial sums: one running sum waits on each addition, and that loop was a fifth of
   * min-char-rnn's training time.
   */
  public double sumOfSquares() {
    float[] chunk = scratch(CHUNK_SIZE)[0];
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int start = 0, n = size(); start < n; start += CHUNK_SIZE) {
      int len = Math.min(CHUNK_SIZE, n - start);
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
