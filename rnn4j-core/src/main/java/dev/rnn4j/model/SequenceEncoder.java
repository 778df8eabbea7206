package dev.rnn4j.model;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * L recurrent layers of one cell type over a batch of right-padded sequences of different lengths, each
 * layer optionally bidirectional; the state starts from zero for every batch. The encoder of sequence
 * classification (many-to-one, pooled by {@link dev.rnn4j.nn.SequencePooling}) and tagging (many-to-many).
 *
 * <p>Shapes: B sequences, T steps (the longest), I input width, H hidden width, W output width (H, or 2H
 * when bidirectional); rows time-major, row {@code t*B + b}. Sequence b occupies steps
 * {@code 0 .. len_b - 1}; the rest of its rows are padding.
 * <pre>
 *   fwd_t   = cell(x_t, fwd_{t-1})                      t = 0 .. len-1, from zero
 *   rev_t   = cell(x_{len-1-t}, rev_{t-1})              the sequence reversed within its own length
 *   out_t   = [fwd_t, rev_{len-1-t}]                    [B, W], zero at t >= len
 *   layer k > 0 reads dropout(out of layer k-1)         (PyTorch's nn.LSTM dropout: between layers only)
 * </pre>
 *
 * <p>Masking: padding comes after every real step in both directions (right padding, and the reverse
 * direction reads each sequence reversed within its length), so padded steps cannot reach a real output.
 * Their outputs are written as zeros and their output gradients are read as zeros, so their every
 * contribution to a gradient is exactly zero: padding (any finite values) changes neither the outputs at
 * real steps, nor the loss, nor any gradient.
 *
 * <p>Parameters, PyTorch's nn.LSTM/GRU/RNN names: {@code rnn.weight_ih_l{k}, rnn.weight_hh_l{k},
 * rnn.bias_ih_l{k}} (those the cell declares) and, for the reverse direction, the same with suffix
 * {@code _reverse}; declared layer by layer, forward direction first.
 */
public final class SequenceEncoder {
  private final int inputSize;
  private final int hidden;
  private final int width;
  private final boolean bidirectional;
  private final RecurrentLayer[] forward;
  /** The reverse direction of each layer; null when unidirectional. */
  private final RecurrentLayer[] reverse;
  /** {@code dropouts[k]} sits between layer k and layer k+1. */
  private final Dropout[] dropouts;
  /** {@link #layers()}: forward then reverse, layer by layer. */
  private final List<RecurrentLayer> all;

  private int batch;
  private int capacitySteps;
  private int[] lengths;
  /** Each layer's output {@code [T*B, W]}: both directions in time order, zero at padded rows. */
  private Matrix[] outputs;
  /** Each layer's input reversed within each length (the reverse direction reads it); zero at padded rows. */
  private Matrix[] reversedInputs;
  private int[] reversedIds;
  private Matrix gradTop;
  /** dLoss/d(input of layer k), {@code [T*B, in_k]}. */
  private Matrix[] gradInputs;
  private int lastSteps;
  private boolean oneHot;
  private boolean training;
  private boolean carryState;

  /**
   * Declares the layers in params with PyTorch's names: {@code rnn.weight_ih_l{k}, rnn.weight_hh_l{k}, ...}
   * and for the backward direction the same with suffix {@code _reverse} (what
   * {@code nn.LSTM(bidirectional=True)} names). Layer k > 0 reads the previous layer's output (2H wide when
   * bidirectional: [forward, reverse] concatenated). {@code dropout} in [0, 1) is applied between layers.
   */
  public SequenceEncoder(Parameters params, CellType cell, int inputSize, int hidden, int layers,
                         boolean bidirectional, float dropout) {
    if (inputSize <= 0 || hidden <= 0 || layers <= 0) {
      throw new IllegalArgumentException("input size, hidden size and layers must be positive: " + inputSize
          + ", " + hidden + ", " + layers);
    }
    this.inputSize = inputSize;
    this.hidden = hidden;
    this.bidirectional = bidirectional;
    this.width = bidirectional ? 2 * hidden : hidden;
    forward = new RecurrentLayer[layers];
    reverse = bidirectional ? new RecurrentLayer[layers] : null;
    dropouts = new Dropout[layers - 1];
    Parameters reversed = params.renamed(name -> name + "_reverse");
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? inputSize : width;
      forward[k] = cell.create(params, k, in, hidden);
      if (bidirectional) {
        reverse[k] = cell.create(reversed, k, in, hidden);
      }
    }
    for (int k = 0; k < layers - 1; k++) {
      dropouts[k] = new Dropout(dropout);
    }
    List<RecurrentLayer> list = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      list.add(forward[k]);
      if (bidirectional) {
        list.add(reverse[k]);
      }
    }
    all = List.copyOf(list);
  }

  /** Width of each step's output: H, or 2H when bidirectional. */
  public int outputWidth() {
    return width;
  }

  /** H, the width of one direction. */
  public int hidden() {
    return hidden;
  }

  public boolean bidirectional() {
    return bidirectional;
  }

  /** I, the width of the input of the first layer (the vocabulary size for one-hot input). */
  public int inputSize() {
    return inputSize;
  }

  /**
   * Whether each forward starts from the state the last one left, or that the caller wrote into
   * {@code layers().get(k).state()}, instead of from zero: a decoder that starts from an encoder's summary
   * and is run one step at a time. After backward, {@code layers().get(k).gradState()} holds the gradient of
   * the initial state. Unidirectional only: a reverse direction has no state to carry.
   */
  public void carryState(boolean carry) {
    if (carry && bidirectional) {
      throw new IllegalStateException("a bidirectional encoder cannot carry its state");
    }
    this.carryState = carry;
  }

  /** Makes room for batches of {@code batch} sequences of up to {@code steps} steps. */
  public void ensureCapacity(int batch, int steps) {
    if (batch <= 0 || steps <= 0) {
      throw new IllegalArgumentException("batch and steps must be positive: " + batch + ", " + steps);
    }
    for (RecurrentLayer layer : layers()) {
      layer.ensureCapacity(batch, steps);
    }
    int rows = batch * steps;
    for (Dropout d : dropouts) {
      d.ensureCapacity(rows, width);
    }
    if (batch == this.batch && steps <= capacitySteps) {
      return;
    }
    this.batch = batch;
    this.capacitySteps = steps;
    lengths = new int[batch];
    int layers = forward.length;
    outputs = new Matrix[layers];
    gradInputs = new Matrix[layers];
    reversedInputs = new Matrix[layers];
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? inputSize : width;
      outputs[k] = Matrix.allocate(rows, width);
      gradInputs[k] = Matrix.allocate(rows, in);
      if (bidirectional) {
        reversedInputs[k] = Matrix.allocate(rows, in);
      }
    }
    reversedIds = bidirectional ? new int[rows] : null;
    gradTop = Matrix.allocate(rows, width);
  }

  /** Fills every layer's parameters, both directions ({@link RecurrentLayer#initialize}). */
  public void initialize(Rng rng, Initialization init, float scale, float forgetBias) {
    for (RecurrentLayer layer : layers()) {
      layer.initialize(rng, init, scale, forgetBias);
    }
  }

  /**
   * x [steps*B, I] rows t*B+b; sequence b occupies steps 0..lengths[b]-1 (1 <= lengths[b] <= steps), the
   * rest is padding. Returns the top layer's outputs [steps*B, W] (a view valid until the next forward);
   * rows at padded positions are exactly zero. The reverse direction reads each sequence reversed within its
   * own length (so it starts at the sequence's real last token, never at padding) and its outputs are put
   * back in the original order. Dropout (inverted, {@link Dropout}, {@code rngs} as Dropout takes them) is
   * applied to each layer's output that feeds the next layer, not to the top layer's output.
   */
  public Matrix forward(Matrix x, int[] lengths, int steps, boolean training, Rng[] rngs) {
    start(lengths, steps, training, false);
    if (x.rows() != steps * batch || x.cols() != inputSize) {
      throw new IllegalArgumentException("input must be [" + steps * batch + ", " + inputSize + "], got " + x);
    }
    forward[0].forward(x, steps);
    if (bidirectional) {
      Matrix xr = reversedInputs[0].rows(0, steps * batch);
      reverseRows(x, xr, steps);
      reverse[0].forward(xr, steps);
    }
    return upper(steps, rngs);
  }

  /** The same for one-hot input given as token ids [steps*B] (padding ids may be any valid id, e.g. 0). */
  public Matrix forwardOneHot(int[] ids, int[] lengths, int steps, boolean training, Rng[] rngs) {
    start(lengths, steps, training, true);
    if (ids.length < steps * batch) {
      throw new IllegalArgumentException("need " + steps * batch + " ids, got " + ids.length);
    }
    forward[0].forwardOneHot(ids, steps);
    if (bidirectional) {
      for (int t = 0; t < steps; t++) {
        for (int b = 0; b < batch; b++) {
          int len = this.lengths[b];
          // padded steps read token 0: any valid id would do, they reach nothing real
          reversedIds[t * batch + b] = t < len ? ids[(len - 1 - t) * batch + b] : 0;
        }
      }
      reverse[0].forwardOneHot(reversedIds, steps);
    }
    return upper(steps, rngs);
  }

  /** Checks and keeps the window; every layer starts from a zero state. */
  private void start(int[] lengths, int steps, boolean training, boolean oneHot) {
    if (batch == 0) {
      throw new IllegalStateException("call ensureCapacity(batch, steps) first");
    }
    if (steps <= 0 || steps > capacitySteps) {
      throw new IllegalArgumentException("steps " + steps + " outside [1, " + capacitySteps + "]");
    }
    if (lengths.length != batch) {
      throw new IllegalArgumentException("need one length per sequence: " + batch + ", got " + lengths.length);
    }
    for (int b = 0; b < batch; b++) {
      if (lengths[b] < 1 || lengths[b] > steps) {
        throw new IllegalArgumentException("length of sequence " + b + " is " + lengths[b] + ", outside [1, "
            + steps + "]");
      }
    }
    System.arraycopy(lengths, 0, this.lengths, 0, batch);
    if (!carryState) {
      for (RecurrentLayer layer : layers()) {
        layer.resetState();
      }
    }
    lastSteps = steps;
    this.training = training;
    this.oneHot = oneHot;
  }

  /** Gathers layer 0's output, then runs the layers above it, each reading the dropped-out output below. */
  private Matrix upper(int steps, Rng[] rngs) {
    int rows = steps * batch;
    Matrix h = gatherOutput(0, steps);
    for (int k = 1; k < forward.length; k++) {
      Matrix in = dropouts[k - 1].forward(h, training, rngs);
      forward[k].forward(in, steps);
      if (bidirectional) {
        Matrix ir = reversedInputs[k].rows(0, rows);
        reverseRows(in, ir, steps);
        reverse[k].forward(ir, steps);
      }
      h = gatherOutput(k, steps);
    }
    return h;
  }

  /** outputs[k] row t*B+b = [fwd row t*B+b, rev row (len-1-t)*B+b] for t < len, zero after. */
  private Matrix gatherOutput(int k, int steps) {
    Matrix out = outputs[k].rows(0, steps * batch);
    Matrix fwd = forward[k].output();
    Matrix rev = bidirectional ? reverse[k].output() : null;
    FloatBuffer ob = out.buffer();
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        int len = lengths[b];
        int o = out.offset() + (t * batch + b) * width;
        if (t >= len) {
          zero(ob, o, width);
          continue;
        }
        ob.put(o, fwd.buffer(), fwd.offset() + (t * batch + b) * hidden, hidden);
        if (rev != null) {
          ob.put(o + hidden, rev.buffer(), rev.offset() + ((len - 1 - t) * batch + b) * hidden, hidden);
        }
      }
    }
    return out;
  }

  /** dst row t*B+b = src row (len-1-t)*B+b for t < len, zero after. */
  private void reverseRows(Matrix src, Matrix dst, int steps) {
    int cols = src.cols();
    FloatBuffer db = dst.buffer();
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        int len = lengths[b];
        int d = dst.offset() + (t * batch + b) * cols;
        if (t < len) {
          db.put(d, src.buffer(), src.offset() + ((len - 1 - t) * batch + b) * cols, cols);
        } else {
          zero(db, d, cols);
        }
      }
    }
  }

  /**
   * Where the caller writes dLoss/dOutput, [steps*B, W] for the last forward; rows at padded positions are
   * ignored (treated as zero).
   */
  public Matrix gradOutput() {
    if (lastSteps == 0) {
      throw new IllegalStateException("no forward yet");
    }
    return gradTop.rows(0, lastSteps * batch);
  }

  /**
   * Backward over the last forward: accumulates every parameter's gradient; returns dLoss/dx
   * [steps*B, I] (zero at padded rows), or null after forwardOneHot.
   */
  public Matrix backward() {
    int steps = lastSteps;
    Matrix g = gradOutput();
    for (int k = forward.length - 1; k >= 0; k--) {
      if (k < forward.length - 1) {
        dropouts[k].backwardInPlace(g, training);
      }
      scatterGradOutput(g, k, steps);
      forward[k].backward();
      if (bidirectional) {
        reverse[k].backward();
      }
      if (k == 0 && oneHot) {
        return null;
      }
      g = gatherGradInput(k, steps);
    }
    return g;
  }

  /** Splits g [T*B, W] into each direction's dLoss/dh, in that direction's time order; zero at padding. */
  private void scatterGradOutput(Matrix g, int k, int steps) {
    Matrix fwd = forward[k].gradOutput();
    Matrix rev = bidirectional ? reverse[k].gradOutput() : null;
    FloatBuffer gb = g.buffer();
    FloatBuffer fb = fwd.buffer();
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        int len = lengths[b];
        int f = fwd.offset() + (t * batch + b) * hidden;
        if (t >= len) {
          zero(fb, f, hidden);
          if (rev != null) {
            zero(rev.buffer(), rev.offset() + (t * batch + b) * hidden, hidden);
          }
          continue;
        }
        fb.put(f, gb, g.offset() + (t * batch + b) * width, hidden);
        if (rev != null) {
          // the reverse direction's step t saw the sequence's step len-1-t
          rev.buffer().put(rev.offset() + (t * batch + b) * hidden, gb,
              g.offset() + ((len - 1 - t) * batch + b) * width + hidden, hidden);
        }
      }
    }
  }

  /** dLoss/d(input of layer k) = the forward direction's plus the reverse one's put back in time order. */
  private Matrix gatherGradInput(int k, int steps) {
    Matrix out = gradInputs[k].rows(0, steps * batch);
    int cols = out.cols();
    Matrix fwd = forward[k].gradInput();
    Matrix rev = bidirectional ? reverse[k].gradInput() : null;
    FloatBuffer ob = out.buffer();
    FloatBuffer fb = fwd.buffer();
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        int len = lengths[b];
        int o = out.offset() + (t * batch + b) * cols;
        if (t >= len) {
          zero(ob, o, cols);
          continue;
        }
        ob.put(o, fb, fwd.offset() + (t * batch + b) * cols, cols);
        if (rev != null) {
          FloatBuffer rb = rev.buffer();
          int r = rev.offset() + ((len - 1 - t) * batch + b) * cols;
          for (int j = 0; j < cols; j++) {
            ob.put(o + j, ob.get(o + j) + rb.get(r + j));
          }
        }
      }
    }
    return out;
  }

  private static void zero(FloatBuffer buf, int offset, int count) {
    for (int j = 0; j < count; j++) {
      buf.put(offset + j, 0f);
    }
  }

  /** The layers, bottom first; for each layer the forward direction then (when bidirectional) the reverse one. */
  public List<RecurrentLayer> layers() {
    return all;
  }
}
