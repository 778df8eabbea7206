package dev.rnn4j.train;

import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One epoch's batches of variable-length examples, for every model kind that pads its batches: shuffle the
 * examples, sort by length within chunks of {@value #CHUNK} batches, cut the chunks into batches and
 * shuffle the batches. Few padded steps, yet every batch differs from epoch to epoch. The plan depends only
 * on the generator's state, so a run that saved that state before drawing redraws the same plan.
 */
public final class BucketedBatches {
  /** Batches per chunk sorted together. */
  public static final int CHUNK = 20;

  private BucketedBatches() {}

  public static <T> List<List<T>> plan(List<T> examples, int batch, ToIntFunction<T> length, Rng rng) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    @SuppressWarnings("unchecked")
    T[] order = (T[]) examples.toArray();
    shuffle(order, rng);
    int chunk = batch * CHUNK;
    List<List<T>> batches = new ArrayList<>();
    for (int start = 0; start < order.length; start += chunk) {
      int end = Math.min(order.length, start + chunk);
      Arrays.sort(order, start, end, Comparator.comparingInt(length));
      for (int b = start; b < end; b += batch) {
        batches.add(List.of(Arrays.copyOfRange(order, b, Math.min(end, b + batch))));
      }
    }
    @SuppressWarnings("unchecked")
    List<T>[] shuffled = batches.toArray(new List[0]);
    shuffle(shuffled, rng);
    return List.of(shuffled);
  }

  private static <T> void shuffle(T[] a, Rng rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
