package dev.rnn4j.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores every unit against every probe in one pass over the recorded windows, in memory independent of
 * the text's length (no {@code N x units} array).
 *
 * <p>Count probes: Pearson correlation
 * <pre>
 *   r = cov(x, y) / (sd(x) sd(y)),  cov = (1/N) sum_t x_t (y_t - mean y),  sd(x)^2 = (1/N) sum x^2 - mean(x)^2
 * </pre>
 * with y centred by its exact mean (known from the probe), summed per window in float and then into
 * double totals, so no large sums cancel.
 *
 * <p>Binary probes: AUC, the Mann-Whitney statistic from histograms. Each unit's values, in [-1, 1], fall
 * into {@value #BINS} equal bins; per unit one histogram of all characters and one per binary probe of the
 * characters inside it (outside = all - inside). Then
 * <pre>
 *   AUC = sum_b in_b (out_{<b} + out_b / 2) / (N_in N_out)
 * </pre>
 * exact for values in different bins, values in one bin counted as ties (bins are 2/1024 wide).
 */
public final class Association {
  /** Histogram bins over [-1, 1]. */
  static final int BINS = 1024;

  private final List<UnitId> units;
  private final List<Probe> probes;
  private final int u;
  private final int[] countProbes;
  private final int[] binaryProbes;
  private final double[] meanY;
  private final double[] sdY;
  private final double[] sumX;
  private final double[] sumXx;
  private final double[] sumXy;
  private final int[] all;
  private final int[][] inside;
  private final long[] insideCount;
  private final int[] bins;
  /** This window's sums of x_j (y_k - mean y_k), {@code [count probe, unit]}. */
  private final float[] windowXy;
  private long n;

  /** For the given units (columns of the recorded windows) and probes over the whole text. */
  public Association(List<UnitId> units, List<Probe> probes) {
    this.units = List.copyOf(units);
    this.probes = List.copyOf(probes);
    this.u = units.size();
    this.countProbes = indices(Probe.Kind.COUNT);
    this.binaryProbes = indices(Probe.Kind.BINARY);
    meanY = new double[probes.size()];
    sdY = new double[probes.size()];
    for (int p : countProbes) {
      float[] y = probes.get(p).values();
      double s = 0;
      for (float v : y) {
        s += v;
      }
      meanY[p] = s / Math.max(1, y.length);
      double ss = 0;
      for (float v : y) {
        ss += (v - meanY[p]) * (v - meanY[p]);
      }
      sdY[p] = Math.sqrt(ss / Math.max(1, y.length));
    }
    sumX = new double[u];
    sumXx = new double[u];
    sumXy = new double[u * countProbes.length];
    windowXy = new float[u * countProbes.length];
    all = new int[u * BINS];
    inside = new int[binaryProbes.length][u * BINS];
    insideCount = new long[binaryProbes.length];
    bins = new int[u];
  }

  private int[] indices(Probe.Kind kind) {
    return java.util.stream.IntStream.range(0, probes.size()).filter(p -> probes.get(p).kind() == kind).toArray();
  }

  /** Adds one recorded window (its rows are characters {@code start..start+steps-1}). */
  public void add(ActivationRecorder.Window w) {
    float[] x = w.units();
    int steps = w.steps();
    int pc = countProbes.length;
    java.util.Arrays.fill(windowXy, 0f);
    for (int t = 0; t < steps; t++) {
      int o = t * u;
      for (int j = 0; j < u; j++) {
        float v = x[o + j];
        sumX[j] += v;
        sumXx[j] += (double) v * v;
        int b = (int) ((v + 1f) * (BINS / 2));
        bins[j] = j * BINS + (b < 0 ? 0 : b >= BINS ? BINS - 1 : b);
        all[bins[j]]++;
      }
      for (int k = 0; k < binaryProbes.length; k++) {
        if (probes.get(binaryProbes[k]).values()[w.start() + t] != 0) {
          insideCount[k]++;
          int[] h = inside[k];
          for (int j = 0; j < u; j++) {
            h[bins[j]]++;
          }
        }
      }
      // sum_t x_j (y_k - mean y_k) over the window in float (256 terms), then into the double totals
      for (int k = 0; k < pc; k++) {
        int p = countProbes[k];
        float y = (float) (probes.get(p).values()[w.start() + t] - meanY[p]);
        int base = k * u;
        for (int j = 0; j < u; j++) {
          windowXy[base + j] += x[o + j] * y;
        }
      }
    }
    for (int i = 0; i < windowXy.length; i++) {
      sumXy[i] += windowXy[i];
    }
    n += steps;
  }

  /** The score of unit column {@code j} against probe {@code p}. */
  public UnitScore score(int j, int p) {
    Probe probe = probes.get(p);
    if (probe.kind() == Probe.Kind.COUNT) {
      int k = java.util.Arrays.binarySearch(countProbes, p);
      double mean = sumX[j] / n;
      double varX = sumXx[j] / n - mean * mean;
      double r = sumXy[k * u + j] / n / Math.sqrt(varX) / sdY[p];
      boolean defined = n > 1 && varX > 1e-12 && sdY[p] > 0;
      return new UnitScore(units.get(j), probe.name(), UnitScore.Measure.PEARSON_R,
          defined ? Math.max(-1, Math.min(1, r)) : Double.NaN);
    }
    int k = java.util.Arrays.binarySearch(binaryProbes, p);
    long nIn = insideCount[k];
    long nOut = n - nIn;
    if (nIn == 0 || nOut == 0) {
      return new UnitScore(units.get(j), probe.name(), UnitScore.Measure.AUC, Double.NaN);
    }
    int[] h = inside[k];
    double below = 0;
    double wins = 0;
    for (int b = 0; b < BINS; b++) {
      int in = h[j * BINS + b];
      int out = all[j * BINS + b] - in;
      wins += in * (below + out / 2.0);
      below += out;
    }
    return new UnitScore(units.get(j), probe.name(), UnitScore.Measure.AUC, wins / ((double) nIn * nOut));
  }

  /** The {@code k} units most strongly associated with probe {@code p}, strongest first. */
  public List<UnitScore> top(int p, int k) {
    List<UnitScore> scores = new ArrayList<>(u);
    for (int j = 0; j < u; j++) {
      UnitScore s = score(j, p);
      if (!Double.isNaN(s.value())) {
        scores.add(s);
      }
    }
    scores.sort(Comparator.comparingDouble(UnitScore::strength).reversed().thenComparing(UnitScore::unit));
    return List.copyOf(scores.subList(0, Math.min(k, scores.size())));
  }

  /** Characters added so far. */
  public long count() {
    return n;
  }
}
