package dev.rnn4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scores of synthetic units whose relation to a probe is known: a copy of the quote signal must rank
 * first with AUC 1, the negated line position must have r = -1, noise must score near nothing, and the
 * streamed AUC must match a direct Mann-Whitney count.
 */
class AssociationTest {
  private static final String TEXT = """
      int main(void) {
        printf("hello, world\\n"); /* say "hi" */
        if (argc > 1 && argv[1][0] == '-') {
          return f("x", (1 + 2));
        }
      }
      """.repeat(6);

  private static final UnitId QUOTE = new UnitId(0, UnitId.Kind.H, 0);
  private static final UnitId NEG_LINE = new UnitId(0, UnitId.Kind.H, 1);
  private static final UnitId NOISE = new UnitId(0, UnitId.Kind.H, 2);
  private static final UnitId NOISY_QUOTE = new UnitId(0, UnitId.Kind.H, 3);

  /** Feeds [QUOTE, NEG_LINE, NOISE, NOISY_QUOTE] over the text in windows of 37 characters. */
  private static Association scored(List<Probe> probes) {
    float[] quote = probes.get(0).values();
    float[] line = probes.get(1).values();
    Random random = new Random(3);
    int n = quote.length;
    float[] all = new float[n * 4];
    for (int t = 0; t < n; t++) {
      all[t * 4] = quote[t] * 2 - 1; // -1 outside, +1 inside
      all[t * 4 + 1] = -line[t] / 80f;
      all[t * 4 + 2] = (float) (random.nextDouble() * 2 - 1);
      all[t * 4 + 3] = (float) Math.tanh(quote[t] + random.nextGaussian());
    }
    Association a = new Association(List.of(QUOTE, NEG_LINE, NOISE, NOISY_QUOTE), probes);
    for (int start = 0; start < n; start += 37) {
      int steps = Math.min(37, n - start);
      float[] w = java.util.Arrays.copyOfRange(all, start * 4, (start + steps) * 4);
      a.add(new ActivationRecorder.Window(start, steps, w, null, List.of()));
    }
    assertEquals(n, a.count());
    return a;
  }

  @Test
  void aUnitEqualToTheQuoteSignalRanksFirstWithAucOne() {
    List<Probe> probes = Probes.builtIn(TEXT.codePoints().toArray());
    Association a = scored(probes);
    List<UnitScore> top = a.top(0, 4);
    assertEquals(QUOTE, top.get(0).unit());
    assertEquals(1.0, top.get(0).value(), 1e-12);
    assertEquals(UnitScore.Measure.AUC, top.get(0).measure());
    assertTrue(top.get(0).positive());
    assertEquals(NOISY_QUOTE, top.get(1).unit(), top::toString);
    assertTrue(top.get(1).value() > 0.6 && top.get(1).value() < 1, top::toString);
  }

  @Test
  void theNegatedLinePositionHasCorrelationMinusOne() {
    List<Probe> probes = Probes.builtIn(TEXT.codePoints().toArray());
    Association a = scored(probes);
    UnitScore s = a.score(1, 1);
    assertEquals(UnitScore.Measure.PEARSON_R, s.measure());
    assertEquals(-1.0, s.value(), 1e-5);
    assertEquals(NEG_LINE, a.top(1, 1).get(0).unit());
    assertTrue(!s.positive());
  }

  @Test
  void noiseScoresNearNothing() {
    List<Probe> probes = Probes.builtIn(TEXT.codePoints().toArray());
    Association a = scored(probes);
    for (int p = 0; p < probes.size(); p++) {
      UnitScore s = a.score(2, p);
      assertTrue(s.strength() < 0.2, () -> "noise against " + s);
    }
  }

  @Test
  void streamedAucMatchesADirectMannWhitneyCount() {
    Random random = new Random(5);
    int n = 3000;
    float[] label = new float[n];
    float[] x = new float[n];
    for (int t = 0; t < n; t++) {
      label[t] = random.nextInt(3) == 0 ? 1 : 0;
      // coarse values so that ties are common and must count half
      x[t] = Math.round((float) Math.tanh(0.7 * label[t] + random.nextGaussian()) * 8) / 8f;
    }
    Probe probe = new Probe("p", Probe.Kind.BINARY, label);
    Association a = new Association(List.of(QUOTE), List.of(probe));
    a.add(new ActivationRecorder.Window(0, n, x, null, List.of()));
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (label[i] == 1 && label[j] == 0) {
          wins += x[i] > x[j] ? 1 : x[i] == x[j] ? 0.5 : 0;
          pairs++;
        }
      }
    }
    assertEquals(wins / pairs, a.score(0, 0).value(), 1e-9);
  }

  @Test
  void aConstantProbeOrUnitHasNoScore() {
    float[] zeros = new float[50];
    Association a = new Association(List.of(QUOTE), List.of(new Probe("never", Probe.Kind.BINARY, zeros),
        new Probe("flat", Probe.Kind.COUNT, zeros)));
    a.add(new ActivationRecorder.Window(0, 50, new float[50], null, List.of()));
    assertTrue(Double.isNaN(a.score(0, 0).value()));
    assertTrue(Double.isNaN(a.score(0, 1).value()));
    assertTrue(a.top(0, 3).isEmpty());
  }
}
