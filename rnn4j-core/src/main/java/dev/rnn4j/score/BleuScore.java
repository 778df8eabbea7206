package dev.rnn4j.score;

import java.util.Locale;

/**
 * The result of {@link Bleu#corpus}: the clipped n-gram counts it summed, the lengths, and the scores
 * derived from them (see {@link Bleu} for the formulas). Immutable.
 */
public final class BleuScore {
  private final long[] matches;
  private final long[] totals;
  private final long candidateLength;
  private final long referenceLength;

  BleuScore(long[] matches, long[] totals, long candidateLength, long referenceLength) {
    this.matches = matches.clone();
    this.totals = totals.clone();
    this.candidateLength = candidateLength;
    this.referenceLength = referenceLength;
  }

  /** The highest n-gram order counted (4 by default). */
  public int maxOrder() {
    return matches.length;
  }

  /** Cumulative BLEU-n for {@code 1 <= n <= maxOrder()}: BP times the geometric mean of p_1..p_n. */
  public double bleu(int n) {
    checkOrder(n);
    double logSum = 0;
    for (int k = 1; k <= n; k++) {
      double p = precision(k);
      if (p == 0) {
        return 0;
      }
      logSum += Math.log(p);
    }
    return brevityPenalty() * Math.exp(logSum / n);
  }

  /** The modified (clipped) n-gram precision p_n over the corpus; 0 when the candidates have no n-grams. */
  public double precision(int n) {
    checkOrder(n);
    return totals[n - 1] == 0 ? 0 : (double) matches[n - 1] / totals[n - 1];
  }

  /** Clipped n-gram matches summed over the corpus (p_n's numerator). */
  public long matches(int n) {
    checkOrder(n);
    return matches[n - 1];
  }

  /** Candidate n-grams summed over the corpus (p_n's denominator). */
  public long total(int n) {
    checkOrder(n);
    return totals[n - 1];
  }

  /** exp(1 - r/c) when the candidates are not longer than the references, else 1; 0 for no words. */
  public double brevityPenalty() {
    if (candidateLength == 0) {
      return 0;
    }
    return candidateLength > referenceLength ? 1 : Math.exp(1 - (double) referenceLength / candidateLength);
  }

  /** c: words in all candidates. */
  public long candidateLength() {
    return candidateLength;
  }

  /** r: the sum of each candidate's closest reference length. */
  public long referenceLength() {
    return referenceLength;
  }

  /** E.g. {@code BLEU-1 0.6500, BLEU-2 0.4300, BLEU-3 0.3000, BLEU-4 0.2100 (BP 1.0000, c 1000, r 980)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int n = 1; n <= maxOrder(); n++) {
      sb.append(n > 1 ? ", " : "").append(String.format(Locale.ROOT, "BLEU-%d %.4f", n, bleu(n)));
    }
    return sb.append(String.format(Locale.ROOT, " (BP %.4f, c %d, r %d)", brevityPenalty(), candidateLength,
        referenceLength)).toString();
  }

  private void checkOrder(int n) {
    if (n < 1 || n > matches.length) {
      throw new IllegalArgumentException("BLEU order " + n + " is outside 1.." + matches.length);
    }
  }
}
