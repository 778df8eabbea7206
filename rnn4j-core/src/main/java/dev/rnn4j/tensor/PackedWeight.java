package dev.rnn4j.tensor;

/**
 * A weight W that takes part in many products of a few rows each while it stays the same:
 * {@code c = x W^T + beta c} ({@link #transposed}) or {@code c = x W + beta c} ({@link #plain}). That is a
 * recurrent layer's step: 25 rows against the 2048 x 512 recurrent weight, 50 times a window, forward and
 * backward.
 *
 * <p>OpenBLAS's sgemm packs all of W on every such call and then runs these shapes at a third to a quarter of
 * its large-matrix rate (one core, issue 15: 38 GFLOP/s for {@code [25x512] x [512x2048]} and 26 for
 * {@code [25x2048] x [2048x512]}, against 90 for large products). {@link #prepare} copies W once into column
 * panels and each product then runs {@link PanelKernel}, a register-blocked kernel over those panels
 * (Vector API), at close to the large-matrix rate.
 *
 * <p>Where the kernel cannot run ({@link VectorSupport}), or for fewer than {@value #MIN_PRODUCTS} products
 * or {@value #MIN_ROWS} rows, every product is {@link Blas#gemm} on W itself: the same result up to float rounding.
 *
 * <p>A weight that will not change any more (a loaded model that only samples) can be {@link #freeze frozen}:
 * it is then copied once, not once per window, and single-row products may read it as 16-bit integers
 * ({@link WeightFormat#INT16}) or 8-bit ({@link WeightFormat#INT8}) integers, split across cores ({@link CoreSplit}).
 *
 * <p>Not thread-safe: one instance per layer (each training replica has its own).
 */
public final class PackedWeight {
  /** Fewer products than this do not repay copying W (the copy costs about two matrix-vector products). */
  public static final int MIN_PRODUCTS = 4;
  /**
   * A single row is a matrix-vector product, which BLAS streams without packing: on min-char-rnn's step the
   * kernel's one-row block was slower (D 87-125k against 125-144k chars/s, interleaved runs).
   */
  public static final int MIN_ROWS = 2;

  /** How the next products run: BLAS on W, the float panels, or (frozen, one row) the integer panels. */
  private enum Mode { BLAS, PANELS, QUANTIZED }

  private final boolean transposed;
  private Matrix w;
  private Mode mode = Mode.BLAS;
  private boolean frozen;
  private WeightFormat format = WeightFormat.FLOAT32;
  private CoreSplit split = CoreSplit.single();
  /** Frozen only: which copies of the current W are made. */
  private boolean panelsReady;
  private boolean quantizedReady;
  /** The frozen weight in {@link #format}'s integers ({@link Int16Panels}, {@link Int8Panels}), its column scales. */
  private int[] quantized = new int[0];
  private float[] scales = new float[0];
  private final CoreSplit.Range quantizedPanels = this::quantizedPanels;
  /** Depth of a product (columns of x) and its width (columns of c). */
  private int depth;
  private int width;
  private int paddedWidth;
  private float[] panels = new float[0];
  private float[] row = new float[0];
  private float[] rows = new float[0];
  private float[] product = new float[0];

  private static final Profile.Part PRODUCTS = Profile.part("recurrent products (packed kernel)");
  private static final Profile.Part PACKING = Profile.part("copying W into panels");

  private PackedWeight(boolean transposed) {
    this.transposed = transposed;
  }

  /** For products {@code x W^T}, W as stored ({@code [width, depth]}). */
  public static PackedWeight transposed() {
    return new PackedWeight(true);
  }

  /** For products {@code x W}, W as stored ({@code [depth, width]}). */
  public static PackedWeight plain() {
    return new PackedWeight(false);
  }

  /** Whether products run the packed kernel here (see {@link VectorSupport}). */
  public static boolean kernelAvailable() {
    return VectorSupport.ENABLED;
  }

  /**
   * Says that the next {@code products} products, of {@code rows} rows each, use W with its values now:
   * copies W into panels when that pays. Call again whenever W has changed (a layer calls it at the start
   * of each window). Once {@link #freeze frozen}, W is copied only the first time it is seen.
   */
  public void prepare(Matrix w, int rows, int products) {
    if (frozen) {
      prepareFrozen(w, rows);
      return;
    }
    use(w);
    mode = VectorSupport.ENABLED && rows >= MIN_ROWS && products >= MIN_PRODUCTS ? Mode.PANELS : Mode.BLAS;
    if (mode == Mode.PANELS) {
      pack();
    }
  }

  /**
   * Promises that the weights this instance is prepared with no longer change, so copies of them are made
   * once and kept. Products of one row then read W in {@code format}, their panels shared out by
   * {@code split}; products of more rows read float panels. Without the kernels ({@link #kernelAvailable})
   * every product stays BLAS on W.
   */
  public void freeze(WeightFormat format, CoreSplit split) {
    this.frozen = true;
    this.format = format;
    this.split = split;
    this.panelsReady = false;
    this.quantizedReady = false;
  }

  private void prepareFrozen(Matrix w, int rows) {
    if (w != this.w) {
      use(w);
      panelsReady = false;
      quantizedReady = false;
    }
    if (!VectorSupport.ENABLED) {
      mode = Mode.BLAS;
    } else if (rows == 1) {
      mode = format == WeightFormat.FLOAT32 ? Mode.BLAS : Mode.QUANTIZED;
      if (mode == Mode.QUANTIZED && !quantizedReady) {
        quantize();
      }
    } else {
      mode = Mode.PANELS;
      if (!panelsReady) {
        pack();
        panelsReady = true;
      }
    }
  }

  /** Packs and runs the kernel whatever the machine: for tests (without 512-bit vectors it is only slower). */
  void forceKernel(Matrix w) {
    use(w);
    mode = Mode.PANELS;
    pack();
  }

  /** Freezes in an integer format and packs it whatever the machine: for tests. */
  void forceQuantized(Matrix w, WeightFormat format, CoreSplit split) {
    freeze(format, split);
    use(w);
    mode = Mode.QUANTIZED;
    quantize();
  }

  private void use(Matrix w) {
    this.w = w;
    depth = transposed ? w.cols() : w.rows();
    width = transposed ? w.rows() : w.cols();
    paddedWidth = (width + PanelKernel.PANEL - 1) / PanelKernel.PANEL * PanelKernel.PANEL;
  }

  /**
   * {@code c = x op(W) + beta c}, where op is the transpose for {@link #transposed}; {@code x [m, depth]},
   * {@code c [m, width]}. Uses the panels copied by the last {@link #prepare} (or BLAS, see the class
   * comment).
   */
  public void multiply(Matrix x, float beta, Matrix c) {
    Profile.enter(PRODUCTS);
    multiplyNow(x, beta, c);
    Profile.exit();
  }

  private void multiplyNow(Matrix x, float beta, Matrix c) {
    if (w == null) {
      throw new IllegalStateException("call prepare(w, rows, products) first");
    }
    if (mode == Mode.BLAS || (beta != 0f && beta != 1f) || (mode == Mode.QUANTIZED && x.rows() != 1)) {
      Blas.gemm(false, transposed, 1f, x, w, beta, c);
      return;
    }
    int m = x.rows();
    if (x.cols() != depth || c.rows() != m || c.cols() != width) {
      throw new IllegalArgumentException("product shapes: " + x + " x " + (transposed ? "T" : "") + w + " -> " + c);
    }
    if (mode == Mode.QUANTIZED) {
      multiplyQuantized(x, beta == 1f, c);
      return;
    }
    int padded = PanelKernel.paddedRows(m);
    if (rows.length < padded * depth) {
      rows = new float[padded * depth];
    }
    if (product.length < padded * paddedWidth) {
      product = new float[padded * paddedWidth];
    }
    packRows(x, m);
    boolean accumulate = beta == 1f;
    java.nio.FloatBuffer cb = c.buffer();
    int co = c.offset();
    if (accumulate) {
      for (int r = 0; r < m; r++) {
        cb.get(co + r * width, product, r * paddedWidth, width);
      }
    } else {
      java.util.Arrays.fill(product, 0, padded * paddedWidth, 0f);
    }
    PanelKernel.multiply(rows, m, depth, panels, paddedWidth, product);
    for (int r = 0; r < m; r++) {
      cb.put(co + r * width, product, r * paddedWidth, width);
    }
  }

  /**
   * Copies W into panels of 32 product columns: {@code panels[p*depth*32 + kk*32 + j] = op(W)[kk][32p + j]},
   * zero beyond the last column.
   */
  private void pack() {
    Profile.enter(PACKING);
    packNow();
    Profile.exit();
  }

  private void packNow() {
    int panel = PanelKernel.PANEL;
    if (panels.length != depth * paddedWidth) {
      panels = new float[depth * paddedWidth];
    }
    java.nio.FloatBuffer wb = w.buffer();
    int wo = w.offset();
    if (transposed) {
      // row j of W is product column j: scattered down its panel, one column every 32 floats
      ensureRow(depth);
      for (int j = 0; j < width; j++) {
        wb.get(wo + j * depth, row, 0, depth);
        int at = (j / panel) * depth * panel + j % panel;
        for (int kk = 0; kk < depth; kk++) {
          panels[at + kk * panel] = row[kk];
        }
      }
    } else {
      // row kk of W is row kk of every panel: 32 contiguous floats each
      ensureRow(width);
      for (int kk = 0; kk < depth; kk++) {
        wb.get(wo + kk * width, row, 0, width);
        for (int p = 0, j = 0; j < width; p++, j += panel) {
          System.arraycopy(row, j, panels, p * depth * panel + kk * panel, Math.min(panel, width - j));
        }
      }
    }
  }

  /** One row against the integer panels: {@code c = x op(W) (+ c)}, the panels shared out by the split. */
  private void multiplyQuantized(Matrix x, boolean accumulate, Matrix c) {
    ensureRow(depth);
    if (product.length < paddedWidth) {
      product = new float[paddedWidth];
    }
    x.buffer().get(x.offset(), row, 0, depth);
    java.nio.FloatBuffer cb = c.buffer();
    if (accumulate) {
      cb.get(c.offset(), product, 0, width);
    } else {
      java.util.Arrays.fill(product, 0, width, 0f);
    }
    split.run(paddedWidth / PanelKernel.PANEL, quantizedPanels);
    cb.put(c.offset(), product, 0, width);
  }

  private void quantizedPanels(int from, int to) {
    if (format == WeightFormat.INT8) {
      Int8Panels.multiplyRow(row, depth, quantized, scales, from, to, product);
    } else {
      Int16Panels.multiplyRow(row, depth, quantized, scales, from, to, product);
    }
  }

  private void quantize() {
    int size = format == WeightFormat.INT8 ? Int8Panels.size(depth, paddedWidth) : depth * paddedWidth / 2;
    if (quantized.length != size || scales.length != paddedWidth) {
      quantized = new int[size];
      scales = new float[paddedWidth];
    }
    java.nio.FloatBuffer wb = w.buffer();
    int wo = w.offset();
    ColumnQuantization.Entries at = transposed
        ? (kk, j) -> wb.get(wo + j * depth + kk)
        : (kk, j) -> wb.get(wo + kk * width + j);
    boolean finite = format == WeightFormat.INT8
        ? Int8Panels.pack(at, depth, width, quantized, scales)
        : Int16Panels.pack(at, depth, width, quantized, scales);
    if (finite) {
      quantizedReady = true;
    } else {
      mode = Mode.BLAS;  // a weight is not finite: BLAS carries it through as training would
    }
  }

  /** Copies x's rows into the kernel's blocks ({@link PanelKernel#blockAt}), interleaved by depth. */
  private void packRows(Matrix x, int m) {
    ensureRow(depth);
    java.nio.FloatBuffer xb = x.buffer();
    int xo = x.offset();
    for (int first = 0, block; first < m; first += block) {
      block = PanelKernel.blockAt(m, first);
      int base = first * depth;
      for (int r = 0; r < block; r++) {
        if (first + r < m) {
          xb.get(xo + (first + r) * depth, row, 0, depth);
        } else {
          java.util.Arrays.fill(row, 0, depth, 0f);
        }
        for (int kk = 0; kk < depth; kk++) {
          rows[base + kk * block + r] = row[kk];
        }
      }
    }
  }

  private void ensureRow(int n) {
    if (row.length < n) {
      row = new float[n];
    }
  }
}
