package dev.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every example once per epoch, in batches of similar lengths, a new order each epoch, and exact restore. */
class BucketedBatchesTest {
  /** Examples are their own lengths: 1000 of lengths 1..50. */
  private static List<Integer> examples() {
    Rng rng = new Rng(4);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      out.add(1 + rng.nextInt(50));
    }
    return out;
  }

  private static List<List<Integer>> epoch(BucketedBatches<Integer> b) {
    List<List<Integer>> out = new ArrayList<>();
    do {
      out.add(b.next());
    } while (!b.epochEnded());
    return out;
  }

  @Test
  void anEpochHoldsEveryExampleOnceInBatchesOfSimilarLength() {
    List<Integer> data = examples();
    BucketedBatches<Integer> b = new BucketedBatches<>(data, 8, Integer::intValue, new Rng(1));
    assertEquals(125, b.batchesPerEpoch());
    List<List<Integer>> first = epoch(b);
    assertEquals(1, b.epoch());
    assertEquals(125, first.size());
    List<Integer> seen = new ArrayList<>();
    long padding = 0;
    for (List<Integer> batch : first) {
      seen.addAll(batch);
      int max = batch.stream().mapToInt(Integer::intValue).max().orElseThrow();
      for (int n : batch) {
        padding += max - n;
      }
    }
    assertEquals(data.stream().sorted().toList(), seen.stream().sorted().toList());
    // unsorted batches of lengths uniform on 1..50 pad about 18 steps per example; bucketed, about 1
    assertTrue(padding < 2 * data.size(), "padded steps: " + padding);
    assertNotEquals(first, epoch(b), "the second epoch is drawn anew");
  }

  @Test
  void restoringTheSavedPositionContinuesWithTheSameBatches() {
    BucketedBatches<Integer> straight = new BucketedBatches<>(examples(), 8, Integer::intValue, new Rng(2));
    for (int i = 0; i < 160; i++) {
      straight.next();
    }
    int epoch = straight.epoch();
    int batch = straight.batchInEpoch();
    long[] start = straight.epochStart();
    assertEquals(1, epoch);
    assertEquals(35, batch);
    BucketedBatches<Integer> resumed = new BucketedBatches<>(examples(), 8, Integer::intValue, new Rng(99));
    resumed.restore(epoch, batch, start);
    assertEquals(straight.epochsDone(), resumed.epochsDone(), 0.0);
    for (int i = 0; i < 300; i++) {
      assertEquals(straight.next(), resumed.next(), "batch " + i + " after the restore");
      assertEquals(straight.epochEnded(), resumed.epochEnded());
    }
    assertFalse(straight.epoch() < 3);
    assertThrows(IllegalArgumentException.class, () -> resumed.restore(0, 125, start));
  }
}
