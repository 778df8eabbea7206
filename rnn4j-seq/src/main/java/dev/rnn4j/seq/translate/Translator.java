package dev.rnn4j.seq.translate;

import dev.rnn4j.decode.Stepper;
import dev.rnn4j.model.SequenceEncoder;
import dev.rnn4j.nn.Attention;
import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Param;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Activations;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.WordVocabulary;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * An encoder-decoder that translates (Sutskever et al. 2014), with global attention (Bahdanau et al. 2015;
 * Luong et al. 2015). For a source x_1..x_S and a target y_1..y_n:
 * <pre>
 *   m_s   = encoder(dropout(E_src x))_s                 stacked, optionally bidirectional; D wide
 *   d_0   = tanh(W_b [fwd_S ; rev_1] + b_b)              every decoder layer starts from it (an LSTM's c from 0)
 *   h_t   = decoder(dropout(E_tgt y_{t-1}), h_{t-1})     y_0 = START; teacher forcing while training
 *   c_t   = sum_s softmax_s(score(h_t, m_s)) m_s         (attention; see {@link Attention})
 *   a_t   = tanh(W_c [c_t ; h_t] + b_c)                  Luong's attentional state; a_t = h_t without attention
 *   p(y_t | y_{<t}, x) = softmax(W_o dropout(a_t) + b_o) for t = 1 .. n+1, y_{n+1} = END
 * </pre>
 * The loss is the mean cross-entropy per target token (END included), in nats. Batches are right-padded
 * and masked: the encoder masks its padding, attention gives padded positions weight 0, the decoder's
 * padded steps come after every real one and their tokens are ignored by the loss, so a padded batch has
 * the loss and gradients of its sentences one by one.
 *
 * <p>Rows: a batch of n pairs runs as {@link #rows} rows (a high-water mark, so buffers are not rebuilt per
 * batch; rows past n are one-token dummies that add no loss). Rows are time-major, {@code t*rows + b}.
 *
 * <p>Parameters: {@code encoder.embedding.weight}, {@code encoder.rnn.*} (PyTorch's names, {@code _reverse}
 * for the second direction), {@code bridge.*}, {@code decoder.embedding.weight}, {@code decoder.rnn.*},
 * {@code attention.*}, {@code combine.*}, {@code generator.weight [V, H]}, {@code generator.bias}.
 */
public final class Translator {
  private final TranslationConfig config;
  private final Parameters params;
  private final Embedding sourceEmbedding;
  private final Dropout sourceDropout;
  private final SequenceEncoder encoder;
  private final SequencePooling summary;
  private final Linear bridge;
  private final Embedding targetEmbedding;
  private final Dropout targetDropout;
  private final SequenceEncoder decoder;
  private final Attention attention;
  private final Linear combine;
  private final Dropout outputDropout;
  private final Linear generator;

  private int rows;
  private int sourceCapacity;
  private int targetCapacity;
  private int[] sourceIds = new int[0];
  private int[] sourceLengths = new int[0];
  private int[] targetIn = new int[0];
  private int[] targetOut = new int[0];
  private int[] targetLengths = new int[0];
  private int[] identity = new int[0];
  private int sourceSteps;
  private int targetSteps;
  private int tokens;
  private boolean training;
  private Matrix start;
  private Matrix joined;
  private Matrix attentional;
  private Matrix gradStart;
  private Matrix contextGrad;

  /** A new model with zero parameters; call {@link #initialize} before training. */
  public Translator(TranslationConfig config) {
    this(config, new Parameters(), true);
  }

  private Translator(TranslationConfig config, Parameters params, boolean allocate) {
    this.config = config;
    this.params = params;
    int d = config.memoryWidth();
    int h = config.decoderHidden();
    sourceEmbedding = new Embedding(params, "encoder.embedding", config.sourceVocab(), config.embedding());
    sourceDropout = new Dropout(config.dropout());
    encoder = new SequenceEncoder(params.renamed(n -> "encoder." + n), config.cell(), config.embedding(),
        config.hidden(), config.encoderLayers(), config.bidirectional(), config.dropout());
    summary = new SequencePooling(SequencePooling.Kind.LAST, d, config.hidden());
    bridge = new Linear(params, "bridge", d, h);
    targetEmbedding = new Embedding(params, "decoder.embedding", config.targetVocab(), config.embedding());
    targetDropout = new Dropout(config.dropout());
    decoder = new SequenceEncoder(params.renamed(n -> "decoder." + n), config.cell(), config.embedding(), h,
        config.decoderLayers(), false, config.dropout());
    decoder.carryState(true);
    if (config.attends()) {
      attention = new Attention(params, "attention", config.attention(), h, d, config.attentionWidth());
      combine = new Linear(params, "combine", d + h, h);
    } else {
      attention = null;
      combine = null;
    }
    outputDropout = new Dropout(config.dropout());
    generator = new Linear(params, "generator", h, config.targetVocab());
    if (allocate) {
      params.allocate();
    }
  }

  /** The parameters of a model of {@code config}, declared but not allocated (to check a checkpoint's shapes). */
  public static Parameters declaredParameters(TranslationConfig config) {
    return new Translator(config, new Parameters(), false).params;
  }

  /**
   * Draws fresh parameters: embeddings uniform in [-0.1, 0.1] (OpenNMT's default), Glorot-uniform input
   * weights, orthogonal recurrent weights and a forget-gate bias of 1, PyTorch's nn.Linear draw for the
   * bridge, attention, combination and output layers.
   */
  public void initialize(Rng rng) {
    for (Embedding e : List.of(sourceEmbedding, targetEmbedding)) {
      Initialization.UNIFORM.fill(e.weight().value(), Initialization.Role.EMBEDDING, 1, 1, 0.1f, rng);
    }
    encoder.initialize(rng, Initialization.XAVIER, 1f, 1f);
    decoder.initialize(rng, Initialization.XAVIER, 1f, 1f);
    int h = config.decoderHidden();
    for (Linear l : combine == null ? List.of(bridge, generator) : List.of(bridge, combine, generator)) {
      Initialization.XAVIER.fill(l.weight().value(), Initialization.Role.OUTPUT_WEIGHT, 1, h, 1f, rng);
      Initialization.XAVIER.fill(l.bias().value(), Initialization.Role.OUTPUT_BIAS, 1, l.weight().cols(), 1f, rng);
    }
    if (attention != null) {
      for (Param p : attention.params()) {
        Initialization.XAVIER.fill(p.value(), p.name().endsWith("bias") ? Initialization.Role.OUTPUT_BIAS
            : Initialization.Role.OUTPUT_WEIGHT, 1, p.cols(), 1f, rng);
      }
    }
  }

  public TranslationConfig config() {
    return config;
  }

  public Parameters parameters() {
    return params;
  }

  /**
   * Forward and backward over a training batch: leaves in the parameters' gradients (accumulated) those of
   * the batch's mean loss per target token, and returns that loss in nats.
   */
  public double trainStep(List<SentencePair> batch, Rng dropoutRng) {
    Matrix logits = forward(batch, true, new Rng[] {dropoutRng});
    double loss = SoftmaxCrossEntropy.lossAndGradientIgnoring(logits, targetOut, 1f / tokens, true) / tokens;
    backward(logits);
    return loss;
  }

  /** The summed loss in nats of a batch (no dropout), and its target tokens in {@code count[0]}. */
  public double summedLoss(List<SentencePair> batch, int[] count) {
    Matrix logits = forward(batch, false, null);
    count[0] = tokens;
    return SoftmaxCrossEntropy.lossAndGradientIgnoring(logits, targetOut, 0f, false);
  }

  /**
   * The attention weights of one pair under teacher forcing, {@code [n+1][S]}: row t is what the decoder
   * read when it predicted target token t (END last). Null without attention.
   */
  public float[][] alignment(SentencePair pair) {
    if (attention == null) {
      return null;
    }
    forward(List.of(pair), false, null);
    Matrix w = attention.weightsOf(0);
    float[][] out = new float[pair.target().length + 1][pair.source().length];
    for (int t = 0; t < out.length; t++) {
      for (int s = 0; s < out[t].length; s++) {
        out[t][s] = w.get(t, s);
      }
    }
    return out;
  }

  private Matrix forward(List<SentencePair> batch, boolean training, Rng[] rngs) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    this.training = training;
    layout(batch);
    int s = sourceSteps;
    int t = targetSteps;
    encode(rows, s, training, rngs);
    startDecoder(rows, identity);
    Matrix x = targetDropout.forward(targetEmbedding.forward(targetIn, t * rows), training, rngs);
    Matrix h = decoder.forward(x, targetLengths, t, training, rngs);
    return output(h, rows, t, identity, training, rngs);
  }

  /** Runs the encoder over {@link #sourceIds} and computes the decoder's start {@code d_0} into {@link #start}. */
  private void encode(int n, int s, boolean training, Rng[] rngs) {
    Matrix x = sourceDropout.forward(sourceEmbedding.forward(sourceIds, s * n), training, rngs);
    Matrix memory = encoder.forward(x, sourceLengths, s, training, rngs);
    Matrix pre = bridge.forward(summary.forward(memory, sourceLengths, s));
    Matrix d0 = start.rows(0, n);
    for (int i = 0; i < pre.size(); i++) {
      d0.set(i, Activations.tanh(pre.get(i)));
    }
    if (attention != null) {
      attention.setMemory(memory, sourceLengths, n, s);
    }
  }

  /** Every decoder layer's state: row q = d_0 of source {@code memoryOf[q]} (an LSTM's cell state 0). */
  private void startDecoder(int streams, int[] memoryOf) {
    int h = config.decoderHidden();
    for (RecurrentLayer layer : decoder.layers()) {
      Matrix[] state = layer.state();
      for (int q = 0; q < streams; q++) {
        state[0].buffer().put(state[0].offset() + q * h, start.buffer(), start.offset() + memoryOf[q] * h, h);
      }
      for (int i = 1; i < state.length; i++) {
        state[i].zero();
      }
    }
  }

  /** From the decoder's states {@code h [t*streams, H]} to logits {@code [t*streams, V]} (attention reads the memory {@link #encode} set). */
  private Matrix output(Matrix h, int streams, int t, int[] memoryOf, boolean training, Rng[] rngs) {
    Matrix a = h;
    if (attention != null) {
      Matrix c = attention.forward(h, streams, t, memoryOf);
      int d = config.memoryWidth();
      int hw = config.decoderHidden();
      Matrix cat = joined.rows(0, t * streams);
      for (int r = 0; r < t * streams; r++) {
        cat.buffer().put(cat.offset() + r * (d + hw), c.buffer(), c.offset() + r * d, d);
        cat.buffer().put(cat.offset() + r * (d + hw) + d, h.buffer(), h.offset() + r * hw, hw);
      }
      Matrix pre = combine.forward(cat);
      a = attentional.rows(0, t * streams);
      for (int i = 0; i < pre.size(); i++) {
        a.set(i, Activations.tanh(pre.get(i)));
      }
    }
    return generator.forward(outputDropout.forward(a, training, rngs));
  }

  private void backward(Matrix dLogits) {
    int t = targetSteps;
    int n = t * rows;
    int hw = config.decoderHidden();
    Matrix da = generator.backward(dLogits);
    outputDropout.backwardInPlace(da, training);
    Matrix dh = decoder.gradOutput();
    if (attention == null) {
      dh.copyFrom(da);
    } else {
      Matrix a = attentional.rows(0, n);
      for (int i = 0; i < da.size(); i++) {
        float v = a.get(i);
        da.set(i, da.get(i) * (1f - v * v));
      }
      Matrix dcat = combine.backward(da);
      int d = config.memoryWidth();
      Matrix dc = gradContext(dcat, n, d, hw);
      Matrix dq = attention.backward(dc);
      FloatBuffer out = dh.buffer();
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < hw; j++) {
          out.put(dh.offset() + r * hw + j, dcat.get(r * (d + hw) + d + j) + dq.get(r * hw + j));
        }
      }
    }
    Matrix dx = decoder.backward();
    targetDropout.backwardInPlace(dx, training);
    targetEmbedding.gradOutput().rows(0, n).copyFrom(dx);
    targetEmbedding.backward();
    // the decoder's start: every layer's initial h, through tanh and the bridge, into the encoder's summary
    Matrix ds = gradStart.rows(0, rows);
    ds.zero();
    for (RecurrentLayer layer : decoder.layers()) {
      ds.addScaled(1f, layer.gradState()[0]);
    }
    Matrix d0 = start.rows(0, rows);
    for (int i = 0; i < ds.size(); i++) {
      float v = d0.get(i);
      ds.set(i, ds.get(i) * (1f - v * v));
    }
    Matrix dMemory = encoder.gradOutput();
    dMemory.copyFrom(summary.backward(bridge.backward(ds)));
    if (attention != null) {
      dMemory.addScaled(1f, attention.gradMemory());
    }
    Matrix dxs = encoder.backward();
    sourceDropout.backwardInPlace(dxs, training);
    sourceEmbedding.gradOutput().rows(0, sourceSteps * rows).copyFrom(dxs);
    sourceEmbedding.backward();
  }

  /** The context's columns of dcat, {@code [n, D]}, as a contiguous copy (attention reads whole rows). */
  private Matrix gradContext(Matrix dcat, int n, int d, int hw) {
    Matrix dc = contextGrad.rows(0, n);
    for (int r = 0; r < n; r++) {
      dc.buffer().put(dc.offset() + r * d, dcat.buffer(), dcat.offset() + r * (d + hw), d);
    }
    return dc;
  }

  /** Lays out a batch: lengths, time-major ids of the source, the decoder's input and its targets. */
  private void layout(List<SentencePair> batch) {
    int n = batch.size();
    int s = 1;
    int t = 1;
    for (SentencePair p : batch) {
      s = Math.max(s, p.source().length);
      t = Math.max(t, p.target().length + 1);
    }
    ensureCapacity(n, s, t);
    sourceSteps = s;
    targetSteps = t;
    Arrays.fill(sourceIds, 0, s * rows, WordVocabulary.PAD);
    Arrays.fill(targetIn, 0, t * rows, WordVocabulary.PAD);
    Arrays.fill(targetOut, 0, t * rows, SoftmaxCrossEntropy.IGNORE);
    tokens = 0;
    for (int b = 0; b < rows; b++) {
      if (b >= n) {
        sourceLengths[b] = 1;
        targetLengths[b] = 1;
        continue;
      }
      SentencePair p = batch.get(b);
      int[] src = p.source();
      int[] tgt = p.target();
      if (src.length == 0) {
        throw new IllegalArgumentException("empty source sentence in batch row " + b);
      }
      sourceLengths[b] = src.length;
      for (int i = 0; i < src.length; i++) {
        sourceIds[i * rows + b] = src[i];
      }
      targetLengths[b] = tgt.length + 1;
      targetIn[b] = WordVocabulary.START;
      for (int i = 0; i < tgt.length; i++) {
        targetIn[(i + 1) * rows + b] = tgt[i];
        targetOut[i * rows + b] = tgt[i];
      }
      targetOut[tgt.length * rows + b] = WordVocabulary.END;
      tokens += tgt.length + 1;
    }
  }

  private void ensureCapacity(int n, int s, int t) {
    if (n <= rows && s <= sourceCapacity && t <= targetCapacity) {
      return;
    }
    rows = Math.max(rows, n);
    sourceCapacity = Math.max(sourceCapacity, s);
    targetCapacity = Math.max(targetCapacity, t);
    allocate(rows, sourceCapacity, rows, targetCapacity);
    int cells = Math.max(rows * targetCapacity, 1);
    sourceIds = new int[rows * sourceCapacity];
    sourceLengths = new int[rows];
    targetIn = new int[cells];
    targetOut = new int[cells];
    targetLengths = new int[rows];
    identity = new int[rows];
    for (int b = 0; b < rows; b++) {
      identity[b] = b;
    }
  }

  /** Buffers for {@code sources} sources of up to {@code s} tokens and {@code streams} decoder streams of {@code t} steps. */
  private void allocate(int sources, int s, int streams, int t) {
    int d = config.memoryWidth();
    int h = config.decoderHidden();
    int e = config.embedding();
    sourceEmbedding.ensureCapacity(sources * s);
    sourceDropout.ensureCapacity(sources * s, e);
    encoder.ensureCapacity(sources, s);
    summary.ensureCapacity(sources, s);
    bridge.ensureCapacity(sources);
    if (start == null || start.rows() < sources) {
      start = Matrix.allocate(sources, h);
      gradStart = Matrix.allocate(sources, h);
    }
    int cells = streams * t;
    targetEmbedding.ensureCapacity(cells);
    targetDropout.ensureCapacity(cells, e);
    decoder.ensureCapacity(streams, t);
    if (attention != null) {
      combine.ensureCapacity(cells);
      if (joined == null || joined.rows() < cells) {
        joined = Matrix.allocate(cells, d + h);
        attentional = Matrix.allocate(cells, h);
        contextGrad = Matrix.allocate(cells, d);
      }
    }
    outputDropout.ensureCapacity(cells, h);
    generator.ensureCapacity(cells);
  }

  /**
   * A decoder run one token at a time over {@code streams} hypotheses, for greedy decoding, beam search and
   * sampling: {@link TranslationStepper#begin} starts it on sources. It shares this model's buffers: training
   * and stepping do not interleave.
   */
  public TranslationStepper stepper(int streams) {
    return new TranslationStepper(streams);
  }

  /** Runs the decoder one step at a time; stream q translates source {@code memoryOf[q]}. */
  public final class TranslationStepper implements Stepper {
    private final int streams;
    private final int[] ones;
    private int[] memoryOf;
    private float[][] saved;

    private TranslationStepper(int streams) {
      if (streams < 1) {
        throw new IllegalArgumentException("streams must be >= 1, got " + streams);
      }
      this.streams = streams;
      this.ones = new int[streams];
      Arrays.fill(ones, 1);
    }

    /** Starts every stream on the one source {@code source} (beam search: k hypotheses of one sentence). */
    public void begin(int[] source) {
      begin(List.of(source), new int[streams]);
    }

    /** Encodes {@code sources} (one batch) and starts stream q on source {@code memoryOf[q]}. */
    public void begin(List<int[]> sources, int[] memoryOf) {
      if (memoryOf.length != streams) {
        throw new IllegalArgumentException("need " + streams + " sources for the streams, got " + memoryOf.length);
      }
      int n = sources.size();
      int s = 1;
      for (int[] src : sources) {
        if (src.length == 0) {
          throw new IllegalArgumentException("empty source sentence");
        }
        s = Math.max(s, src.length);
      }
      if (sourceIds.length < n * s || sourceLengths.length != n) {
        sourceIds = new int[n * s];
        sourceLengths = new int[n];
      }
      Arrays.fill(sourceIds, 0, n * s, WordVocabulary.PAD);
      for (int b = 0; b < n; b++) {
        int[] src = sources.get(b);
        sourceLengths[b] = src.length;
        for (int i = 0; i < src.length; i++) {
          sourceIds[i * n + b] = src[i];
        }
      }
      rows = 0; // the next training batch lays its buffers out again
      sourceCapacity = 0;
      targetCapacity = 0;
      allocate(n, s, streams, 1);
      training = false;
      encode(n, s, false, null);
      this.memoryOf = memoryOf.clone();
      startDecoder(streams, this.memoryOf);
      sourceSteps = s;
    }

    @Override
    public int streams() {
      return streams;
    }

    @Override
    public int vocabSize() {
      return config.targetVocab();
    }

    /** The next token's logits after feeding {@code ids[q]} to stream q, {@code [streams, V]}. */
    @Override
    public Matrix step(int[] ids) {
      if (memoryOf == null) {
        throw new IllegalStateException("call begin first");
      }
      Matrix x = targetEmbedding.forward(ids, streams);
      Matrix h = decoder.forward(x, ones, 1, false, null);
      return output(h, streams, 1, memoryOf, false, null);
    }

    /** Attention weights of stream q at the last step, over its source's tokens. */
    public float[] weights(int q) {
      Matrix w = attention.weightsOf(q);
      float[] out = new float[sourceLengthOf(memoryOf[q])];
      for (int s = 0; s < out.length; s++) {
        out[s] = w.get(0, s);
      }
      return out;
    }

    private int sourceLengthOf(int m) {
      return sourceLengths[m];
    }

    @Override
    public void reorder(int[] parents) {
      if (parents.length != streams) {
        throw new IllegalArgumentException("need " + streams + " parents, got " + parents.length);
      }
      int h = config.decoderHidden();
      for (RecurrentLayer layer : decoder.layers()) {
        for (Matrix m : layer.state()) {
          float[] copy = m.toArray();
          for (int k = 0; k < streams; k++) {
            m.buffer().put(m.offset() + k * h, copy, parents[k] * h, h);
          }
        }
      }
      int[] old = memoryOf.clone();
      for (int k = 0; k < streams; k++) {
        memoryOf[k] = old[parents[k]];
      }
    }
  }
}
