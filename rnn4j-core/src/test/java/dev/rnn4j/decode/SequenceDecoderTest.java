package dev.rnn4j.decode;

import static dev.rnn4j.text.WordVocabulary.END;
import static dev.rnn4j.text.WordVocabulary.START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Greedy decoding, beam search and sampling against a hand-written {@link Stepper} whose logits are a fixed
 * function of each stream's prefix: a bigram table of known probabilities (tokens PAD 0, START 1, END 2,
 * A 3, B 4, C 5), or random logits per prefix. The captioner's own tests run the same decoder on a real
 * model.
 */
class SequenceDecoderTest {
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

  /**
   * A END (0.55 * 0.9 = 0.495) is the likelier sequence; B C END (0.45 * 0.99 * 0.99 = 0.441) is the
   * likelier per token (log 0.441 / 3 = -0.273 against log 0.495 / 2 = -0.352).
   */
  static final double[][] SHORT_OR_LONG = {
      {1, 1, 1, 1, 1, 1}, // after PAD (never used)
      {0, 0, 1e-6, 0.55, 0.45, 1e-6}, // after START
      {1, 1, 1, 1, 1, 1}, // after END (never used)
      {0, 0, 0.9, 0.1, 1e-6, 1e-6}, // after A
      {0, 0, 0.01, 1e-6, 1e-6, 0.99}, // after B
      {0, 0, 0.99, 0.01, 1e-6, 1e-6}, // after C
  };

  /**
   * A stepper whose next-token logits are {@code logits.apply(prefix)}, the prefix being every token fed to
   * the stream so far (START first). It checks what the decoder feeds it: START at the first step, never
   * PAD, START or END after it.
   */
  static final class FakeStepper implements Stepper {
    private final int streams;
    private final int vocab;
    private final Function<List<Integer>, double[]> logits;
    private final Matrix out;
    private List<List<Integer>> prefixes = new ArrayList<>();
    int steps;

    FakeStepper(int streams, int vocab, Function<List<Integer>, double[]> logits) {
      this.streams = streams;
      this.vocab = vocab;
      this.logits = logits;
      this.out = Matrix.allocate(streams, vocab);
      for (int k = 0; k < streams; k++) {
        prefixes.add(new ArrayList<>());
      }
    }

    @Override
    public int streams() {
      return streams;
    }

    @Override
    public int vocabSize() {
      return vocab;
    }

    @Override
    public Matrix step(int[] ids) {
      assertEquals(streams, ids.length);
      for (int k = 0; k < streams; k++) {
        List<Integer> prefix = prefixes.get(k);
        if (prefix.isEmpty()) {
          assertEquals(START, ids[k], "the first token fed is START");
        } else {
          assertTrue(ids[k] > END, "fed " + ids[k] + " after the first step");
        }
        prefix.add(ids[k]);
        double[] z = logits.apply(prefix);
        for (int w = 0; w < vocab; w++) {
          out.set(k, w, (float) z[w]);
        }
      }
      steps++;
      return out;
    }

    @Override
    public void reorder(int[] parents) {
      assertEquals(streams, parents.length);
      List<List<Integer>> next = new ArrayList<>();
      for (int k = 0; k < streams; k++) {
        next.add(new ArrayList<>(prefixes.get(parents[k])));
      }
      prefixes = next;
    }
  }

  /** Logits {@code log p[last token]} of a bigram table (rows normalised; 0 becomes -40). */
  static Function<List<Integer>, double[]> bigram(double[][] p) {
    return prefix -> {
      double[] row = p[prefix.get(prefix.size() - 1)];
      double sum = Arrays.stream(row).sum();
      double[] z = new double[row.length];
      for (int w = 0; w < row.length; w++) {
        z[w] = row[w] > 0 ? Math.log(row[w] / sum) : -40;
      }
      return z;
    };
  }

  /** Random logits drawn afresh for every prefix (the same prefix always gets the same), END raised by endBias. */
  static Function<List<Integer>, double[]> random(long seed, int vocab, double endBias) {
    return prefix -> {
      long h = seed;
      for (int t : prefix) {
        h = h * 1_000_003L + t;
      }
      Rng rng = new Rng(h);
      double[] z = new double[vocab];
      for (int w = 0; w < vocab; w++) {
        z[w] = 1.5 * rng.nextGaussian();
      }
      z[END] += endBias;
      return z;
    };
  }

  static Decoded decode(double[][] table, DecodingOptions o, Rng rng) {
    return new SequenceDecoder(new FakeStepper(o.beam(), table.length, bigram(table)), o).decode(rng);
  }

  /** The table's probability of {@code words} followed by END. */
  static double probability(double[][] p, int... words) {
    double total = 1;
    int prev = START;
    for (int w : words) {
      total *= p[prev][w] / Arrays.stream(p[prev]).sum();
      prev = w;
    }
    return total * p[prev][END] / Arrays.stream(p[prev]).sum();
  }

  @Test
  void beamSearchOfWidthOneEqualsGreedy() {
    int ended = 0;
    int runs = 0;
    for (long seed = 1; seed <= 6; seed++) {
      for (double endBias = -1.5; endBias <= 2; endBias += 0.5) {
        Function<List<Integer>, double[]> f = random(seed, 10, endBias);
        Decoded g = new SequenceDecoder(new FakeStepper(1, 10, f), DecodingOptions.greedy(8)).decode(null);
        Decoded b = new SequenceDecoder(new FakeStepper(1, 10, f), DecodingOptions.beam(1, 8)).decode(null);
        String what = "seed " + seed + " END bias " + endBias;
        assertArrayEquals(g.words(), b.words(), what);
        assertEquals(g.logProbability(), b.logProbability(), 0.0, what);
        assertEquals(g.ended(), b.ended(), what);
        ended += g.ended() ? 1 : 0;
        runs++;
      }
    }
    assertTrue(ended > 0 && ended < runs, "sequences ending before the limit and sequences stopped by it are both"
        + " needed for this check to mean anything; " + ended + " of " + runs + " ended");
  }

  @Test
  void beamSearchFindsTheLikelierSequenceWhereGreedyIsMyopic() {
    Decoded greedy = decode(MYOPIC, DecodingOptions.greedy(10), null);
    Decoded beam = decode(MYOPIC, DecodingOptions.beam(2, 10), null);
    assertArrayEquals(new int[] {A, B}, greedy.words());
    assertArrayEquals(new int[] {B}, beam.words());
    assertTrue(greedy.ended() && beam.ended());
    assertEquals(Math.log(probability(MYOPIC, A, B)), greedy.logProbability(), 1e-6);
    assertEquals(Math.log(probability(MYOPIC, B)), beam.logProbability(), 1e-6);
    assertTrue(beam.logProbability() > greedy.logProbability() + 0.5);
  }

  /** Beam search (total log-probability) against every sequence of up to 5 words of the bigram table. */
  @Test
  void wideBeamFindsTheMostLikelySequenceByExhaustiveSearch() {
    int max = 5;
    double[] best = {Double.NEGATIVE_INFINITY};
    enumerate(new int[0], max, best);
    Decoded d = decode(MYOPIC, DecodingOptions.beam(3, max), null);
    assertEquals(best[0], d.logProbability(), 1e-6);
  }

  private static void enumerate(int[] prefix, int max, double[] best) {
    best[0] = Math.max(best[0], Math.log(probability(MYOPIC, prefix)));
    if (prefix.length == max) {
      return;
    }
    for (int w = A; w <= C; w++) {
      int[] next = Arrays.copyOf(prefix, prefix.length + 1);
      next[prefix.length] = w;
      enumerate(next, max, best);
    }
  }

  @Test
  void lengthNormalisationPrefersTheLikelierSequencePerToken() {
    Decoded total = decode(SHORT_OR_LONG, DecodingOptions.beam(2, 10), null);
    Decoded perToken = decode(SHORT_OR_LONG, new DecodingOptions(2, true, 0f, 10), null);
    assertArrayEquals(new int[] {A}, total.words());
    assertArrayEquals(new int[] {B, C}, perToken.words());
    assertEquals(Math.log(probability(SHORT_OR_LONG, A)), total.logProbability(), 1e-6);
    assertEquals(Math.log(probability(SHORT_OR_LONG, B, C)), perToken.logProbability(), 1e-6,
        "the log-probability reported is the total, not the per-token rank");
    assertTrue(total.ended() && perToken.ended());
  }

  @Test
  void lengthLimitIsRespectedByEveryStrategy() {
    Rng rng = new Rng(3);
    for (DecodingOptions o : new DecodingOptions[] {DecodingOptions.greedy(4), DecodingOptions.beam(3, 4),
        new DecodingOptions(3, true, 0f, 4), DecodingOptions.sample(1f, 4), DecodingOptions.sample(3f, 4)}) {
      Decoded d = decode(ENDLESS, o, rng);
      assertEquals(4, d.words().length, o.toString());
      assertFalse(d.ended(), o.toString());
    }
    Decoded g = decode(ENDLESS, DecodingOptions.greedy(4), null);
    assertArrayEquals(new int[] {A, A, A, A}, g.words());
    assertEquals(Math.log(0.5 * 0.9 * 0.9 * 0.9), g.logProbability(), 1e-6, "no END term at the limit");
  }

  @Test
  void samplingIsReproducibleWithASeedAndFollowsTheProbabilities() {
    FakeStepper stepper = new FakeStepper(1, MYOPIC.length, bigram(MYOPIC));
    SequenceDecoder sampler = new SequenceDecoder(stepper, DecodingOptions.sample(1f, 10));
    Rng a = new Rng(5);
    Rng b = new Rng(5);
    int firstIsA = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      Decoded x = new SequenceDecoder(new FakeStepper(1, MYOPIC.length, bigram(MYOPIC)),
          DecodingOptions.sample(1f, 10)).decode(a);
      Decoded y = new SequenceDecoder(new FakeStepper(1, MYOPIC.length, bigram(MYOPIC)),
          DecodingOptions.sample(1f, 10)).decode(b);
      assertArrayEquals(x.words(), y.words(), "same seed, same sequence");
      assertEquals(x.logProbability(), y.logProbability(), 0.0);
      assertTrue(x.words().length > 0, "END after START has probability 1e-6");
      firstIsA += x.words()[0] == A ? 1 : 0;
    }
    // P(A first) = 0.6; 4000 draws have a standard deviation of 0.0077
    assertEquals(0.6, firstIsA / (double) n, 0.03);
    // a very low temperature is greedy
    assertArrayEquals(new int[] {A, B}, decode(MYOPIC, DecodingOptions.sample(1e-3f, 10), new Rng(1)).words());
    assertThrows(IllegalArgumentException.class, () -> sampler.decode(null), "sampling needs a generator");
    assertEquals(0, stepper.steps);
  }

  /**
   * The decoder's beam search (which ranks only each beam's k likeliest tokens and END, and moves streams
   * with reorder) against a plain one written from the definition: every token of every live prefix
   * ranked, each prefix's log-probabilities computed from scratch. Random logits, 9 writable tokens.
   */
  @Test
  void beamSearchEqualsAPlainBeamSearchOverAllTokens() {
    int vocab = 12;
    for (int k = 2; k <= 4; k++) {
      for (long seed = 30; seed < 36; seed++) {
        Function<List<Integer>, double[]> f = random(seed, vocab, 1.0);
        Decoded fast = new SequenceDecoder(new FakeStepper(k, vocab, f), DecodingOptions.beam(k, 6)).decode(null);
        Object[] plain = plainBeam(f, vocab, k, 6);
        assertArrayEquals((int[]) plain[0], fast.words(), "beam " + k + " seed " + seed);
        assertEquals((double) plain[1], fast.logProbability(), 1e-9);
      }
    }
  }

  /** {words, log-probability}: beam search by the book, with the same stopping rule. */
  private static Object[] plainBeam(Function<List<Integer>, double[]> f, int v, int k, int max) {
    List<int[]> live = new ArrayList<>(List.of(new int[0]));
    List<Double> liveScore = new ArrayList<>(List.of(0.0));
    int[] bestWords = null;
    double best = Double.NEGATIVE_INFINITY;
    while (!live.isEmpty()) {
      List<double[]> cands = new ArrayList<>(); // {score, parent, word}
      for (int i = 0; i < live.size(); i++) {
        double[] lp = logSoftmaxAfter(f, live.get(i));
        for (int w = END; w < v; w++) {
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
        if ((int) c[2] == END) {
          if (c[0] > best) {
            best = c[0];
            bestWords = parent;
          }
          continue;
        }
        int[] words = Arrays.copyOf(parent, parent.length + 1);
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

  /** log softmax of the (float-rounded, as the stepper hands them over) logits after START and prefix. */
  private static double[] logSoftmaxAfter(Function<List<Integer>, double[]> f, int[] prefix) {
    List<Integer> fed = new ArrayList<>(List.of(START));
    for (int w : prefix) {
      fed.add(w);
    }
    double[] z = f.apply(fed);
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, (float) x);
    }
    double sum = 0;
    for (double x : z) {
      sum += Math.exp((float) x - max);
    }
    double[] lp = new double[z.length];
    for (int w = 0; w < z.length; w++) {
      lp[w] = (float) z[w] - max - Math.log(sum);
    }
    return lp;
  }

  /** More streams than the beam: the extra ones follow stream 0 and change nothing. */
  @Test
  void extraStreamsChangeNothing() {
    int vocab = 12;
    for (DecodingOptions o : new DecodingOptions[] {DecodingOptions.greedy(6), DecodingOptions.beam(2, 6),
        new DecodingOptions(3, true, 0f, 6), DecodingOptions.sample(0.8f, 6)}) {
      for (long seed = 40; seed < 44; seed++) {
        Function<List<Integer>, double[]> f = random(seed, vocab, 0.5);
        Decoded exact = new SequenceDecoder(new FakeStepper(o.beam(), vocab, f), o).decode(new Rng(seed));
        Decoded wide = new SequenceDecoder(new FakeStepper(o.beam() + 3, vocab, f), o).decode(new Rng(seed));
        assertArrayEquals(exact.words(), wide.words(), o + " seed " + seed);
        assertEquals(exact.logProbability(), wide.logProbability(), 0.0);
        assertEquals(exact.ended(), wide.ended());
      }
    }
  }

  @Test
  void refusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new DecodingOptions(0, false, 0f, 5));
    assertThrows(IllegalArgumentException.class, () -> new DecodingOptions(3, false, 1f, 5));
    assertThrows(IllegalArgumentException.class, () -> new DecodingOptions(1, false, -1f, 5));
    assertThrows(IllegalArgumentException.class, () -> DecodingOptions.greedy(0));
    assertThrows(IllegalArgumentException.class, () -> DecodingOptions.sample(0f, 5));
    FakeStepper two = new FakeStepper(2, MYOPIC.length, bigram(MYOPIC));
    assertThrows(IllegalArgumentException.class, () -> new SequenceDecoder(two, DecodingOptions.beam(3, 5)),
        "a beam of 3 needs 3 streams");
  }
}
