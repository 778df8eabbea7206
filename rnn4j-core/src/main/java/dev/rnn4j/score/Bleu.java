package dev.rnn4j.score;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU (Papineni, Roukos, Ward and Zhu, 2002), the score of neuraltalk, coco-caption and NLTK's
 * {@code corpus_bleu}:
 *
 * <pre>
 *   p_n    = sum over candidates of clipped n-gram matches / sum over candidates of n-grams (c - n + 1)
 *            clipped: each candidate n-gram counts at most as often as it occurs in any one reference
 *   c      = total candidate length,  r = sum over candidates of the closest reference length
 *            (on a tie the shorter reference)
 *   BP     = 1 if c > r, else exp(1 - r / c)   (0 when c = 0)
 *   BLEU-N = BP * exp((1/N) * sum_{n=1..N} log p_n)   (0 when some p_n = 0: no smoothing)
 * </pre>
 *
 * <p>Sums run over the whole corpus before dividing, so it is not the mean of sentence scores. BLEU-1..4
 * are cumulative (uniform weights over orders 1..N), as both reference implementations report them.
 * NLTK differs in one corner: for a candidate shorter than n it counts 1 n-gram instead of 0 in the
 * denominator; here, as in coco-caption and multi-bleu.perl, it counts 0. Tokens are compared as given
 * (case-sensitive): tokenise candidates and references alike.
 */
public final class Bleu {
  /** The orders reported by default: BLEU-1 to BLEU-4. */
  public static final int MAX_ORDER = 4;

  private Bleu() {}

  /** Corpus BLEU-1..4 of {@code candidates}, candidate i against all of {@code references.get(i)}. */
  public static BleuScore corpus(List<List<String>> candidates, List<List<List<String>>> references) {
    return corpus(candidates, references, MAX_ORDER);
  }

  /**
   * Corpus BLEU-1..{@code maxOrder}.
   *
   * @throws IllegalArgumentException when the lists differ in length, are empty, or a candidate has no
   *     references
   */
  public static BleuScore corpus(List<List<String>> candidates, List<List<List<String>>> references, int maxOrder) {
    if (maxOrder < 1) {
      throw new IllegalArgumentException("BLEU order must be at least 1, got " + maxOrder);
    }
    if (candidates.size() != references.size()) {
      throw new IllegalArgumentException(candidates.size() + " candidates but " + references.size()
          + " reference lists");
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidates to score");
    }
    long[] matches = new long[maxOrder];
    long[] totals = new long[maxOrder];
    long candidateLength = 0;
    long referenceLength = 0;
    for (int i = 0; i < candidates.size(); i++) {
      List<String> cand = candidates.get(i);
      List<List<String>> refs = references.get(i);
      if (refs.isEmpty()) {
        throw new IllegalArgumentException("candidate " + i + " has no reference sentences");
      }
      candidateLength += cand.size();
      referenceLength += closestLength(cand.size(), refs);
      for (int n = 1; n <= maxOrder; n++) {
        Map<List<String>, Integer> maxRef = new HashMap<>();
        for (List<String> ref : refs) {
          count(ref, n).forEach((g, k) -> maxRef.merge(g, k, Math::max));
        }
        for (Map.Entry<List<String>, Integer> e : count(cand, n).entrySet()) {
          matches[n - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
        }
        totals[n - 1] += Math.max(0, cand.size() - n + 1);
      }
    }
    return new BleuScore(matches, totals, candidateLength, referenceLength);
  }

  /** The reference length closest to {@code length}, the shorter one on a tie. */
  static int closestLength(int length, List<List<String>> refs) {
    int best = -1;
    for (List<String> ref : refs) {
      int r = ref.size();
      int d = Math.abs(r - length);
      int bestD = best < 0 ? Integer.MAX_VALUE : Math.abs(best - length);
      if (d < bestD || d == bestD && r < best) {
        best = r;
      }
    }
    return best;
  }

  /** How often each n-gram of {@code words} occurs. */
  static Map<List<String>, Integer> count(List<String> words, int n) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (int i = 0; i + n <= words.size(); i++) {
      counts.merge(words.subList(i, i + n), 1, Integer::sum);
    }
    return counts;
  }
}
