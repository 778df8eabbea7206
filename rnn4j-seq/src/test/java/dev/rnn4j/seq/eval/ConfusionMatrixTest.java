package dev.rnn4j.seq.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  private static final double EPS = 1e-12;

  /**
   * Gold by row, predicted by column:
   *
   * <pre>
   *        a  b  c
   *   a    3  1  0
   *   b    0  2  2
   *   c    1  0  1
   * </pre>
   */
  private static ConfusionMatrix handExample() {
    ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c"));
    add(m, "a", "a", 3);
    add(m, "a", "b", 1);
    add(m, "b", "b", 2);
    add(m, "b", "c", 2);
    add(m, "c", "a", 1);
    add(m, "c", "c", 1);
    return m;
  }

  private static void add(ConfusionMatrix m, String gold, String predicted, int times) {
    for (int i = 0; i < times; i++) {
      m.add(gold, predicted);
    }
  }

  @Test
  void scoresOfAHandComputedExample() {
    ConfusionMatrix m = handExample();
    assertEquals(10, m.total());
    assertEquals(2, m.count("b", "c"));
    assertEquals(0.6, m.accuracy(), EPS); // 6 of 10 on the diagonal
    // a: 3 of 4 predicted a are a; 3 of 4 gold a found.
    assertEquals(0.75, m.precision("a"), EPS);
    assertEquals(0.75, m.recall("a"), EPS);
    assertEquals(0.75, m.f1("a"), EPS);
    // b: 2 of 3 predicted; 2 of 4 gold; F1 = 2 (2/3)(1/2) / (2/3 + 1/2) = 4/7.
    assertEquals(2.0 / 3, m.precision("b"), EPS);
    assertEquals(0.5, m.recall("b"), EPS);
    assertEquals(4.0 / 7, m.f1("b"), EPS);
    // c: 1 of 3 predicted; 1 of 2 gold; F1 = 2 (1/3)(1/2) / (1/3 + 1/2) = 2/5.
    assertEquals(1.0 / 3, m.precision("c"), EPS);
    assertEquals(0.5, m.recall("c"), EPS);
    assertEquals(0.4, m.f1("c"), EPS);
    assertEquals((0.75 + 4.0 / 7 + 0.4) / 3, m.macroF1(), EPS);
  }

  @Test
  void undefinedRatiosAreZeroAndCountInTheMacroMean() {
    ConfusionMatrix m = new ConfusionMatrix(List.of("x", "y", "never"));
    assertEquals(0, m.accuracy());
    m.add("x", "x");
    m.add("y", "x");
    assertEquals(0, m.precision("y")); // never predicted
    assertEquals(0, m.recall("never")); // never gold
    assertEquals(0, m.f1("never"));
    // x: precision 1/2, recall 1, F1 2/3; y and never: 0.
    assertEquals((2.0 / 3) / 3, m.macroF1(), EPS);
  }

  @Test
  void foldsAddUp() {
    ConfusionMatrix sum = new ConfusionMatrix(List.of("a", "b", "c"));
    sum.addAll(handExample());
    sum.addAll(handExample());
    assertEquals(20, sum.total());
    assertEquals(6, sum.count("a", "a"));
    assertEquals(0.6, sum.accuracy(), EPS);
    assertThrows(IllegalArgumentException.class, () -> sum.addAll(new ConfusionMatrix(List.of("a", "b"))));
  }

  @Test
  void rendersTheMatrixAndTheScores() {
    ConfusionMatrix m = handExample();
    assertEquals("""
        gold \\ predicted  a  b  c
        a                 3  1  0
        b                 0  2  2
        c                 1  0  1
        """, m.renderMatrix());
    assertEquals("""
        label  precision  recall      f1  support
        a         0.7500  0.7500  0.7500        4
        b         0.6667  0.5000  0.5714        4
        c         0.3333  0.5000  0.4000        2
        macro-F1 0.5738, accuracy 0.6000 (10 predictions)
        """, m.renderScores());
  }

  @Test
  void unknownAndRepeatedLabelsAreRefused() {
    ConfusionMatrix m = handExample();
    assertEquals("unknown label 'd' (known: [a, b, c])",
        assertThrows(IllegalArgumentException.class, () -> m.add("a", "d")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of("a", "a")));
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of()));
  }
}
