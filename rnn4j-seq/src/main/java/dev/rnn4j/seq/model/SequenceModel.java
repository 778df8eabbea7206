package dev.rnn4j.seq.model;

import dev.rnn4j.model.SequenceEncoder;
import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.WordVocabulary;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier or a tagger over a batch of sequences of different lengths (right-padded, masked):
 * <pre>
 *   x_t  = [word embedding of w_t ; charRNN(characters of w_t)]   (or a character's embedding)
 *   h    = dropout(encoder(dropout(x)))                          (stacked, optionally bidirectional layers)
 *   classifier: p(y | s)   = softmax(W pool(h) + b)               pool = last | mean | max over real steps
 *   tagger:     p(y_t | s) = softmax(W h_t + b)                   at every real step
 * </pre>
 * The loss is the mean cross-entropy per label in nats (a classifier's optionally weighted per class, as
 * PyTorch's {@code CrossEntropyLoss(weight=...)}: the weighted sum over the weights' sum). Padding changes
 * neither the loss nor any gradient: the encoder masks it, pooling skips it, the tagger ignores its rows.
 *
 * <p>Rows: a batch of n examples runs as {@link #rows()} rows (a high-water mark, so buffers are not rebuilt
 * per batch; rows past n are one-step dummies whose outputs nobody reads). Logits are {@code [rows, C]} for a
 * classifier (row b = example b) and {@code [steps*rows, C]} for a tagger (row {@code t*rows + b}).
 *
 * <p>Parameters: {@code char_embedding.weight}, {@code char_rnn.*} (words through characters),
 * {@code embedding.weight} (words, or characters for a character classifier), {@code rnn.*} and
 * {@code rnn.*_reverse} (PyTorch's names), {@code classifier.weight [C, W]}, {@code classifier.bias}.
 */
public final class SequenceModel {
  /** The padding id of both vocabularies. */
  public static final int PAD = 0;

  private final SeqConfig config;
  private final Parameters params;
  private final WordCharEncoder wordChars;
  private final Embedding embedding;
  private final Dropout inputDropout;
  private final SequenceEncoder encoder;
  private final Dropout outputDropout;
  private final SequencePooling pooling;
  private final Linear classifier;
  private final boolean overWords;

  private int rows;
  private int steps;
  private int[] lengths = new int[0];
  private int[] units = new int[0];
  private int[] targets = new int[0];
  private int[] wordIndex = new int[0];
  private int[][] distinct = new int[0][];
  private int distinctCount;
  private Matrix input;
  private int lastSteps;
  private boolean lastTraining;
  private final int[] one = new int[1];

  /** A new model with zero parameters; call {@link #initialize} before training. */
  public SequenceModel(SeqConfig config) {
    this(config, new Parameters(), true);
  }

  private SequenceModel(SeqConfig config, Parameters params, boolean allocate) {
    this.config = config;
    this.params = params;
    overWords = config.input().stepsOverWords(config.kind());
    wordChars = config.input().usesWordCharacters(config.kind())
        ? new WordCharEncoder(params, config.charVocab(), config.charEmbedding(), config.charHidden()) : null;
    if (!overWords) {
      embedding = new Embedding(params, config.charVocab(), config.charEmbedding());
    } else if (config.input().usesWordEmbedding()) {
      embedding = new Embedding(params, config.wordVocab(), config.wordEmbedding());
    } else {
      embedding = null;
    }
    inputDropout = new Dropout(config.dropout());
    encoder = new SequenceEncoder(params, config.cell(), config.inputWidth(), config.hidden(), config.layers(),
        config.bidirectional(), config.dropout());
    outputDropout = new Dropout(config.dropout());
    pooling = config.kind() == SeqKind.CLASSIFIER
        ? new SequencePooling(config.pooling(), config.outputWidth(), config.hidden()) : null;
    classifier = new Linear(params, "classifier", config.outputWidth(), config.classes());
    if (allocate) {
      params.allocate();
    }
  }

  /** The parameters of a model of {@code config}, declared but not allocated (to check a checkpoint's shapes). */
  public static Parameters declaredParameters(SeqConfig config) {
    return new SequenceModel(config, new Parameters(), false).params;
  }

  /**
   * Draws fresh parameters: Glorot-uniform input weights, orthogonal recurrent weights and a forget-gate
   * bias of 1 (Jozefowicz et al. 2015), PyTorch's nn.Linear draw for the classifier; character embeddings
   * N(0, 1), word embeddings N(0, s^2) with s the config's {@code wordInitScale}.
   */
  public void initialize(Rng rng) {
    if (wordChars != null) {
      wordChars.initialize(rng);
    }
    if (embedding != null) {
      Matrix e = embedding.weight().value();
      Initialization.XAVIER.fill(e, Initialization.Role.EMBEDDING, 1, config.hidden(), 1f, rng);
      if (overWords) {
        for (int i = 0; i < e.size(); i++) {
          e.set(i, e.get(i) * config.wordInitScale());
        }
      }
    }
    encoder.initialize(rng, Initialization.XAVIER, 1f, 1f);
    Initialization.XAVIER.fill(classifier.weight().value(), Initialization.Role.OUTPUT_WEIGHT, 1, config.hidden(), 1f, rng);
    Initialization.XAVIER.fill(classifier.bias().value(), Initialization.Role.OUTPUT_BIAS, 1, config.outputWidth(), 1f, rng);
  }

  public SeqConfig config() {
    return config;
  }

  public Parameters parameters() {
    return params;
  }

  /** Rows the last batch ran as (see the class comment). */
  public int rows() {
    return rows;
  }

  /**
   * Logits of a batch, without dropout (see the class comment for the rows). A view, valid until the next
   * call.
   */
  public Matrix logits(List<Example> batch) {
    return forward(batch, false, null);
  }

  /**
   * Forward and backward over a training batch: leaves in the parameters' gradients (accumulated) those of
   * the batch's mean loss, and returns that loss in nats per label.
   *
   * @param classWeights a classifier's weight per class, or null for all 1
   */
  public double trainStep(List<Example> batch, float[] classWeights, Rng dropoutRng) {
    Matrix logits = forward(batch, true, new Rng[] {dropoutRng});
    double loss = lossAndGradient(logits, batch.size(), classWeights, true);
    backward(logits);
    return loss;
  }

  /**
   * The summed loss in nats (unweighted) of the batch whose {@code logits} the last {@link #logits} call
   * returned, and the number of labels it covers in {@code count[0]}; leaves the logits as they are.
   */
  public double summedLoss(Matrix logits, List<Example> batch, int[] count) {
    count[0] = labels(batch);
    return lossAndGradient(logits, batch.size(), null, false) * count[0];
  }

  /** Labels a batch has: one per example for a classifier, one per word for a tagger. */
  private int labels(List<Example> batch) {
    if (config.kind() == SeqKind.CLASSIFIER) {
      return batch.size();
    }
    int n = 0;
    for (Example e : batch) {
      n += e.length();
    }
    return n;
  }

  private Matrix forward(List<Example> batch, boolean training, Rng[] rngs) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    layout(batch);
    int t = lastSteps;
    if (training && config.wordDropout() > 0 && overWords && embedding != null) {
      dropWords(t * rows, rngs[0]);
    }
    Matrix x;
    if (!overWords) {
      x = embedding.forward(units, t * rows);
    } else if (wordChars == null) {
      x = embedding.forward(units, t * rows);
    } else {
      x = input.rows(0, t * rows);
      x.zero();
      int off = 0;
      if (embedding != null) {
        copyColumns(embedding.forward(units, t * rows), x, 0);
        off = config.wordEmbedding();
      }
      Matrix f = wordChars.forward(distinct, distinctCount, training, rngs);
      gatherRows(f, x, off);
    }
    x = inputDropout.forward(x, training, rngs);
    Matrix h = encoder.forward(x, lengths, t, training, rngs);
    h = outputDropout.forward(h, training, rngs);
    lastTraining = training;
    if (pooling != null) {
      return classifier.forward(pooling.forward(h, lengths, t));
    }
    return classifier.forward(h);
  }

  private void backward(Matrix dLogits) {
    Matrix dh = classifier.backward(dLogits);
    if (pooling != null) {
      dh = pooling.backward(dh);
    }
    Matrix g = encoder.gradOutput();
    g.copyFrom(dh);
    outputDropout.backwardInPlace(g, lastTraining);
    Matrix dx = encoder.backward();
    inputDropout.backwardInPlace(dx, lastTraining);
    if (wordChars == null) {
      embedding.gradOutput().copyFrom(dx);
      embedding.backward();
      return;
    }
    int off = 0;
    if (embedding != null) {
      Matrix de = embedding.gradOutput();
      readColumns(dx, 0, de);
      embedding.backward();
      off = config.wordEmbedding();
    }
    scatterRows(dx, off, wordChars.gradFeatures());
    wordChars.backward();
  }

  /**
   * Mean loss per label (classifier: weighted by class); when {@code gradient}, {@code logits} is overwritten
   * by dLoss/dlogits of that mean.
   */
  private double lossAndGradient(Matrix logits, int count, float[] classWeights, boolean gradient) {
    if (pooling == null) {
      int tokens = 0;
      for (int b = 0; b < count; b++) {
        tokens += lengths[b];
      }
      return SoftmaxCrossEntropy.lossAndGradientIgnoring(logits, targets, 1f / tokens, gradient) / tokens;
    }
    double weightSum = 0;
    for (int b = 0; b < count; b++) {
      weightSum += classWeights == null ? 1 : classWeights[targets[b]];
    }
    double loss = 0;
    for (int b = 0; b < rows; b++) {
      Matrix row = logits.rows(b, 1);
      if (b >= count) {
        if (gradient) {
          row.zero();
        }
        continue;
      }
      double w = classWeights == null ? 1 : classWeights[targets[b]];
      one[0] = targets[b];
      loss += w * SoftmaxCrossEntropy.lossAndGradient(row, one, (float) (w / weightSum), gradient);
    }
    return loss / weightSum;
  }

  /** Replaces each real word id by {@code <UNK>}'s with probability {@code wordDropout} (padding stays PAD). */
  private void dropWords(int cells, Rng rng) {
    double p = config.wordDropout();
    for (int r = 0; r < cells; r++) {
      if (units[r] != PAD && rng.nextDouble() < p) {
        units[r] = WordVocabulary.UNK;
      }
    }
  }

  /** Lays out a batch: lengths, time-major ids, targets, and each word's row among the distinct words. */
  private void layout(List<Example> batch) {
    int n = batch.size();
    int t = 1;
    for (Example e : batch) {
      t = Math.max(t, e.length());
    }
    ensureCapacity(n, t);
    lastSteps = t;
    Arrays.fill(units, 0, t * rows, PAD);
    Arrays.fill(wordIndex, 0, t * rows, -1);
    boolean tagger = pooling == null;
    Arrays.fill(targets, 0, tagger ? t * rows : rows, SoftmaxCrossEntropy.IGNORE);
    Map<String, Integer> seen = wordChars != null ? new HashMap<>() : null;
    distinctCount = 0;
    for (int b = 0; b < rows; b++) {
      if (b >= n) {
        lengths[b] = 1;
        continue;
      }
      Example e = batch.get(b);
      lengths[b] = e.length();
      if (!tagger && e.label() >= 0) {
        targets[b] = e.label();
      }
      for (int s = 0; s < e.length(); s++) {
        int r = s * rows + b;
        units[r] = e.units()[s];
        if (tagger && e.tags() != null) {
          targets[r] = e.tags()[s];
        }
        if (seen != null) {
          int[] chars = e.wordChars()[s];
          Integer at = seen.putIfAbsent(Arrays.toString(chars), distinctCount);
          if (at == null) {
            if (distinctCount == distinct.length) {
              distinct = Arrays.copyOf(distinct, Math.max(64, 2 * distinct.length));
            }
            distinct[distinctCount] = chars;
            at = distinctCount++;
          }
          wordIndex[r] = at;
        }
      }
    }
  }

  private void ensureCapacity(int n, int t) {
    if (n <= rows && t <= steps) {
      return;
    }
    rows = Math.max(rows, n);
    steps = Math.max(steps, t);
    int cells = rows * steps;
    lengths = new int[rows];
    units = new int[cells];
    targets = new int[cells];
    wordIndex = new int[cells];
    if (embedding != null) {
      embedding.ensureCapacity(cells);
    }
    int in = config.inputWidth();
    if (wordChars != null) {
      input = Matrix.allocate(cells, in);
    }
    inputDropout.ensureCapacity(cells, in);
    encoder.ensureCapacity(rows, steps);
    outputDropout.ensureCapacity(cells, config.outputWidth());
    if (pooling != null) {
      pooling.ensureCapacity(rows, steps);
      classifier.ensureCapacity(rows);
    } else {
      classifier.ensureCapacity(cells);
    }
  }

  /** {@code dst[:, off .. off+src.cols)} = src. */
  private static void copyColumns(Matrix src, Matrix dst, int off) {
    FloatBuffer s = src.buffer();
    FloatBuffer d = dst.buffer();
    int w = src.cols();
    for (int r = 0; r < src.rows(); r++) {
      d.put(dst.offset() + r * dst.cols() + off, s, src.offset() + r * w, w);
    }
  }

  /** dst = src[:, off .. off+dst.cols). */
  private static void readColumns(Matrix src, int off, Matrix dst) {
    FloatBuffer s = src.buffer();
    FloatBuffer d = dst.buffer();
    int w = dst.cols();
    for (int r = 0; r < dst.rows(); r++) {
      d.put(dst.offset() + r * w, s, src.offset() + r * src.cols() + off, w);
    }
  }

  /** Row r of {@code x}, from column {@code off}, gets the features of its word (padding stays zero). */
  private void gatherRows(Matrix features, Matrix x, int off) {
    FloatBuffer f = features.buffer();
    FloatBuffer d = x.buffer();
    int w = features.cols();
    for (int r = 0; r < x.rows(); r++) {
      int i = wordIndex[r];
      if (i >= 0) {
        d.put(x.offset() + r * x.cols() + off, f, features.offset() + i * w, w);
      }
    }
  }

  /** The word features' gradient: each row's columns from {@code off} added into its word's row. */
  private void scatterRows(Matrix dx, int off, Matrix dFeatures) {
    FloatBuffer s = dx.buffer();
    FloatBuffer d = dFeatures.buffer();
    int w = dFeatures.cols();
    for (int r = 0; r < dx.rows(); r++) {
      int i = wordIndex[r];
      if (i < 0) {
        continue;
      }
      int so = dx.offset() + r * dx.cols() + off;
      int dOff = dFeatures.offset() + i * w;
      for (int j = 0; j < w; j++) {
        d.put(dOff + j, d.get(dOff + j) + s.get(so + j));
      }
    }
  }
}
