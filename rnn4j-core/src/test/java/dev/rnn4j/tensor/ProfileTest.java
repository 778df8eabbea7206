package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfileTest {
  private static final Profile.Part OUTER = Profile.part("test: outer");
  private static final Profile.Part INNER = Profile.part("test: inner");

  @AfterEach
  void switchOff() {
    Profile.enable(false);
    Profile.reset();
  }

  private static void spin(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static double millis(String part) {
    return Profile.nanos().get(part) / 1e6;
  }

  @Test
  void aPartOwnsOnlyItsOwnTimeNotThatOfThePartsInsideIt() {
    Profile.enable(true);
    Profile.reset();
    Profile.enter(OUTER);
    spin(30);
    Profile.enter(INNER);
    spin(60);
    Profile.exit();
    spin(30);
    Profile.exit();
    spin(50);  // outside every part: counted nowhere
    double outer = millis("test: outer");
    double inner = millis("test: inner");
    assertTrue(outer >= 60 && outer < 60 + 40, "outer " + outer + " ms");
    assertTrue(inner >= 60 && inner < 60 + 40, "inner " + inner + " ms");
  }

  @Test
  void timeOnSeveralThreadsAddsUp() throws InterruptedException {
    Profile.enable(true);
    Profile.reset();
    Thread[] threads = new Thread[2];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        Profile.enter(INNER);
        spin(40);
        Profile.exit();
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Profile.add(OUTER, 5_000_000);
    assertTrue(millis("test: inner") >= 80, "two threads' 40 ms: " + millis("test: inner"));
    assertEquals(5, millis("test: outer"), 1e-9);
  }

  @Test
  void offCountsNothingAndResetForgets() {
    Profile.enable(false);
    Profile.enter(OUTER);
    spin(10);
    Profile.exit();
    Profile.add(OUTER, 1000);
    assertEquals(0, millis("test: outer"));
    Profile.enable(true);
    Profile.add(OUTER, 1000);
    Profile.reset();
    assertEquals(0, millis("test: outer"));
    assertSame(OUTER, Profile.part("test: outer"), "one part per name");
  }
}
