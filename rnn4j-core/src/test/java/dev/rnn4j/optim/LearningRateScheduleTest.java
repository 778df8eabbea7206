package dev.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  @Test
  void constantNeverChanges() {
    LearningRateSchedule s = LearningRateSchedule.constant(2e-3f);
    for (int e = 0; e < 100; e++) {
      assertEquals(2e-3f, s.rate(e), 0f, "epoch " + e);
    }
    LearningRateSchedule noDecay = new LearningRateSchedule(0.1f, 1f, 3);
    assertEquals(0.1f, noDecay.rate(50), 0f);
  }

  /** lr(e) = base * decay^max(0, e - decayAfter + 1): epochs 0..decayAfter-1 at base, then one decay each. */
  @Test
  void decaysOncePerEpochFromDecayAfter() {
    LearningRateSchedule s = new LearningRateSchedule(2e-3f, 0.97f, 10);
    for (int e = 0; e < 10; e++) {
      assertEquals(2e-3f, s.rate(e), 0f, "epoch " + e + " before decay");
    }
    assertEquals(2e-3 * 0.97, s.rate(10), 1e-9);
    assertEquals(2e-3 * 0.97 * 0.97, s.rate(11), 1e-9);
    assertEquals(2e-3 * Math.pow(0.97, 21), s.rate(30), 1e-9);
    for (int e = 10; e < 40; e++) {
      assertTrue(s.rate(e + 1) < s.rate(e), "strictly decreasing after the start, epoch " + e);
    }
    LearningRateSchedule fromStart = new LearningRateSchedule(1f, 0.5f, 0);
    assertEquals(0.5f, fromStart.rate(0), 1e-7f);
    assertEquals(0.25f, fromStart.rate(1), 1e-7f);
  }

  @Test
  void rejectsBadValuesNamingThem() {
    for (float lr : new float[] {0f, -1e-3f, Float.NaN, Float.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LearningRateSchedule.constant(lr));
      assertTrue(e.getMessage().contains(String.valueOf(lr)), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LearningRateSchedule(0.1f, 1.5f, 0));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.1f, 0f, 0));
    e = assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.1f, 0.9f, -1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void warmupRisesLinearlyThenCosineEndsAtTheFloor() {
    LearningRateSchedule s = LearningRateSchedule.cosine(1f, 10, 0.1f);
    assertEquals(0.1f, s.rate(0, 0, 0), 1e-6f, "first warm-up step: 1/10 of the base");
    assertEquals(0.5f, s.rate(0, 4, 0), 1e-6f);
    assertEquals(1f, s.rate(0, 10, 0), 1e-6f, "warm-up over, nothing of the budget used");
    assertEquals(0.55f, s.rate(0, 500, 0.5), 1e-6f, "half-way: floor + (1 - floor) / 2");
    assertEquals(0.1f, s.rate(0, 1000, 1.0), 1e-6f, "the budget's end: the floor");
    assertEquals(0.1f, s.rate(0, 1000, 1.7), 1e-6f, "past the end stays at the floor");
    float previous = Float.MAX_VALUE;
    for (int i = 0; i <= 100; i++) {
      float r = s.rate(0, 100 + i, i / 100.0);
      assertTrue(r <= previous, "cosine never rises after warm-up: step " + i);
      previous = r;
    }
  }

  @Test
  void linearAnnealAndEpochDecayMultiply() {
    LearningRateSchedule s = new LearningRateSchedule(1f, 0.5f, 1, 0, LearningRateSchedule.Anneal.LINEAR, 0f);
    assertEquals(0.75f, s.rate(0, 10, 0.25), 1e-6f);
    assertEquals(0.5f * 0.75f, s.rate(1, 10, 0.25), 1e-6f, "epoch 1 halves it as well");
    assertEquals(0f, s.rate(0, 10, 1.0), 1e-6f);
  }

  @Test
  void noAnnealIgnoresTheBudget() {
    LearningRateSchedule s = LearningRateSchedule.constant(3e-3f);
    assertEquals(3e-3f, s.rate(0, 123, 0.9), 0f);
  }

  @Test
  void badScheduleValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1f, -1, 0.1f));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1f, 0, 1.5f));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.Anneal.parse("step"));
  }
}
