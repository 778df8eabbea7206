package dev.rnn4j.seq.data;

import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stratified k-fold cross-validation splits: every example is in exactly one fold's test part, and each fold
 * holds about a k-th of every class (within one example), so a fold's class proportions match the whole's.
 * The same examples, k and seed always give the same folds.
 *
 * <p>How: each class's examples are shuffled (Fisher-Yates, by the seed's {@link Rng}) and then dealt to the
 * folds in turn, one card at a time, the deal carrying on from class to class (classes in label order), so
 * fold sizes also differ by at most one. Within a fold both parts keep the input order.
 */
public final class Folds {
  /**
   * One fold.
   *
   * @param index 0-based fold number
   * @param train every example outside this fold, in input order
   * @param test this fold's examples, in input order
   */
  public record Fold(int index, List<LabelledText> train, List<LabelledText> test) {
    public Fold {
      train = List.copyOf(train);
      test = List.copyOf(test);
    }
  }

  private Folds() {}

  /**
   * Splits {@code examples} into {@code k} stratified folds.
   *
   * @throws IllegalArgumentException when {@code k < 2} or there are fewer examples than folds
   */
  public static List<Fold> stratified(List<LabelledText> examples, int k, long seed) {
    if (k < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
    }
    if (examples.size() < k) {
      throw new IllegalArgumentException(k + " folds need at least " + k + " examples, got " + examples.size());
    }
    Map<String, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < examples.size(); i++) {
      byClass.computeIfAbsent(examples.get(i).label(), l -> new ArrayList<>()).add(i);
    }
    Rng rng = new Rng(seed);
    int[] foldOf = new int[examples.size()];
    int dealt = 0;
    for (List<Integer> members : byClass.values()) {
      for (int i = members.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Integer t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
      }
      for (int index : members) {
        foldOf[index] = dealt++ % k;
      }
    }
    List<Fold> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      List<LabelledText> train = new ArrayList<>();
      List<LabelledText> test = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        (foldOf[i] == f ? test : train).add(examples.get(i));
      }
      folds.add(new Fold(f, train, test));
    }
    return folds;
  }
}
