package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;
import java.util.Locale;

/**
 * Many-to-one pooling over time of right-padded sequences: one vector per sequence from its real steps
 * only. Shapes: B sequences, T steps, W columns; {@code h [T*B, W]} rows time-major ({@code t*B + b}),
 * sequence b real at steps {@code 0 .. len_b - 1}; out {@code [B, W]}.
 * <pre>
 *   LAST  out[b, j] = h[(len_b - 1)*B + b, j]    j &lt; F (the forward direction ends at its last step)
 *                     h[b, j]                    j &gt;= F (the reverse direction ends at step 0)
 *   MEAN  out[b, j] = (1 / len_b) sum_{t &lt; len_b} h[t*B + b, j]
 *   MAX   out[b, j] = max_{t &lt; len_b} h[t*B + b, j]           (the gradient goes to the first arg-max)
 * </pre>
 * F is {@code forwardWidth}: W for a unidirectional encoder, H of 2H for a bidirectional one. Backward
 * writes dLoss/dh, zero at every row a pooled value did not read (always at padding).
 */
public final class SequencePooling {
  /** How the steps of a sequence become one vector. */
  public enum Kind {
    LAST,
    MEAN,
    MAX;

    /** Parses {@code last|mean|max}, case-insensitively. */
    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown pooling '" + s + "' (expected last, mean or max)");
      }
    }

    /** The name {@link #parse} reads: last, mean or max. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final int width;
  private final int forwardWidth;
  private int capacityBatch;
  private int capacitySteps;
  private Matrix pooled;
  private Matrix grad;
  /** For MAX, the step each pooled value came from, {@code [B*W]}. */
  private int[] argMax;
  private int[] lengths;
  private int batch;
  private int steps;

  /**
   * Columns {@code [0, forwardWidth)} of LAST are read at step {@code lengths[b]-1}; columns
   * {@code [forwardWidth, width)} at step 0 (the reverse direction's final output). Unidirectional:
   * {@code forwardWidth == width}. MEAN and MAX ignore {@code forwardWidth}.
   */
  public SequencePooling(Kind kind, int width, int forwardWidth) {
    if (width <= 0) {
      throw new IllegalArgumentException("width must be positive, got " + width);
    }
    if (kind == Kind.LAST && (forwardWidth <= 0 || forwardWidth > width)) {
      throw new IllegalArgumentException("forward width " + forwardWidth + " outside [1, " + width + "]");
    }
    this.kind = kind;
    this.width = width;
    this.forwardWidth = forwardWidth;
  }

  public Kind kind() {
    return kind;
  }

  /** Makes room for {@code batch} sequences of up to {@code steps} steps. */
  public void ensureCapacity(int batch, int steps) {
    if (batch <= 0 || steps <= 0) {
      throw new IllegalArgumentException("batch and steps must be positive: " + batch + ", " + steps);
    }
    if (batch <= capacityBatch && steps <= capacitySteps) {
      return;
    }
    capacityBatch = Math.max(batch, capacityBatch);
    capacitySteps = Math.max(steps, capacitySteps);
    pooled = Matrix.allocate(capacityBatch, width);
    grad = Matrix.allocate(capacityBatch * capacitySteps, width);
    argMax = new int[capacityBatch * width];
    lengths = new int[capacityBatch];
  }

  /**
   * Pools {@code h [steps*B, width]} (B = {@code lengths.length}) over each sequence's real steps; returns
   * {@code [B, width]}, a view valid until the next forward.
   */
  public Matrix forward(Matrix h, int[] lengths, int steps) {
    int b0 = lengths.length;
    if (b0 == 0 || b0 > capacityBatch || steps <= 0 || steps > capacitySteps) {
      throw new IllegalArgumentException(b0 + " sequences of " + steps + " steps exceed the capacity of "
          + capacityBatch + " of " + capacitySteps + " (call ensureCapacity)");
    }
    if (h.rows() != steps * b0 || h.cols() != width) {
      throw new IllegalArgumentException("input must be [" + steps * b0 + ", " + width + "], got " + h);
    }
    for (int b = 0; b < b0; b++) {
      if (lengths[b] < 1 || lengths[b] > steps) {
        throw new IllegalArgumentException("length of sequence " + b + " is " + lengths[b] + ", outside [1, "
            + steps + "]");
      }
    }
    System.arraycopy(lengths, 0, this.lengths, 0, b0);
    this.batch = b0;
    this.steps = steps;
    Matrix out = pooled.rows(0, b0);
    FloatBuffer hb = h.buffer();
    FloatBuffer ob = out.buffer();
    for (int b = 0; b < b0; b++) {
      int len = lengths[b];
      int o = out.offset() + b * width;
      switch (kind) {
        case LAST:
          ob.put(o, hb, h.offset() + ((len - 1) * b0 + b) * width, forwardWidth);
          ob.put(o + forwardWidth, hb, h.offset() + b * width + forwardWidth, width - forwardWidth);
          break;
        case MEAN:
          for (int j = 0; j < width; j++) {
            double sum = 0;
            for (int t = 0; t < len; t++) {
              sum += hb.get(h.offset() + (t * b0 + b) * width + j);
            }
            ob.put(o + j, (float) (sum / len));
          }
          break;
        case MAX:
          for (int j = 0; j < width; j++) {
            int best = 0;
            float max = hb.get(h.offset() + b * width + j);
            for (int t = 1; t < len; t++) {
              float v = hb.get(h.offset() + (t * b0 + b) * width + j);
              if (v > max) { // strictly greater: the first step wins a tie
                max = v;
                best = t;
              }
            }
            ob.put(o + j, max);
            argMax[b * width + j] = best;
          }
          break;
        default:
          throw new AssertionError(kind);
      }
    }
    return out;
  }

  /**
   * dLoss/dh {@code [steps*B, width]} of the last forward from {@code dPooled [B, width]}: zero at padded
   * rows; LAST routes to the step it read, MEAN spreads evenly over the real steps, MAX routes to the arg-max
   * step (the first on ties). A view valid until the next backward.
   */
  public Matrix backward(Matrix dPooled) {
    if (batch == 0) {
      throw new IllegalStateException("no forward yet");
    }
    if (dPooled.rows() != batch || dPooled.cols() != width) {
      throw new IllegalArgumentException("gradient must be [" + batch + ", " + width + "], got " + dPooled);
    }
    Matrix g = grad.rows(0, steps * batch);
    g.zero();
    FloatBuffer gb = g.buffer();
    FloatBuffer db = dPooled.buffer();
    for (int b = 0; b < batch; b++) {
      int len = lengths[b];
      int d = dPooled.offset() + b * width;
      switch (kind) {
        case LAST:
          gb.put(g.offset() + ((len - 1) * batch + b) * width, db, d, forwardWidth);
          gb.put(g.offset() + b * width + forwardWidth, db, d + forwardWidth, width - forwardWidth);
          break;
        case MEAN:
          for (int t = 0; t < len; t++) {
            int r = g.offset() + (t * batch + b) * width;
            for (int j = 0; j < width; j++) {
              gb.put(r + j, db.get(d + j) / len);
            }
          }
          break;
        case MAX:
          for (int j = 0; j < width; j++) {
            gb.put(g.offset() + (argMax[b * width + j] * batch + b) * width + j, db.get(d + j));
          }
          break;
        default:
          throw new AssertionError(kind);
      }
    }
    return g;
  }
}
