package dev.rnn4j.decode;

import static dev.rnn4j.text.WordVocabulary.END;
import static dev.rnn4j.text.WordVocabulary.START;

import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes one sequence at a time through a {@link Stepper}: greedy (the most likely token at each step),
 * beam search, or sampling at a temperature. Token ids follow {@link dev.rnn4j.text.WordVocabulary}:
 * decoding feeds START first, PAD and START are never written (no sequence predicts them), END finishes.
 * Log-probabilities are {@code log softmax(logits)} computed by log-sum-exp in double.
 *
 * <p>Beam search keeps the k best partial sequences. At each step every live one is extended by every
 * token; the candidates are ranked by total log-probability; those ending in END are finished, the best k
 * others stay live, and one that reaches the length limit is finished as it is. Only each live sequence's
 * k likeliest tokens and END need ranking: no survivor is a token that k tokens of the same parent beat. It
 * stops when no live sequence is left, or, ranking by total log-probability, when the best finished
 * sequence is at least as likely as the best live one (a live sequence only loses probability as it
 * grows), or, ranking per token, when k sequences have finished. With k = 1 it is greedy decoding.
 *
 * <p>A stepper with more streams than the beam is fine: the extra streams follow stream 0 and their
 * outputs are never read.
 */
public final class SequenceDecoder {
  private final DecodingOptions options;
  private final Stepper stepper;
  private final int streams;
  private final int vocab;
  private final double[] logp;
  private final int[] top;

  /**
   * A decoder over {@code stepper}, which must run at least {@code options.beam()} streams.
   *
   * @throws IllegalArgumentException when the stepper has fewer streams than the beam
   */
  public SequenceDecoder(Stepper stepper, DecodingOptions options) {
    if (stepper.streams() < options.beam()) {
      throw new IllegalArgumentException("beam " + options.beam() + " needs a stepper of at least that many streams, got "
          + stepper.streams());
    }
    this.options = options;
    this.stepper = stepper;
    this.streams = stepper.streams();
    this.vocab = stepper.vocabSize();
    this.logp = new double[vocab];
    this.top = new int[options.beam()];
  }

  /**
   * Decodes one sequence; the caller has already started the stepper on its input (an image, a source
   * sentence). {@code rng} is used only when sampling.
   *
   * @throws IllegalArgumentException when sampling without a generator
   */
  public Decoded decode(Rng rng) {
    if (options.sampling()) {
      if (rng == null) {
        throw new IllegalArgumentException("sampling needs a seeded generator");
      }
      return sample(rng);
    }
    return options.beam() == 1 ? greedy() : beamSearch();
  }

  private Decoded greedy() {
    int[] ids = new int[streams];
    Arrays.fill(ids, START);
    int[] words = new int[options.maxLength()];
    double total = 0;
    for (int n = 0; n < options.maxLength(); n++) {
      logSoftmax(stepper.step(ids), 0);
      int best = END;
      for (int w = END; w < vocab; w++) {
        if (logp[w] > logp[best]) {
          best = w;
        }
      }
      total += logp[best];
      if (best == END) {
        return new Decoded(Arrays.copyOf(words, n), total, true);
      }
      words[n] = best;
      Arrays.fill(ids, best);
    }
    return new Decoded(words, total, false);
  }

  private Decoded sample(Rng rng) {
    int[] ids = new int[streams];
    Arrays.fill(ids, START);
    int[] words = new int[options.maxLength()];
    double total = 0;
    double[] p = new double[vocab];
    for (int n = 0; n < options.maxLength(); n++) {
      Matrix logits = stepper.step(ids);
      logSoftmax(logits, 0);
      // softmax(z / T) over the writable words, in double
      double max = Double.NEGATIVE_INFINITY;
      for (int w = END; w < vocab; w++) {
        max = Math.max(max, logp[w] / options.temperature());
      }
      double sum = 0;
      for (int w = END; w < vocab; w++) {
        p[w] = Math.exp(logp[w] / options.temperature() - max);
        sum += p[w];
      }
      double u = rng.nextDouble() * sum;
      int pick = vocab - 1;
      for (int w = END; w < vocab; w++) {
        u -= p[w];
        if (u < 0) {
          pick = w;
          break;
        }
      }
      total += logp[pick];
      if (pick == END) {
        return new Decoded(Arrays.copyOf(words, n), total, true);
      }
      words[n] = pick;
      Arrays.fill(ids, pick);
    }
    return new Decoded(words, total, false);
  }

  /** A partial or finished sequence: its words, total log-probability, and the stream it lives on. */
  private record Hypothesis(int[] words, double score, boolean ended, int slot) {
    double rank(boolean normalise) {
      return normalise ? score / (words.length + (ended ? 1 : 0)) : score;
    }
  }

  /** One extension of a live hypothesis: its slot, the word and the new total. */
  private record Candidate(int slot, int word, double score) {}

  private Decoded beamSearch() {
    int k = options.beam();
    boolean normalise = options.normalise();
    List<Hypothesis> live = new ArrayList<>(List.of(new Hypothesis(new int[0], 0, false, 0)));
    List<Hypothesis> finished = new ArrayList<>();
    int[] ids = new int[streams];
    Arrays.fill(ids, START);
    int[] parents = new int[streams];
    List<Candidate> candidates = new ArrayList<>();
    Comparator<Candidate> byScore = Comparator.comparingDouble(Candidate::score).reversed()
        .thenComparingInt(Candidate::slot).thenComparingInt(Candidate::word);
    while (!live.isEmpty()) {
      Matrix logits = stepper.step(ids);
      candidates.clear();
      for (int i = 0; i < live.size(); i++) {
        Hypothesis h = live.get(i);
        logSoftmax(logits, h.slot());
        // only a hypothesis' k likeliest words can be among the k survivors; END is always a candidate
        candidates.add(new Candidate(i, END, h.score() + logp[END]));
        int m = topWords(k);
        for (int j = 0; j < m; j++) {
          candidates.add(new Candidate(i, top[j], h.score() + logp[top[j]]));
        }
      }
      candidates.sort(byScore);
      List<Hypothesis> next = new ArrayList<>();
      for (Candidate c : candidates) {
        int[] parent = live.get(c.slot()).words();
        if (c.word() == END) {
          finished.add(new Hypothesis(parent, c.score(), true, -1));
          continue;
        }
        int[] words = Arrays.copyOf(parent, parent.length + 1);
        words[parent.length] = c.word();
        parents[next.size()] = live.get(c.slot()).slot();
        ids[next.size()] = c.word();
        next.add(new Hypothesis(words, c.score(), false, next.size()));
        if (next.size() == k) {
          break;
        }
      }
      live.clear();
      for (Hypothesis h : next) {
        if (h.words().length >= options.maxLength()) {
          finished.add(h);
        } else {
          live.add(h);
        }
      }
      if (live.isEmpty() || done(finished, live, k, normalise)) {
        break;
      }
      for (int s = next.size(); s < streams; s++) {
        parents[s] = parents[0]; // idle streams follow the first: their outputs are never read
        ids[s] = ids[0];
      }
      stepper.reorder(parents);
    }
    Hypothesis best = finished.get(0);
    for (Hypothesis h : finished) {
      if (h.rank(normalise) > best.rank(normalise)) {
        best = h;
      }
    }
    return new Decoded(best.words(), best.score(), best.ended());
  }

  private static boolean done(List<Hypothesis> finished, List<Hypothesis> live, int k, boolean normalise) {
    if (finished.isEmpty()) {
      return false;
    }
    if (normalise) {
      return finished.size() >= k;
    }
    double bestFinished = Double.NEGATIVE_INFINITY;
    for (Hypothesis h : finished) {
      bestFinished = Math.max(bestFinished, h.score());
    }
    return bestFinished >= live.get(0).score();
  }

  /**
   * The {@code m} likeliest words after END by {@link #logp} into {@link #top}, likeliest first, lower id
   * first among equals (the order a full sort gives); returns how many there are. O(V m).
   */
  private int topWords(int m) {
    int n = 0;
    for (int w = END + 1; w < vocab; w++) {
      double p = logp[w];
      if (n == m && p <= logp[top[n - 1]]) {
        continue;
      }
      int j = n == m ? n - 1 : n++;
      while (j > 0 && logp[top[j - 1]] < p) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = w;
    }
    return n;
  }

  /** {@code logp = log softmax(logits[row])}, by log-sum-exp in double. */
  private void logSoftmax(Matrix logits, int row) {
    FloatBuffer z = logits.buffer();
    int o = logits.offset() + row * vocab;
    double max = Double.NEGATIVE_INFINITY;
    for (int w = 0; w < vocab; w++) {
      max = Math.max(max, z.get(o + w));
    }
    double sum = 0;
    for (int w = 0; w < vocab; w++) {
      sum += Math.exp(z.get(o + w) - max);
    }
    double log = max + Math.log(sum);
    for (int w = 0; w < vocab; w++) {
      logp[w] = z.get(o + w) - log;
    }
  }
}
