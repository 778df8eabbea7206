package dev.rnn4j.caption.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.model.CaptionBatch;
import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.CaptionStepper;
import dev.rnn4j.caption.model.ImageInjection;
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
 * Decoding against the training forward and against a hand-built model whose probabilities are known:
 * a bigram table written into a vanilla RNN (identity embedding, {@code h = tanh(5 e_prev)}, decoder rows
 * = log-probabilities), words PAD 0, START 1, END 2, A 3, B 4, C 5.
 */
class CaptionDecoderTest {
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

  /** Never ends: every word is followed by A. */
  static final double[][] ENDLESS = {
      {1, 1, 1, 1, 1, 1}, {0, 0, 1e-9, 0.5, 0.3, 0.2}, {1, 1, 1, 1, 1, 1},
      {0, 0, 1e-9, 0.9, 0.05, 0.05}, {0, 0, 1e-9, 0.9, 0.05, 0.05}, {0, 0, 1e-9, 0.9, 0.05, 0.05}};

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

  @Test
  void beamSearchFindsTheLikelierCaptionWhereGreedyIsMyopic() {
    CaptionModel m = bigram(MYOPIC);
    Decoded greedy = new CaptionDecoder(m, DecodingOptions.greedy(10)).decode(IMAGE, null);
    Decoded beam = new CaptionDecoder(m, DecodingOptions.beam(2, 10)).decode(IMAGE, null);
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
      CaptionDecoder greedy = new CaptionDecoder(m, DecodingOptions.greedy(12));
      CaptionDecoder beam = new CaptionDecoder(m, DecodingOptions.beam(1, 12));
      Rng rng = new Rng(12);
      Matrix endBias = m.parameters().get("decoder.bias").value();
      int ended = 0;
      for (int i = 0; i < 8; i++) {
        // END more and more likely, so that some captions end before the length limit and some do not
        endBias.set(CaptionModel.END, 0.3f * i - 0.5f);
        float[] image = randomImage(rng);
        Decoded g = greedy.decode(image, null);
        Decoded b = beam.decode(image, null);
        assertArrayEquals(g.words(), b.words(), cell + " image " + i);
        assertEquals(g.logProbability(), b.logProbability(), 1e-9);
        assertEquals(g.ended(), b.ended());
        ended += g.ended() ? 1 : 0;
      }
      assertTrue(ended > 0 && ended < 8, "captions ending before the limit and captions stopped by it are both needed"
          + " for this check to mean anything; " + ended + " of 8 ended");
    }
  }

  /** Beam search (total log-probability) against every caption of up to 5 words, on the bigram model. */
  @Test
  void wideBeamFindsTheMostLikelyCaptionByExhaustiveSearch() {
    CaptionModel m = bigram(MYOPIC);
    int max = 5;
    double[] best = {Double.NEGATIVE_INFINITY};
    enumerate(new int[0], max, best);
    Decoded d = new CaptionDecoder(m, DecodingOptions.beam(3, max)).decode(IMAGE, null);
    assertEquals(best[0], d.logProbability(), 1e-3);
  }

  private static void enumerate(int[] prefix, int max, double[] best) {
    best[0] = Math.max(best[0], Math.log(probability(MYOPIC, prefix)));
    if (prefix.length == max) {
      return;
    }
    for (int w = A; w <= C; w++) {
      int[] next = java.util.Arrays.copyOf(prefix, prefix.length + 1);
      next[prefix.length] = w;
      enumerate(next, max, best);
    }
  }

  @Test
  void lengthLimitIsRespectedByEveryStrategy() {
    CaptionModel m = bigram(ENDLESS);
    Rng rng = new Rng(3);
    for (DecodingOptions o : new DecodingOptions[] {DecodingOptions.greedy(4), DecodingOptions.beam(3, 4),
        new DecodingOptions(3, true, 0f, 4), DecodingOptions.sample(1f, 4), DecodingOptions.sample(3f, 4)}) {
      Decoded d = new CaptionDecoder(m, o).decode(IMAGE, rng);
      assertEquals(4, d.words().length, o.toString());
      assertFalse(d.ended(), o.toString());
    }
    Decoded g = new CaptionDecoder(m, DecodingOptions.greedy(4)).decode(IMAGE, null);
    assertArrayEquals(new int[] {A, A, A, A}, g.words());
    assertEquals(Math.log(0.5 * 0.9 * 0.9 * 0.9), g.logProbability(), 1e-3, "no END term at the limit");
  }

  @Test
  void samplingIsSeededAndFollowsTheModelsProbabilities() {
    CaptionModel m = bigram(MYOPIC);
    CaptionDecoder sampler = new CaptionDecoder(m, DecodingOptions.sample(1f, 10));
    Rng a = new Rng(5);
    Rng b = new Rng(5);
    int firstIsA = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      Decoded x = sampler.decode(IMAGE, a);
      Decoded y = sampler.decode(IMAGE, b);
      assertArrayEquals(x.words(), y.words(), "same seed, same caption");
      assertTrue(x.words().length > 0, "END after START has probability 1e-6");
      firstIsA += x.words()[0] == A ? 1 : 0;
    }
    // P(A first) = 0.6; 4000 draws have a standard deviation of 0.0077
    assertEquals(0.6, firstIsA / (double) n, 0.03);
    // a very low temperature is greedy
    Decoded cold = new CaptionDecoder(m, DecodingOptions.sample(1e-3f, 10)).decode(IMAGE, new Rng(1));
    assertArrayEquals(new int[] {A, B}, cold.words());
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
        Decoded fast = new CaptionDecoder(m, DecodingOptions.beam(k, 6)).decode(image, null);
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
  void optionsRefuseNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new DecodingOptions(0, false, 0f, 5));
    assertThrows(IllegalArgumentException.class, () -> new DecodingOptions(3, false, 1f, 5));
    assertThrows(IllegalArgumentException.class, () -> DecodingOptions.greedy(0));
    assertThrows(IllegalArgumentException.class, () -> DecodingOptions.sample(0f, 5));
    CaptionDecoder d = new CaptionDecoder(bigram(MYOPIC), DecodingOptions.sample(1f, 5));
    assertThrows(IllegalArgumentException.class, () -> d.decode(IMAGE, null));
    assertThrows(IllegalArgumentException.class, () -> d.decode(new float[2], new Rng(1)));
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
