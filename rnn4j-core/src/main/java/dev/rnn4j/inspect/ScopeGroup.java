package dev.rnn4j.inspect;

/**
 * The characters outside one set of an {@link Association}'s probe scopes (bit s of {@code outsideOf}: scope
 * s): their count, and each unit's sum, sum of squares and histogram over {@link Association#BINS} bins.
 */
final class ScopeGroup {
  final long outsideOf;
  final double[] sumX;
  final double[] sumXx;
  final int[] all;
  long n;

  ScopeGroup(long outsideOf, int units) {
    this.outsideOf = outsideOf;
    sumX = new double[units];
    sumXx = new double[units];
    all = new int[units * Association.BINS];
  }

  /** Adds row {@code o} of a window whose units fell into histogram cells {@code bins}. */
  void add(float[] x, int o, int[] bins) {
    n++;
    for (int j = 0; j < sumX.length; j++) {
      float v = x[o + j];
      sumX[j] += v;
      sumXx[j] += (double) v * v;
      all[bins[j]]++;
    }
  }
}
