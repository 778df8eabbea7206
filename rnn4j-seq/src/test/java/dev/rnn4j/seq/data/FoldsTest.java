package dev.rnn4j.seq.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FoldsTest {
  /** 103 examples, unevenly split: 61 of a, 29 of b, 13 of c, interleaved. */
  private static List<LabelledText> examples() {
    List<LabelledText> out = new ArrayList<>();
    int[] left = {61, 29, 13};
    String[] labels = {"a", "b", "c"};
    for (int i = 0; out.size() < 103; i++) {
      int c = i % 3;
      if (left[c]-- > 0) {
        out.add(new LabelledText("text " + out.size(), labels[c]));
      }
    }
    return out;
  }

  @Test
  void everyExampleIsInExactlyOneTestFoldAndTrainIsTheRest() {
    List<LabelledText> all = examples();
    List<Folds.Fold> folds = Folds.stratified(all, 10, 7);
    assertEquals(10, folds.size());
    Set<LabelledText> tested = new HashSet<>();
    for (Folds.Fold f : folds) {
      for (LabelledText e : f.test()) {
        assertTrue(tested.add(e), "tested twice: " + e);
      }
      assertEquals(all.size(), f.train().size() + f.test().size());
      Set<LabelledText> train = new HashSet<>(f.train());
      f.test().forEach(e -> assertTrue(!train.contains(e), "in both parts: " + e));
      // Both parts keep input order.
      assertEquals(all.stream().filter(train::contains).toList(), f.train());
    }
    assertEquals(new HashSet<>(all), tested);
  }

  @Test
  void eachFoldHoldsATenthOfEveryClass() {
    List<Folds.Fold> folds = Folds.stratified(examples(), 10, 7);
    Map<String, Integer> total = Map.of("a", 61, "b", 29, "c", 13);
    for (Folds.Fold f : folds) {
      Map<String, Integer> n = new HashMap<>();
      f.test().forEach(e -> n.merge(e.label(), 1, Integer::sum));
      for (var e : total.entrySet()) {
        int got = n.getOrDefault(e.getKey(), 0);
        assertTrue(got == e.getValue() / 10 || got == e.getValue() / 10 + 1,
            "fold " + f.index() + " has " + got + " of " + e.getKey());
      }
      assertTrue(f.test().size() == 10 || f.test().size() == 11, "fold size " + f.test().size());
    }
  }

  @Test
  void sameSeedSameFoldsOtherSeedOtherFolds() {
    assertEquals(Folds.stratified(examples(), 5, 1), Folds.stratified(examples(), 5, 1));
    assertNotEquals(Folds.stratified(examples(), 5, 1), Folds.stratified(examples(), 5, 2));
  }

  @Test
  void badFoldCountsAreRefused() {
    assertEquals("cross-validation needs at least 2 folds, got 1",
        assertThrows(IllegalArgumentException.class, () -> Folds.stratified(examples(), 1, 0)).getMessage());
    assertEquals("10 folds need at least 10 examples, got 3", assertThrows(IllegalArgumentException.class,
        () -> Folds.stratified(examples().subList(0, 3), 10, 0)).getMessage());
  }
}
