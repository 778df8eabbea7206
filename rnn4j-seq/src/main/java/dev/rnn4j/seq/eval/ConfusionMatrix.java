package dev.rnn4j.seq.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts of (gold, predicted) label pairs over a fixed set of labels, and the scores read from them:
 * accuracy, per-class precision, recall and F1, and macro-F1. Mutable: {@link #add} as predictions come in.
 *
 * <p>Undefined ratios are 0, as scikit-learn's {@code zero_division=0}: precision of a class never predicted,
 * recall of a class never gold, F1 where precision and recall are both 0, accuracy of an empty matrix.
 * Macro-F1 is the plain mean of F1 over every label given, including any that never occurred, so a fixed
 * label set gives comparable numbers across folds.
 */
public final class ConfusionMatrix {
  private final List<String> labels;
  private final Map<String, Integer> index = new HashMap<>();
  private final long[][] counts;
  private long total;

  /** An empty matrix over {@code labels} (distinct, in the order rows and columns are shown). */
  public ConfusionMatrix(List<String> labels) {
    this.labels = List.copyOf(labels);
    if (this.labels.isEmpty()) {
      throw new IllegalArgumentException("a confusion matrix needs at least one label");
    }
    for (int i = 0; i < this.labels.size(); i++) {
      if (index.put(this.labels.get(i), i) != null) {
        throw new IllegalArgumentException("label '" + this.labels.get(i) + "' is listed twice");
      }
    }
    counts = new long[this.labels.size()][this.labels.size()];
  }

  /** Counts one prediction. */
  public void add(String gold, String predicted) {
    counts[indexOf(gold)][indexOf(predicted)]++;
    total++;
  }

  /** Adds every count of {@code other}, which must have the same labels in the same order (e.g. another fold). */
  public void addAll(ConfusionMatrix other) {
    if (!other.labels.equals(labels)) {
      throw new IllegalArgumentException("cannot add a confusion matrix over " + other.labels + " to one over "
          + labels);
    }
    for (int g = 0; g < counts.length; g++) {
      for (int p = 0; p < counts.length; p++) {
        counts[g][p] += other.counts[g][p];
      }
    }
    total += other.total;
  }

  public List<String> labels() {
    return labels;
  }

  /** How often {@code gold} was predicted as {@code predicted}. */
  public long count(String gold, String predicted) {
    return counts[indexOf(gold)][indexOf(predicted)];
  }

  /** Number of predictions counted. */
  public long total() {
    return total;
  }

  /** Share of predictions equal to gold; 0 when empty. */
  public double accuracy() {
    long correct = 0;
    for (int i = 0; i < counts.length; i++) {
      correct += counts[i][i];
    }
    return ratio(correct, total);
  }

  /** Of the predictions of {@code label}, the share that were right; 0 when it was never predicted. */
  public double precision(String label) {
    int c = indexOf(label);
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[c];
    }
    return ratio(counts[c][c], predicted);
  }

  /** Of the gold examples of {@code label}, the share predicted as it; 0 when it never was gold. */
  public double recall(String label) {
    int c = indexOf(label);
    long gold = 0;
    for (long n : counts[c]) {
      gold += n;
    }
    return ratio(counts[c][c], gold);
  }

  /** Harmonic mean of precision and recall; 0 when both are 0. */
  public double f1(String label) {
    double p = precision(label);
    double r = recall(label);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Mean F1 over all labels, each weighing the same however rare. */
  public double macroF1() {
    double sum = 0;
    for (String l : labels) {
      sum += f1(l);
    }
    return sum / labels.size();
  }

  /**
   * The matrix as a text table: one row per gold label, one column per predicted label, e.g.
   *
   * <pre>
   * gold \ predicted  neg  pos
   * neg                40   10
   * pos                 5   45
   * </pre>
   */
  public String renderMatrix() {
    String corner = "gold \\ predicted";
    int first = corner.length();
    int width = 1;
    for (String l : labels) {
      first = Math.max(first, l.length());
      width = Math.max(width, l.length());
    }
    for (long[] row : counts) {
      for (long n : row) {
        width = Math.max(width, Long.toString(n).length());
      }
    }
    StringBuilder out = new StringBuilder(pad(corner, first, false));
    for (String l : labels) {
      out.append("  ").append(pad(l, width, true));
    }
    out.append('\n');
    for (int g = 0; g < counts.length; g++) {
      out.append(pad(labels.get(g), first, false));
      for (long n : counts[g]) {
        out.append("  ").append(pad(Long.toString(n), width, true));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Per-class scores as a text table, then macro-F1 and accuracy, e.g.
   *
   * <pre>
   * label  precision  recall     f1  support
   * neg       0.8889  0.8000 0.8421       50
   * ...
   * macro-F1 0.8496, accuracy 0.8500 (100 predictions)
   * </pre>
   */
  public String renderScores() {
    int first = "label".length();
    for (String l : labels) {
      first = Math.max(first, l.length());
    }
    StringBuilder out = new StringBuilder(pad("label", first, false))
        .append("  precision  recall      f1  support\n");
    for (int c = 0; c < labels.size(); c++) {
      String l = labels.get(c);
      long support = 0;
      for (long n : counts[c]) {
        support += n;
      }
      out.append(pad(l, first, false)).append(String.format(Locale.ROOT, "  %9.4f  %6.4f  %6.4f  %7d\n",
          precision(l), recall(l), f1(l), support));
    }
    return out.append(String.format(Locale.ROOT, "macro-F1 %.4f, accuracy %.4f (%d predictions)\n", macroF1(),
        accuracy(), total)).toString();
  }

  @Override
  public String toString() {
    return renderMatrix();
  }

  private int indexOf(String label) {
    Integer i = index.get(label);
    if (i == null) {
      throw new IllegalArgumentException("unknown label '" + label + "' (known: " + labels + ")");
    }
    return i;
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}
