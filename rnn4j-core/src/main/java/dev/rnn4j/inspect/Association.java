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
 *
 * <p>Scopes: a probe is scored over the characters of its {@link Probe#scope()} only, so N, the unit's
 * sums and its histogram of all characters above are those of the scope. They are the totals minus the
 * same sums over the characters outside the scope. Those are summed once per character, into a group for
 * each set of scopes that leave it out (a comment character is outside the if-condition and the quote
 * scopes: one group), and the groups are added up per scope when scored: scopes leave out a minority
 * (comments, strings), so this costs a fraction of a pass. The probe's mean and sd are taken over its
 * scope, and characters outside it add nothing to {@code sum x (y - mean y)} or to the inside histograms.
 *
 * <p>Parts: every unit's sums are independent of the others', so an instance may score a range of the
 * columns only ({@link #part}); parts fed the same windows on different threads give bit-identical scores
 * to one instance over all columns, and {@link #top(List, int, int)} merges their rankings.
 */
public final class Association {
  /** Histogram bins over [-1, 1]. */
  static final int BINS = 1024;

  /** Strongest first, then by unit: a total order, so rankings merged from parts equal one ranking. */
  private static final Comparator<UnitScore> STRONGEST_FIRST =
      Comparator.comparingDouble(UnitScore::strength).reversed().thenComparing(UnitScore::unit);

  private final List<UnitId> units;
  private final List<Probe> probes;
  /** The columns scored, {@code first..first+u-1}, of window rows {@code stride} columns wide. */
  private final int first;
  private final int u;
  private final int stride;
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
  /** The distinct scopes; {@code scopeOf[p]} is probe p's index into them, or -1 for every character. */
  private final boolean[][] scopes;
  private final int[] scopeOf;
  /** The characters outside some scope, grouped by the set of scopes (bit s: scope s) they are outside. */
  private final List<ScopeGroup> groups = new ArrayList<>();
  /** Per scope, the count, sums and histograms of the characters outside it: the groups' sums. */
  private final long[] outN;
  private final double[][] outSumX;
  private final double[][] outSumXx;
  private final int[][] outAll;
  /** Whether characters were added since the groups were last summed per scope. */
  private boolean stale;
  /** This window's sums of x_j (y_k - mean y_k), {@code [count probe, unit]}. */
  private final float[] windowXy;
  private long n;

  /** For the given units (columns of the recorded windows) and probes over the whole text. */
  public Association(List<UnitId> units, List<Probe> probes) {
    this(units, probes, 0, units.size());
  }

  private Association(List<UnitId> units, List<Probe> probes, int first, int count) {
    if (first < 0 || count < 0 || first + count > units.size()) {
      throw new IllegalArgumentException("columns " + first + ".." + (first + count - 1) + " are not all among "
          + units.size() + " units");
    }
    this.units = List.copyOf(units);
    this.probes = List.copyOf(probes);
    this.first = first;
    this.u = count;
    this.stride = units.size();
    this.countProbes = indices(Probe.Kind.COUNT);
    this.binaryProbes = indices(Probe.Kind.BINARY);
    scopeOf = new int[probes.size()];
    java.util.Map<boolean[], Integer> distinct = new java.util.IdentityHashMap<>();
    for (int p = 0; p < probes.size(); p++) {
      boolean[] scope = probes.get(p).scope();
      scopeOf[p] = scope == null ? -1 : distinct.computeIfAbsent(scope, s -> distinct.size());
    }
    if (distinct.size() > Long.SIZE) {
      throw new IllegalArgumentException(distinct.size() + " distinct probe scopes; at most " + Long.SIZE);
    }
    scopes = new boolean[distinct.size()][];
    distinct.forEach((scope, i) -> scopes[i] = scope);
    outN = new long[scopes.length];
    outSumX = new double[scopes.length][u];
    outSumXx = new double[scopes.length][u];
    outAll = new int[scopes.length][u * BINS];
    meanY = new double[probes.size()];
    sdY = new double[probes.size()];
    for (int p : countProbes) {
      float[] y = probes.get(p).values();
      boolean[] scope = probes.get(p).scope();
      double s = 0;
      long m = 0;
      for (int t = 0; t < y.length; t++) {
        if (scope == null || scope[t]) {
          s += y[t];
          m++;
        }
      }
      meanY[p] = s / Math.max(1, m);
      double ss = 0;
      for (int t = 0; t < y.length; t++) {
        if (scope == null || scope[t]) {
          ss += (y[t] - meanY[p]) * (y[t] - meanY[p]);
        }
      }
      sdY[p] = Math.sqrt(ss / Math.max(1, m));
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

  /**
   * Scores columns {@code first..first+count-1} of the windows only (rows are still {@code units.size()}
   * wide); {@link #score} takes the same column numbers as a whole instance's.
   */
  static Association part(List<UnitId> units, List<Probe> probes, int first, int count) {
    return new Association(units, probes, first, count);
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
      int o = t * stride + first;
      for (int j = 0; j < u; j++) {
        float v = x[o + j];
        sumX[j] += v;
        sumXx[j] += (double) v * v;
        int b = (int) ((v + 1f) * (BINS / 2));
        bins[j] = j * BINS + (b < 0 ? 0 : b >= BINS ? BINS - 1 : b);
        all[bins[j]]++;
      }
      long outsideOf = 0;
      for (int s = 0; s < scopes.length; s++) {
        if (!scopes[s][w.start() + t]) {
          outsideOf |= 1L << s;
        }
      }
      if (outsideOf != 0) {
        group(outsideOf).add(x, o, bins);
      }
      for (int k = 0; k < binaryProbes.length; k++) {
        int p = binaryProbes[k];
        if (probes.get(p).values()[w.start() + t] != 0 && inScope(p, w.start() + t)) {
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
        if (!inScope(p, w.start() + t)) {
          continue;
        }
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
    stale = true;
  }

  private ScopeGroup group(long outsideOf) {
    for (ScopeGroup g : groups) {
      if (g.outsideOf == outsideOf) {
        return g;
      }
    }
    ScopeGroup g = new ScopeGroup(outsideOf, u);
    groups.add(g);
    return g;
  }

  /** Sums the groups into each scope's count, sums and histograms of the characters outside it. */
  private void sumGroups() {
    for (int s = 0; s < scopes.length; s++) {
      outN[s] = 0;
      java.util.Arrays.fill(outSumX[s], 0);
      java.util.Arrays.fill(outSumXx[s], 0);
      java.util.Arrays.fill(outAll[s], 0);
      for (ScopeGroup g : groups) {
        if ((g.outsideOf & 1L << s) != 0) {
          outN[s] += g.n;
          for (int j = 0; j < u; j++) {
            outSumX[s][j] += g.sumX[j];
            outSumXx[s][j] += g.sumXx[j];
          }
          for (int i = 0; i < outAll[s].length; i++) {
            outAll[s][i] += g.all[i];
          }
        }
      }
    }
    stale = false;
  }

  private boolean inScope(int p, int t) {
    return scopeOf[p] < 0 || scopes[scopeOf[p]][t];
  }

  /** The score of unit column {@code column} against probe {@code p}. */
  public UnitScore score(int column, int p) {
    int j = column - first;
    if (j < 0 || j >= u) {
      throw new IllegalArgumentException("column " + column + " is not among columns " + first + ".."
          + (first + u - 1));
    }
    if (stale) {
      sumGroups();
    }
    Probe probe = probes.get(p);
    int s = scopeOf[p];
    if (probe.kind() == Probe.Kind.COUNT) {
      int k = java.util.Arrays.binarySearch(countProbes, p);
      long m = scored(p);
      double mean = (sumX[j] - (s < 0 ? 0 : outSumX[s][j])) / m;
      double varX = (sumXx[j] - (s < 0 ? 0 : outSumXx[s][j])) / m - mean * mean;
      double r = sumXy[k * u + j] / m / Math.sqrt(varX) / sdY[p];
      boolean defined = m > 1 && varX > 1e-12 && sdY[p] > 0;
      return new UnitScore(units.get(column), probe.name(), UnitScore.Measure.PEARSON_R,
          defined ? Math.max(-1, Math.min(1, r)) : Double.NaN);
    }
    int k = java.util.Arrays.binarySearch(binaryProbes, p);
    long nIn = insideCount[k];
    long nOut = scored(p) - nIn;
    if (nIn == 0 || nOut == 0) {
      return new UnitScore(units.get(column), probe.name(), UnitScore.Measure.AUC, Double.NaN);
    }
    int[] h = inside[k];
    int[] excluded = s < 0 ? null : outAll[s];
    double below = 0;
    double wins = 0;
    for (int b = 0; b < BINS; b++) {
      int in = h[j * BINS + b];
      int out = all[j * BINS + b] - (excluded == null ? 0 : excluded[j * BINS + b]) - in;
      wins += in * (below + out / 2.0);
      below += out;
    }
    return new UnitScore(units.get(column), probe.name(), UnitScore.Measure.AUC, wins / ((double) nIn * nOut));
  }

  /** The {@code k} units most strongly associated with probe {@code p}, strongest first. */
  public List<UnitScore> top(int p, int k) {
    List<UnitScore> scores = new ArrayList<>(u);
    for (int j = first; j < first + u; j++) {
      UnitScore s = score(j, p);
      if (!Double.isNaN(s.value())) {
        scores.add(s);
      }
    }
    return strongest(scores, k);
  }

  /** The {@code k} units of all parts most strongly associated with probe {@code p}, strongest first. */
  static List<UnitScore> top(List<Association> parts, int p, int k) {
    List<UnitScore> scores = new ArrayList<>();
    for (Association part : parts) {
      scores.addAll(part.top(p, k));
    }
    return strongest(scores, k);
  }

  private static List<UnitScore> strongest(List<UnitScore> scores, int k) {
    scores.sort(STRONGEST_FIRST);
    return List.copyOf(scores.subList(0, Math.min(k, scores.size())));
  }

  /** The part of {@code parts} that scores unit column {@code column}. */
  static Association scoring(List<Association> parts, int column) {
    for (Association part : parts) {
      if (column >= part.first && column < part.first + part.u) {
        return part;
      }
    }
    throw new IllegalArgumentException("no part scores column " + column);
  }

  /** Characters added so far. */
  public long count() {
    return n;
  }

  /** Characters added so far that probe {@code p} is scored on. */
  public long scored(int p) {
    if (stale) {
      sumGroups();
    }
    return scopeOf[p] < 0 ? n : n - outN[scopeOf[p]];
  }
}
