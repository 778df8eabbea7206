package dev.rnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationsTest {
  @Test
  void sigmoidIsWithinItsStatedErrorEverywhere() {
    double worst = 0;
    for (double x = -30; x <= 30; x += 1e-4 * Math.PI) {
      double want = 1.0 / (1.0 + Math.exp(-(float) x));
      worst = Math.max(worst, Math.abs(Activations.sigmoid((float) x) - want));
    }
    assertTrue(worst < 1.2e-7, "max error " + worst);
  }

  @Test
  void tanhIsWithinItsStatedErrorEverywhere() {
    double worst = 0;
    for (double x = -30; x <= 30; x += 1e-4 * Math.E) {
      worst = Math.max(worst, Math.abs(Activations.tanh((float) x) - Math.tanh((float) x)));
    }
    assertTrue(worst < 2.5e-7, "max error " + worst);
  }

  @Test
  void smallArgumentsKeepTheirRelativePrecisionWhereItMatters() {
    // near 0 tanh(x) ~ x: the interpolation error vanishes with f'' there
    for (float x : new float[] {1e-3f, -2e-4f, 3e-5f}) {
      assertEquals(Math.tanh(x), Activations.tanh(x), 1e-9);
    }
    assertEquals(0.5f, Activations.sigmoid(0f), 1e-9f);
    assertEquals(0f, Activations.tanh(0f), 0f);
  }

  @Test
  void saturatesAndHandlesExtremes() {
    assertEquals(1f, Activations.tanh(1e6f), 0f);
    assertEquals(-1f, Activations.tanh(Float.NEGATIVE_INFINITY), 0f);
    assertEquals(1f, Activations.sigmoid(100f), 0f);
    assertEquals(0f, Activations.sigmoid(-200f), 0f);
    assertTrue(Float.isNaN(Activations.sigmoid(Float.NaN)));
    assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
  }
}
