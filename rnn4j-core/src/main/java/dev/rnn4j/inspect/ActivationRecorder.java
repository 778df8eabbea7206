package dev.rnn4j.inspect;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Matrix;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model over a whole text in windows of W steps with the state carried, and hands every window to
 * a listener: the value of every unit after reading each character, the logits predicting the character
 * after it, and each gated layer's gate activations. Works on its own {@link LanguageModel#twin()}, so the
 * caller's model is untouched.
 *
 * <p>Streams: with S = 1 the text is read as one stream from a zero state, exactly as a sampler stepping
 * one character at a time would read it. With S > 1 the text is cut into S contiguous pieces read side by
 * side as a batch: one matrix product then serves S characters, several times faster. Each piece but the
 * first is read from a zero state starting {@value #WARM_UP} characters before it (those characters are
 * not reported), so that the state at the piece's first character has seen its recent context, as in a
 * serial read; only units that remember longer than that can differ from a serial read there.
 *
 * <p>Units, in column order: layer by layer, h_0..h_{H-1}, then for an LSTM tanh(c_0..c_{H-1}).
 *
 * <p>{@link #run} remembers each stream's state at the start of every window (as many floats as there are
 * units), so {@link #replay} can re-run any stretch as the full run saw it, without running the text
 * before it again and without keeping {@code N x units} values.
 */
public final class ActivationRecorder {
  /** Steps per window: long enough for BLAS to pay, short enough for small buffers. */
  public static final int DEFAULT_WINDOW = 256;
  /** Characters each piece but the first is read from before its start, with S > 1. */
  public static final int WARM_UP = 256;

  private final LanguageModel trained;
  private final List<UnitId> units;
  private final int window;
  private final int requestedStreams;
  private LanguageModel model;
  private LanguageModel single;
  private int streams;
  private int segment;
  private int length;
  private int[] chunk;
  private Matrix streamLogits;
  /** [window index][stream] state at the window's start. */
  private final List<float[][]> snapshots = new ArrayList<>();

  /** What a listener sees of one window of one stream. */
  public interface Listener {
    void window(Window w);
  }

  /**
   * One window of one stream, copied out of the model's buffers (so a listener may hand it to another
   * thread), except the logits.
   *
   * @param start  index in the text of the window's first character
   * @param steps  characters in the window
   * @param units  {@code [steps, U]} row-major: row t holds every unit after reading character start + t
   * @param logits {@code [steps, V]}: row t predicts character start + t + 1; only valid during the call
   * @param gates  per layer, the cell's {@link dev.rnn4j.nn.CellInspection#activations() activations}
   *               {@code [steps, blocks*H]} row-major (LSTM i | f | g | o, GRU r | z | h~, MUT z | r | c),
   *               or null for a cell that keeps none (vanilla RNN)
   */
  public record Window(int start, int steps, float[] units, Matrix logits, List<float[]> gates) {}

  /** A recorder reading the text as {@code streams} pieces side by side (1 = one serial stream). */
  public ActivationRecorder(LanguageModel trained, int window, int streams) {
    if (window < 1 || streams < 1) {
      throw new IllegalArgumentException("window and streams must be >= 1, got " + window + ", " + streams);
    }
    this.trained = trained;
    this.window = window;
    this.requestedStreams = streams;
    List<UnitId> all = new ArrayList<>();
    List<RecurrentLayer> layers = trained.layers();
    for (int l = 0; l < layers.size(); l++) {
      for (int j = 0; j < layers.get(l).hiddenSize(); j++) {
        all.add(new UnitId(l, UnitId.Kind.H, j));
      }
      if (layers.get(l).hasCellState()) {
        for (int j = 0; j < layers.get(l).hiddenSize(); j++) {
          all.add(new UnitId(l, UnitId.Kind.C, j));
        }
      }
    }
    this.units = List.copyOf(all);
    this.streamLogits = Matrix.allocate(window, trained.config().vocabSize());
  }

  /** Every unit, in column order. */
  public List<UnitId> units() {
    return units;
  }

  /** The column of a unit, or -1 when the model has no such unit. */
  public int column(UnitId unit) {
    int col = 0;
    List<RecurrentLayer> layers = trained.layers();
    for (int l = 0; l < layers.size(); l++) {
      int h = layers.get(l).hiddenSize();
      boolean cells = layers.get(l).hasCellState();
      if (l == unit.layer()) {
        if (unit.index() >= h || unit.kind() == UnitId.Kind.C && !cells) {
          return -1;
        }
        return col + (unit.kind() == UnitId.Kind.C ? h : 0) + unit.index();
      }
      col += cells ? 2 * h : h;
    }
    return -1;
  }

  /** Streams the last {@link #run} read side by side (fewer than requested for a short text). */
  int streamsUsed() {
    return streams;
  }

  /** Runs the whole text from zero states, remembering each stream's state at each window's start. */
  public void run(int[] ids, Listener listener) {
    length = ids.length;
    streams = Math.max(1, Math.min(requestedStreams, length / (2 * WARM_UP)));
    segment = (length + streams - 1) / streams;
    int warm = streams > 1 ? WARM_UP : 0;
    model = trained.twin();
    model.ensureCapacity(streams, window);
    chunk = new int[streams * window];
    snapshots.clear();
    for (int offset = 0; offset < segment + warm; offset += window) {
      int steps = Math.min(window, segment + warm - offset);
      float[][] saved = new float[streams][];
      for (int b = 0; b < streams; b++) {
        saved[b] = saveState(model, b);
        for (int t = 0; t < steps; t++) {
          int i = readStart(b) + offset + t;
          chunk[t * streams + b] = i < length ? ids[i] : 0; // the last piece may be shorter: padding
        }
      }
      snapshots.add(saved);
      Matrix logits = model.logits(chunk, steps);
      for (int b = 0; b < streams; b++) {
        report(model, logits, streams, b, b, readStart(b) + offset, steps, listener);
      }
    }
  }

  /** Where stream b starts reading: its piece's start, less the warm-up for all but the first. */
  private int readStart(int b) {
    return b == 0 ? 0 : b * segment - WARM_UP;
  }

  /**
   * Re-runs the windows that cover characters {@code [from, to)}, each from the state {@link #run} saw at
   * its start, one stream at a time; the listener gets the reported part of whole windows.
   */
  public void replay(int[] ids, int from, int to, Listener listener) {
    if (from < 0 || to > ids.length || from >= to) {
      throw new IllegalArgumentException("bad range [" + from + ", " + to + ") of " + ids.length);
    }
    if (model == null || ids.length != length) {
      throw new IllegalStateException("replay needs a run over the same text first");
    }
    if (single == null) {
      single = trained.twin();
      single.ensureCapacity(1, window);
    }
    int warm = streams > 1 ? WARM_UP : 0;
    int pos = from;
    while (pos < to) {
      int b = pos / segment;
      int k = (pos - readStart(b)) / window;
      int start = readStart(b) + k * window;
      int steps = Math.min(window, readStart(b) + segment + warm - start);
      restoreState(single, snapshots.get(k)[b]);
      int n = Math.min(steps, length - start);
      for (int t = 0; t < steps; t++) {
        chunk[t] = t < n ? ids[start + t] : 0;
      }
      Matrix logits = single.logits(chunk, steps);
      report(single, logits, 1, 0, b, start, steps, listener);
      pos = Math.min(start + steps, (b + 1) * segment);
    }
  }

  /**
   * Hands over the part of stream {@code stream}'s window (text positions {@code start..start+steps-1},
   * row {@code b} of a batch of {@code batch}) that lies in the stream's own piece and the text.
   */
  private void report(LanguageModel m, Matrix logits, int batch, int b, int stream, int start, int steps,
                      Listener listener) {
    int from = Math.max(start, stream * segment);
    int to = Math.min(Math.min(start + steps, (stream + 1) * segment), length);
    if (from < to) {
      listener.window(copy(m, logits, batch, b, from - start, from, to - from));
    }
  }

  /** Stream b's rows ((first + t) * batch + b, t < steps) of everything a window shows. */
  private Window copy(LanguageModel m, Matrix logits, int batch, int b, int first, int start, int steps) {
    int v = logits.cols();
    FloatBuffer lb = logits.buffer();
    FloatBuffer sl = streamLogits.buffer();
    for (int t = 0; t < steps; t++) {
      int src = logits.offset() + ((first + t) * batch + b) * v;
      int dst = streamLogits.offset() + t * v;
      for (int j = 0; j < v; j++) {
        sl.put(dst + j, lb.get(src + j));
      }
    }
    List<RecurrentLayer> layers = m.layers();
    List<float[]> gates = new ArrayList<>(layers.size());
    float[] values = new float[steps * units.size()];
    int col = 0;
    for (RecurrentLayer layer : layers) {
      int h = layer.hiddenSize();
      copyRows(layer.output(), batch, b, first, steps, values, units.size(), col, false);
      col += h;
      if (layer.hasCellState()) {
        copyRows(layer.cellStates(), batch, b, first, steps, values, units.size(), col, true);
        col += h;
      }
      Matrix g = layer.activations();
      float[] own = null;
      if (g != null) {
        own = new float[steps * g.cols()];
        copyRows(g, batch, b, first, steps, own, g.cols(), 0, false);
      }
      gates.add(own);
    }
    return new Window(start, steps, values, streamLogits.rows(0, steps), gates);
  }

  /** dst[t * stride + col + j] = src[(first + t) * batch + b, j] (or tanh of it), t < steps. */
  private static void copyRows(Matrix src, int batch, int b, int first, int steps, float[] dst, int stride,
                               int col, boolean tanh) {
    FloatBuffer sb = src.buffer();
    int w = src.cols();
    for (int t = 0; t < steps; t++) {
      int d = t * stride + col;
      sb.get(src.offset() + ((first + t) * batch + b) * w, dst, d, w);
      if (tanh) {
        Activations.tanh(dst, d, d + w);  // the array form, as the LSTM's own step computes tanh(c)
      }
    }
  }

  private static float[] saveState(LanguageModel m, int b) {
    List<Matrix> states = m.states();
    int n = states.stream().mapToInt(Matrix::cols).sum();
    float[] s = new float[n];
    int k = 0;
    for (Matrix st : states) {
      st.buffer().get(st.offset() + b * st.cols(), s, k, st.cols());
      k += st.cols();
    }
    return s;
  }

  private static void restoreState(LanguageModel m, float[] s) {
    int k = 0;
    for (Matrix st : m.states()) {
      st.buffer().put(st.offset(), s, k, st.cols());
      k += st.cols();
    }
  }
}
