package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class CoreSplitTest {
  @Test
  void everyPieceRunsOnceWhateverTheCounts() {
    for (int threads = 1; threads <= 4; threads++) {
      try (CoreSplit split = CoreSplit.of(threads)) {
        assertEquals(threads, split.threads());
        for (int pieces = 0; pieces <= 9; pieces++) {
          AtomicIntegerArray runs = new AtomicIntegerArray(pieces);
          split.run(pieces, (from, to) -> {
            for (int i = from; i < to; i++) {
              runs.incrementAndGet(i);
            }
          });
          for (int i = 0; i < pieces; i++) {
            assertEquals(1, runs.get(i), threads + " threads, " + pieces + " pieces, piece " + i);
          }
        }
      }
    }
  }

  @Test
  void helpersWakeAfterParking() throws InterruptedException {
    try (CoreSplit split = CoreSplit.of(2)) {
      for (int round = 0; round < 3; round++) {
        Thread.sleep(CoreSplit.SPIN_MICROS / 1000 + 5);  // long enough for the helper to park
        java.util.Set<String> who = java.util.concurrent.ConcurrentHashMap.newKeySet();
        split.run(32, (from, to) -> {
          who.add(Thread.currentThread().getName());
          try {
            Thread.sleep(2);  // slow pieces: the woken helper takes some of them
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        assertTrue(who.stream().anyMatch(n -> n.startsWith("rnn4j-core-split")), "pieces ran on " + who);
      }
    }
  }

  @Test
  void aFailureOnAHelperReachesTheCaller() {
    try (CoreSplit split = CoreSplit.of(2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> split.run(2, (from, to) -> {
        if (from == 1) {
          throw new IllegalStateException("piece " + from);
        }
      }));
      assertEquals("piece 1", e.getMessage());
      int[] sum = new int[1];
      split.run(2, (from, to) -> {
        synchronized (sum) {
          sum[0] += to - from;
        }
      });
      assertEquals(2, sum[0], "still usable after a failure");
    }
  }

  @Test
  void aClosedSplitRefusesWork() {
    CoreSplit split = CoreSplit.of(2);
    split.close();
    assertThrows(IllegalStateException.class, () -> split.run(4, (from, to) -> { }));
  }
}
