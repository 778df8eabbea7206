package dev.rnn4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parts of an {@link Association} that each score a range of the columns must give exactly the scores and
 * rankings of one instance over all of them: the same sums in the same order per unit.
 */
class AssociationPartsTest {
  private static final int UNITS = 23;
  private static final int LENGTH = 3001;

  /** Count and binary probes over random text, two of them scoped, one binary probe never true in scope. */
  private static List<Probe> probes(Random random) {
    boolean[] notComment = new boolean[LENGTH];
    boolean[] notString = new boolean[LENGTH];
    float[] depth = new float[LENGTH];
    float[] inside = new float[LENGTH];
    float[] rare = new float[LENGTH];
    float[] column = new float[LENGTH];
    for (int t = 0; t < LENGTH; t++) {
      notComment[t] = random.nextInt(5) != 0;
      notString[t] = random.nextInt(7) != 0;
      depth[t] = random.nextInt(4);
      inside[t] = random.nextInt(3) == 0 ? 1 : 0;
      rare[t] = random.nextInt(200) == 0 ? 1 : 0;
      column[t] = t % 80;
    }
    return List.of(new Probe("depth", Probe.Kind.COUNT, depth, notComment),
        new Probe("inside", Probe.Kind.BINARY, inside, notString),
        new Probe("rare", Probe.Kind.BINARY, rare, notComment),
        new Probe("column", Probe.Kind.COUNT, column));
  }

  /** Random activations, each unit leaning on one probe; units 5 and 6 are equal (a tie in every ranking). */
  private static float[] activations(Random random, List<Probe> probes) {
    float[] x = new float[LENGTH * UNITS];
    for (int t = 0; t < LENGTH; t++) {
      for (int j = 0; j < UNITS; j++) {
        float signal = probes.get(j % probes.size()).values()[t];
        x[t * UNITS + j] = (float) Math.tanh(0.3 * signal * (j % 3 - 1) + random.nextGaussian());
      }
      x[t * UNITS + 6] = x[t * UNITS + 5];
    }
    return x;
  }

  private static void feed(float[] x, List<Association> parts) {
    for (int start = 0; start < LENGTH; start += 256) {
      int steps = Math.min(256, LENGTH - start);
      float[] w = java.util.Arrays.copyOfRange(x, start * UNITS, (start + steps) * UNITS);
      for (Association a : parts) {
        a.add(new ActivationRecorder.Window(start, steps, w, null, List.of()));
      }
    }
  }

  @Test
  void partsScoreAndRankExactlyAsOneWhole() {
    Random random = new Random(11);
    List<Probe> probes = probes(random);
    List<UnitId> units = new ArrayList<>();
    for (int j = 0; j < UNITS; j++) {
      units.add(new UnitId(j / 12, UnitId.Kind.H, j % 12));
    }
    float[] x = activations(random, probes);
    Association whole = new Association(units, probes);
    List<Association> parts = List.of(Association.part(units, probes, 0, 6), Association.part(units, probes, 6, 0),
        Association.part(units, probes, 6, UNITS - 6));
    feed(x, List.of(whole));
    feed(x, parts);

    for (int p = 0; p < probes.size(); p++) {
      for (int j = 0; j < UNITS; j++) {
        UnitScore expected = whole.score(j, p);
        UnitScore actual = Association.scoring(parts, j).score(j, p);
        assertEquals(expected.unit(), actual.unit());
        assertEquals(expected.value(), actual.value(), "unit " + j + ", probe " + probes.get(p).name());
      }
      for (int k : new int[] {1, 3, 7, UNITS + 5}) {
        assertEquals(whole.top(p, k), Association.top(parts, p, k), "top " + k + " of " + probes.get(p).name());
      }
    }
    // the tie between units 5 and 6 (in different parts) is broken by unit, as in one ranking
    List<UnitScore> all = Association.top(parts, 0, UNITS);
    assertEquals(all.indexOf(whole.score(5, 0)) + 1, all.indexOf(whole.score(6, 0)));
    assertEquals(whole.scored(1), parts.get(2).scored(1));
  }

  @Test
  void aPartRejectsColumnsItDoesNotScore() {
    Random random = new Random(2);
    List<Probe> probes = probes(random);
    List<UnitId> units = List.of(new UnitId(0, UnitId.Kind.H, 0), new UnitId(0, UnitId.Kind.H, 1));
    Association part = Association.part(units, probes, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> part.score(0, 0));
    assertThrows(IllegalArgumentException.class, () -> Association.part(units, probes, 1, 2));
  }
}
