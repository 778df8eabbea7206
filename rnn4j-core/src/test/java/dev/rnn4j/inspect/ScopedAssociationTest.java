package dev.rnn4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Probes scored over their scopes only. A unit equal to "inside a comment" looks like an if-condition
 * and bracket-depth detector when every character counts (conditions never occur in comments, and
 * comments sit at shallow depth), and like nothing once comments and strings are left out; scoped AUC and
 * r must equal direct computations over the scope's characters.
 */
class ScopedAssociationTest {
  private static final String TEXT = """
      /* helper (see foo[1]) { not code } and more (prose) */
      static int f(int a, int b)
      {
      \t/* check (a) and [b] before (c) */
      \tif (a > b && g(a, "(x)")) {
      \t\treturn h("(y)", a);
      \t}
      \t// done (really) [ok]
      \treturn 0;
      }
      """.repeat(8);

  private static final UnitId COMMENT = new UnitId(0, UnitId.Kind.C, 0);
  private static final UnitId CONDITION = new UnitId(0, UnitId.Kind.C, 1);
  private static final UnitId CONDITION_AND_COMMENT = new UnitId(0, UnitId.Kind.C, 2);
  private static final int QUOTE = 0;
  private static final int DEPTH = 2;
  private static final int IF = 4;

  /** Feeds the units over the text in windows of 37 characters. */
  private static Association scored(List<Probe> probes, List<UnitId> units, float[][] values) {
    int n = values[0].length;
    int u = units.size();
    Association a = new Association(units, probes);
    for (int start = 0; start < n; start += 37) {
      int steps = Math.min(37, n - start);
      float[] w = new float[steps * u];
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < u; j++) {
          w[t * u + j] = values[j][start + t];
        }
      }
      a.add(new ActivationRecorder.Window(start, steps, w, null, List.of()));
    }
    assertEquals(n, a.count());
    return a;
  }

  private static Association commentAndConditionUnits(boolean scoped) {
    List<Probe> probes = Probes.builtIn(TEXT.codePoints().toArray());
    if (!scoped) {
      probes = probes.stream().map(p -> new Probe(p.name(), p.kind(), p.values())).toList();
    }
    float[] comment = probes.get(3).values();
    float[] condition = probes.get(IF).values();
    int n = comment.length;
    float[][] x = new float[3][n];
    for (int t = 0; t < n; t++) {
      x[0][t] = comment[t] * 2 - 1;
      // the true signal in code; the condition characters inside a string are out of scope and left at -1
      boolean code = probes.get(IF).scope() == null || probes.get(IF).scope()[t];
      x[1][t] = code && condition[t] != 0 ? 1 : -1;
      x[2][t] = comment[t] != 0 || condition[t] != 0 ? 1 : -1;
    }
    return scored(probes, List.of(COMMENT, CONDITION, CONDITION_AND_COMMENT), x);
  }

  @Test
  void unscopedTheCommentCellLooksLikeAnIfConditionAndDepthDetector() {
    Association a = commentAndConditionUnits(false);
    UnitScore ifScore = a.score(0, IF);
    assertTrue(ifScore.value() < 0.4, () -> "comment unit against if-condition: " + ifScore);
    UnitScore depth = a.score(0, DEPTH);
    assertTrue(depth.value() < -0.3, () -> "comment unit against bracket-depth: " + depth);
    assertTrue(a.score(2, IF).value() < 0.9, () -> "condition unit that is also high in comments: " + a.score(2, IF));
  }

  @Test
  void scopedTheCommentCellScoresNothingAndTheConditionUnitRanksFirst() {
    Association a = commentAndConditionUnits(true);
    UnitScore ifScore = a.score(0, IF);
    assertEquals(0.5, ifScore.value(), 0.02, ifScore::toString);
    assertTrue(a.score(0, DEPTH).strength() < 0.05, () -> a.score(0, DEPTH).toString());
    List<UnitScore> top = a.top(IF, 3);
    assertEquals(CONDITION, top.get(0).unit(), top::toString);
    assertEquals(1.0, top.get(0).value(), 1e-12);
    // what the unit does in comments no longer counts against it
    assertEquals(1.0, a.score(2, IF).value(), 1e-12);
    assertEquals(Probes.builtIn(TEXT.codePoints().toArray()).get(IF).scoredCount(), a.scored(IF));
    assertTrue(a.scored(IF) < a.scored(QUOTE) && a.scored(QUOTE) < a.count());
  }

  @Test
  void scopedScoresEqualDirectComputationsOverTheScope() {
    Random random = new Random(11);
    int n = 2500;
    boolean[] scopeA = new boolean[n];
    boolean[] scopeB = new boolean[n];
    float[] label = new float[n];
    float[] count = new float[n];
    float[] x = new float[n];
    for (int t = 0; t < n; t++) {
      scopeA[t] = random.nextInt(4) != 0;
      scopeB[t] = random.nextInt(3) != 0;
      label[t] = random.nextInt(3) == 0 ? 1 : 0;
      count[t] = random.nextInt(6);
      // outside scope A the unit does something unrelated, which must not change A's scores; values are
      // coarse (eighths) so that the histogram's ties are exact ties
      double v = scopeA[t] ? Math.tanh(0.7 * label[t] - 0.2 * count[t] + random.nextGaussian())
          : random.nextDouble() * 2 - 1;
      x[t] = Math.round((float) v * 8) / 8f;
    }
    List<Probe> probes = new ArrayList<>(List.of(new Probe("binary-a", Probe.Kind.BINARY, label, scopeA),
        new Probe("count-a", Probe.Kind.COUNT, count, scopeA),
        new Probe("binary-b", Probe.Kind.BINARY, label, scopeB),
        new Probe("count-all", Probe.Kind.COUNT, count)));
    Association a = scored(probes, List.of(COMMENT), new float[][] {x});
    assertEquals(directAuc(x, label, scopeA), a.score(0, 0).value(), 1e-9);
    assertEquals(directR(x, count, scopeA), a.score(0, 1).value(), 1e-5);
    assertEquals(directAuc(x, label, scopeB), a.score(0, 2).value(), 1e-9);
    assertEquals(directR(x, count, null), a.score(0, 3).value(), 1e-5);
  }

  private static double directAuc(float[] x, float[] label, boolean[] scope) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        if (scope[i] && scope[j] && label[i] == 1 && label[j] == 0) {
          wins += x[i] > x[j] ? 1 : x[i] == x[j] ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return wins / pairs;
  }

  private static double directR(float[] x, float[] y, boolean[] scope) {
    double sx = 0;
    double sy = 0;
    int m = 0;
    for (int t = 0; t < x.length; t++) {
      if (scope == null || scope[t]) {
        sx += x[t];
        sy += y[t];
        m++;
      }
    }
    double mx = sx / m;
    double my = sy / m;
    double cov = 0;
    double vx = 0;
    double vy = 0;
    for (int t = 0; t < x.length; t++) {
      if (scope == null || scope[t]) {
        cov += (x[t] - mx) * (y[t] - my);
        vx += (x[t] - mx) * (x[t] - mx);
        vy += (y[t] - my) * (y[t] - my);
      }
    }
    return cov / Math.sqrt(vx * vy);
  }
}
