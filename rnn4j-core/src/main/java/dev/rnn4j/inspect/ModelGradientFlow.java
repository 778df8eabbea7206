package dev.rnn4j.inspect;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.text.TokenRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient flow through time in a trained language model, measured with the model's own layers.
 *
 * <p>B positions are spread evenly over a text; each is a stream that runs {@code burnIn} steps from a
 * zero state, then K more, recording every layer's state {@code s_j} (j = 0..K) after each. The loss is
 * the cross-entropy of the next character after the last step, {@code L = CE(decoder(h^top_K), x_next)}.
 * For each k = 1..K the whole stack is run forward over the last k inputs from the recorded states
 * {@code s_{K-k}} (exactly the values of the recorded run), the true gradient of L is put on the last
 * step's output of the top layer, and every layer's backward runs, each feeding {@code gradInput} to
 * the layer below; {@link RecurrentLayer#gradState()} is then {@code dL/ds^l_{K-k}}: the gradient that
 * reaches layer l's state k steps back, through its own recurrence and through the layers above it.
 * For an LSTM the state is {@code [h, c]} and the norm is that of both together.
 *
 * <p>Per k and layer the B norms are combined by their geometric mean. Dropout is off (as in
 * evaluation). The gradient is computed in float, as in training: a norm below ~1e-38 reads 0.
 *
 * <p>Clipping: global-norm clipping scales every parameter's gradient by one factor
 * {@code min(1, c / |dL/dtheta|)}; here {@code dL/dtheta} is the gradient of the B last-step losses,
 * averaged, back-propagated over all K steps, as one training window of that length would clip it.
 *
 * <p>Uses a twin of the model (its own buffers and state) and the model's gradient arena as scratch.
 */
public final class ModelGradientFlow {
  /** Steps run from a zero state before the measured window, so that the states are typical. */
  public static final int BURN_IN = 50;

  private final LanguageModel twin;
  private final Parameters params;
  private final List<RecurrentLayer> layers;
  private final Embedding embedding;
  private final Linear decoder;
  private final int steps;
  private final int batch;
  private final int[][] windowIds;
  private final int[] targets;
  /** states[j][layer][part]: every layer's state after the j-th recorded step, B x H each, as arrays. */
  private final float[][][][] states;
  /** The last step's logits of the last forward window, then their gradient. */
  private Matrix lastLogits;

  /**
   * The layers' curves (k = 1..K) and the clipping of the gradient that reaches the parameters.
   *
   * @param layers         one curve per layer, bottom first
   * @param gradientNorm   {@code |dL/dtheta|} of the mean last-step loss over all K steps, before clipping
   * @param clipFactor     {@code min(1, c / gradientNorm)}: what global-norm clipping multiplies it by
   * @param loss           mean last-step cross-entropy in nats
   */
  public record Result(List<GradientCurve> layers, double gradientNorm, double clipFactor, double loss) {
    public Result {
      layers = List.copyOf(layers);
    }

    /** The layers' curves as clipping leaves them. */
    public List<GradientCurve> clipped() {
      return layers.stream().map(c -> c.scaled(c.label() + ", clipped", clipFactor)).toList();
    }
  }

  /**
   * Records the states of {@code positions} streams over {@code text}, which must hold at least
   * {@code BURN_IN + steps + 1} tokens over the model's vocabulary.
   */
  public ModelGradientFlow(LanguageModel model, TokenRange text, int steps, int positions) {
    if (steps < 1 || positions < 1) {
      throw new IllegalArgumentException("steps and positions must be >= 1, got " + steps + ", " + positions);
    }
    int span = BURN_IN + steps + 1;
    if (text.length() < span) {
      throw new IllegalArgumentException("the text has " + text.length() + " characters; measuring " + steps
          + " steps back needs at least " + span);
    }
    ModelConfig config = model.config();
    if (text.vocabulary().size() != config.vocabSize()) {
      throw new IllegalArgumentException("the text's vocabulary has " + text.vocabulary().size()
          + " symbols, the model's " + config.vocabSize());
    }
    this.steps = steps;
    this.batch = positions;
    this.twin = model.twin();
    this.params = model.parameters();
    this.layers = twin.layers();
    // Declaring existing names over allocated parameters shares them (see Parameters#add).
    this.embedding = config.embedding() > 0
        ? new Embedding(params, config.vocabSize(), config.embedding()) : null;
    this.decoder = new Linear(params, "decoder", config.hiddenSize(), config.vocabSize());
    twin.ensureCapacity(batch, steps);
    if (embedding != null) {
      embedding.ensureCapacity(batch * steps);
    }
    decoder.ensureCapacity(batch);

    int[] offsets = new int[batch];
    for (int b = 0; b < batch; b++) {
      offsets[b] = batch == 1 ? 0 : (int) ((long) b * (text.length() - span) / (batch - 1));
    }
    windowIds = new int[steps][batch];
    targets = new int[batch];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < steps; j++) {
        windowIds[j][b] = text.token(offsets[b] + BURN_IN + j);
      }
      targets[b] = text.token(offsets[b] + BURN_IN + steps);
    }
    states = new float[steps + 1][][][];
    twin.resetState();
    int[] ids = new int[batch];
    for (int j = 0; j < BURN_IN + steps; j++) {
      if (j >= BURN_IN) {
        states[j - BURN_IN] = snapshot();
      }
      for (int b = 0; b < batch; b++) {
        ids[b] = text.token(offsets[b] + j);
      }
      twin.logits(ids, 1);
    }
    states[steps] = snapshot();
  }

  /** Measures k = 1..K; global-norm clipping at {@code clip}. */
  public Result measure(double clip) {
    if (!(clip > 0)) {
      throw new IllegalArgumentException("clipping threshold must be > 0, got " + clip);
    }
    double[][] logSums = new double[layers.size()][steps];
    double loss = 0;
    double gradientNorm = 0;
    for (int k = 1; k <= steps; k++) {
      if (k == steps) {
        params.zeroGrads();
      }
      startWindow(k);
      loss = forwardWindow(k);
      backwardWindow(k);
      for (int l = 0; l < layers.size(); l++) {
        Matrix[] grad = layers.get(l).gradState();
        for (int b = 0; b < batch; b++) {
          double sq = 0;
          for (Matrix part : grad) {
            sq += part.rows(b, 1).sumOfSquares();
          }
          logSums[l][k - 1] += 0.5 * Math.log(sq);
        }
      }
      if (k == steps) {
        gradientNorm = Math.sqrt(params.grads().sumOfSquares()) / batch;
      }
    }
    List<GradientCurve> curves = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      double[] v = new double[steps];
      for (int i = 0; i < steps; i++) {
        v[i] = Math.exp(logSums[l][i] / batch);
      }
      String state = layers.get(l).state().length == 2 ? "h, c" : "h";
      curves.add(new GradientCurve("layer " + (l + 1) + " (" + state + ")", 1, v));
    }
    double factor = gradientNorm > clip ? clip / gradientNorm : 1;
    return new Result(curves, gradientNorm, factor, loss / batch);
  }

  /** The twin's recurrent layers (their states and state gradients), for tests. */
  List<RecurrentLayer> layers() {
    return layers;
  }

  /** Sets every layer's state to the one recorded k steps before the last. */
  void startWindow(int k) {
    float[][][] s = states[steps - k];
    for (int l = 0; l < layers.size(); l++) {
      Matrix[] now = layers.get(l).state();
      for (int p = 0; p < now.length; p++) {
        now[p].copyFrom(s[l][p]);
      }
    }
  }

  /**
   * Runs the stack over the last k inputs from the current states; returns the summed last-step loss and
   * leaves its gradient at the decoder's output.
   */
  double forwardWindow(int k) {
    int rows = k * batch;
    int[] ids = new int[rows];
    for (int t = 0; t < k; t++) {
      System.arraycopy(windowIds[steps - k + t], 0, ids, t * batch, batch);
    }
    Matrix x = embedding != null ? embedding.forward(ids, rows) : null;
    for (RecurrentLayer layer : layers) {
      if (x == null) {
        layer.forwardOneHot(ids, k);
      } else {
        layer.forward(x, k);
      }
      x = layer.output();
    }
    lastLogits = decoder.forward(x.rows((k - 1) * batch, batch));
    return SoftmaxCrossEntropy.lossAndGradient(lastLogits, targets, 1f, true);
  }


  /** Back-propagates the last forward's loss through the decoder and every layer. */
  void backwardWindow(int k) {
    Matrix dh = decoder.backward(lastLogits);
    for (int l = layers.size() - 1; l >= 0; l--) {
      RecurrentLayer layer = layers.get(l);
      Matrix g = layer.gradOutput();
      if (l == layers.size() - 1) {
        g.zero();
        g.rows((k - 1) * batch, batch).copyFrom(dh);
      } else {
        g.copyFrom(layers.get(l + 1).gradInput());
      }
      layer.backward();
    }
  }

  private float[][][] snapshot() {
    float[][][] s = new float[layers.size()][][];
    for (int l = 0; l < layers.size(); l++) {
      Matrix[] parts = layers.get(l).state();
      s[l] = new float[parts.length][];
      for (int p = 0; p < parts.length; p++) {
        s[l][p] = parts[p].toArray();
      }
    }
    return s;
  }
}
