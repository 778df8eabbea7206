package dev.rnn4j.caption.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.decode.Decoded;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.decode.SequenceDecoder;
import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Captions written through the stepper by the core's {@link SequenceDecoder}, against the training forward
 * and against a hand-built model whose probabilities are known: a bigram table written into a vanilla RNN
 * (identity embedding, {@code h = tanh(5 e_prev)}, decoder rows = log-probabilities), words PAD 0, START 1,
 * END 2, A 3, B 4, C 5. The decoding algorithm itself is tested in the core against a fake stepper.
 */
class CaptionStepperTest {
  static final int A = 3;
  static final int B = 4;
  static final int C = 5;

  /**
   * Greedy is myopic here: after START it takes A (0.6 against B's 0.4), then B (0.36), then END (0.95):
   * 0.205 in all, while START B END has 0.4 * 0.95 = 0.38.
   */
  static final double[][] MYOPIC = {
      {1, 1, 1, 1, 1, 1}, // after PAD (never used)
      {0, 0, 1e-6, 0.6, 0.4, 1e-6}, // after START
      {1, 1, 1, 1, 1, 1}, // after END (never used)
      {0, 0, 0.3, 1e-6, 0.36, 0.34}, // after A
      {0, 0, 0.95, 0.02, 0.01, 0.02}, // after B
      {0, 0, 0.9, 0.05, 0.03, 0.02}, // after C
  };

  static CaptionModel bigram(double[][] p) {
    int v = p.length;
    CaptionModel m = new CaptionModel(CaptionConfig.builder(1, v).cell(CellType.RNN).hidden(v).embedding(v).build());
    Parameters params = m.parameters();
    Matrix emb = params.get("embedding.weight").value();
    Matrix wih = params.get("rnn.weight_ih_l0").value();
    Matrix dec = params.get("decoder.weight").value();
    double hot = Math.tanh(5);
    for (int i = 0; i < v; i++) {
      emb.set(i, i, 1f);
      wih.set(i, i, 5f);
      double sum = 0;
      for (double q : p[i]) {
        sum += q;
      }
      for (int j = 0; j < v; j++) {
        double q = p[i][j] / sum;
        dec.set(j, i, (float) ((q > 0 ? Math.log(q) : -40) / hot));
      }
    }
    return m;
  }

  static double probability(double[][] p, int... words) {
    double total = 1;
    int prev = CaptionModel.START;
    for (int w : words) {
      total *= p[prev][w];
      prev = w;
    }
    return total * p[prev][CaptionModel.END];
  }

  static final float[] IMAGE = {0.5f};

  /** A caption for {@code image}: begin the stepper on it, then decode. */
  static Decoded decode(CaptionModel m, DecodingOptions o, float[] image, Rng rng) {
    CaptionStepper stepper = m.stepper(o.beam());
    stepper.begin(image);
    return new SequenceDecoder(stepper, o).decode(rng);
  }

  @Test
  void beamSearchFindsTheLikelierCaptionWhereGreedyIsMyopic() {
    CaptionModel m = bigram(MYOPIC);
    Decoded greedy = decode(m, DecodingOptions.greedy(10), IMAGE, null);
    Decoded beam = decode(m, DecodingOptions.beam(2, 10), IMAGE, null);
    assertArrayEquals(new int[] {A, B}, greedy.words());
    assertArrayEquals(new int[] {B}, beam.words());
    assertTrue(greedy.ended() && beam.ended());
    assertEquals(Math.log(probability(MYOPIC, A, B)), greedy.logProbability(), 1e-3);
    assertEquals(Math.log(probability(MYOPIC, B)), beam.logProbability(), 1e-3);
    assertTrue(beam.logProbability() > greedy.logProbability() + 0.5);
    // the decoder's log-probability is the training forward's: minus the teacher-forced loss
    for (Decoded d : new Decoded[] {greedy, beam}) {
      double loss = m.loss(CaptionBatch.of(new int[][] {d.words()}, new float[][] {IMAGE}));
      assertEquals(-loss, d.logProbability(), 1e-5);
    }
  }

  @ParameterizedTest
  @EnumSource(ImageInjection.class)
  void beamOfOneIsGreedy(ImageInjection injection) {
    for (CellType cell : new CellType[] {CellType.RNN, CellType.LSTM, CellType.GRU}) {
      CaptionModel m = randomModel(cell, injection, 11);
      CaptionStepper stepper = m.stepper(1);
      SequenceDecoder greedy = new SequenceDecoder(stepper, DecodingOptions.greedy(12));
      SequenceDecoder beam = new SequenceDecoder(stepper, DecodingOptions.beam(1, 12));
      Rng rng = new Rng(12);
      Matrix endBias = m.parameters().get("decoder.bias").value();
      int ended = 0;
      for (int i = 0; i < 8; i++) {
        // END more and more likely, so that some captions end before the length limit and some do not
        endBias.set(CaptionModel.END, 0.3f * i - 0.5f);
        float[] image = randomImage(rng);
        stepper.begin(image);
        Decoded g = greedy.decode(null);
        stepper.begin(image);
        Decoded b = beam.decode(null);
        assertArrayEquals(g.words(), b.words(), cell + " image " + i);
        assertEquals(g.logProbability(), b.logProbability(), 1e-9);
        assertEquals(g.ended(), b.ended());
        ended += g.ended() ? 1 : 0;
      }
      assertTrue(ended > 0 && ended < 8, "captions ending before the limit and captions stopped by it are both needed"
          + " for this check to mean anything; " + ended + " of 8 ended");
    }
  }

  /**
   * The stepper fed START, w_1, ... gives, step by step, the probabilities of the teacher-forced training
   * forward for the same caption inside a padded batch.
   */
  @ParameterizedTest
  @EnumSource(ImageInjection.class)
  void stepByStepProbabilitiesMatchTheTrainingForward(ImageInjection injection) {
    CaptionModel m = randomModel(CellType.LSTM, injection, 21);
    Rng rng = new Rng(22);
    float[][] images = {randomImage(rng), randomImage(rng)};
    int[][] captions = {{3, 5}, {6, 4, 4, 5}};
    Matrix logits = m.logits(CaptionBatch.of(captions, images));
    float[] want = logits.toArray();
    int v = m.config().vocabSize();
    CaptionStepper stepper = m.stepper(1);
    for (int b = 0; b < 2; b++) {
      stepper.begin(images[b]);
      int prev = CaptionModel.START;
      for (int t = 0; t <= captions[b].length; t++) {
        double[] got = softmax(stepper.step(new int[] {prev}).toArray());
        double[] ref = softmax(java.util.Arrays.copyOfRange(want, (t * 2 + b) * v, (t * 2 + b + 1) * v));
        for (int w = 0; w < v; w++) {
          assertEquals(ref[w], got[w], 1e-6, "caption " + b + " step " + t + " word " + w);
        }
        prev = t < captions[b].length ? captions[b][t] : prev;
      }
    }
  }

  /**
   * The decoder's beam search (which ranks only each beam's k likeliest words and END) against a plain
   * one written from the definition: every word of every live prefix ranked, each prefix rescored from
   * scratch through a fresh stepper. Random models with 9 writable words, beams 2 and 3.
   */
  @Test
  void beamSearchEqualsAPlainBeamSearchOverAllWords() {
    for (int k = 2; k <= 3; k++) {
      for (long seed = 30; seed < 34; seed++) {
        CaptionModel m = randomModel(CellType.GRU, ImageInjection.EVERY_STEP, seed, 12);
        m.parameters().get("decoder.bias").value().set(CaptionModel.END, 1.5f);
        float[] image = randomImage(new Rng(seed));
        Decoded fast = decode(m, DecodingOptions.beam(k, 6), image, null);
        Object[] plain = plainBeam(m, image, k, 6);
        assertArrayEquals((int[]) plain[0], fast.words(), "beam " + k + " seed " + seed);
        // 1 and k streams take different BLAS paths (gemv, gemm): float logits differ in the last bits
        assertEquals((double) plain[1], fast.logProbability(), 1e-6);
      }
    }
  }

  /** {words, log-probability}: beam search by the book, with the same stopping rule. */
  private static Object[] plainBeam(CaptionModel m, float[] image, int k, int max) {
    int v = m.config().vocabSize();
    List<int[]> live = new ArrayList<>(List.of(new int[0]));
    List<Double> liveScore = new ArrayList<>(List.of(0.0));
    int[] bestWords = null;
    double best = Double.NEGATIVE_INFINITY;
    while (!live.isEmpty()) {
      List<double[]> cands = new ArrayList<>(); // {score, parent, word}
      for (int i = 0; i < live.size(); i++) {
        double[] lp = logSoftmaxAfter(m, image, live.get(i));
        for (int w = CaptionModel.END; w < v; w++) {
          cands.add(new double[] {liveScore.get(i) + lp[w], i, w});
        }
      }
      cands.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : a[1] != b[1] ? Double.compare(a[1], b[1])
          : Double.compare(a[2], b[2]));
      List<int[]> next = new ArrayList<>();
      List<Double> nextScore = new ArrayList<>();
      int survivors = 0;
      for (double[] c : cands) {
        int[] parent = live.get((int) c[1]);
        if ((int) c[2] == CaptionModel.END) {
          if (c[0] > best) {
            best = c[0];
            bestWords = parent;
          }
          continue;
        }
        int[] words = java.util.Arrays.copyOf(parent, parent.length + 1);
        words[parent.length] = (int) c[2];
        if (words.length >= max) {
          if (c[0] > best) {
            best = c[0];
            bestWords = words;
          }
        } else {
          next.add(words);
          nextScore.add(c[0]);
        }
        if (++survivors == k) {
          break;
        }
      }
      live = next;
      liveScore = nextScore;
      if (!live.isEmpty() && bestWords != null && best >= liveScore.get(0)) {
        break;
      }
    }
    return new Object[] {bestWords, best};
  }

  private static double[] logSoftmaxAfter(CaptionModel m, float[] image, int[] prefix) {
    CaptionStepper s = m.stepper(1);
    s.begin(image);
    float[] z = s.step(new int[] {CaptionModel.START}).toArray();
    for (int w : prefix) {
      z = s.step(new int[] {w}).toArray();
    }
    double[] p = softmax(z);
    double[] lp = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      lp[i] = Math.log(p[i]);
    }
    return lp;
  }

  @Test
  void stepperRefusesMisuse() {
    CaptionStepper stepper = bigram(MYOPIC).stepper(2);
    assertThrows(IllegalStateException.class, () -> stepper.step(new int[] {CaptionModel.START, CaptionModel.START}));
    assertThrows(IllegalArgumentException.class, () -> stepper.begin(new float[2]));
    stepper.begin(IMAGE);
    assertThrows(IllegalArgumentException.class, () -> stepper.step(new int[] {CaptionModel.START}));
    assertThrows(IllegalArgumentException.class, () -> stepper.reorder(new int[] {0}));
    assertThrows(IllegalArgumentException.class, () -> new SequenceDecoder(stepper, DecodingOptions.beam(3, 5)));
  }

  static double[] softmax(float[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (float x : z) {
      max = Math.max(max, x);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  static CaptionModel randomModel(CellType cell, ImageInjection injection, long seed) {
    return randomModel(cell, injection, seed, 8);
  }

  static CaptionModel randomModel(CellType cell, ImageInjection injection, long seed, int vocab) {
    CaptionModel m = new CaptionModel(CaptionConfig.builder(3, vocab).cell(cell).layers(2).hidden(6).embedding(5)
        .injection(injection).dropout(0.2f).build());
    Rng rng = new Rng(seed);
    Matrix v = m.parameters().values();
    for (int i = 0; i < v.size(); i++) {
      v.set(i, (float) ((rng.nextDouble() - 0.5) * 1.6));
    }
    return m;
  }

  static float[] randomImage(Rng rng) {
    return new float[] {(float) rng.nextGaussian(), (float) rng.nextGaussian(), (float) rng.nextGaussian()};
  }
}
