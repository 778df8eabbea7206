package dev.rnn4j.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.model.CellType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Saturation fractions of hand-made gate activations, for an LSTM's i, f, o and a GRU's r, z. */
class GateSaturationTest {
  @Test
  void lstmCountsInputForgetAndOutputButNotTheCandidate() {
    int h = 2;
    // 4 steps, blocks i | f | g | o of 2 units each
    float[] g = {
        0.05f, 0.5f, /* f */ 0.95f, 0.95f, /* g */ -1f, -1f, /* o */ 0.5f, 0.0f,
        0.05f, 0.95f, /* f */ 0.95f, 0.5f, /* g */ -1f, -1f, /* o */ 0.5f, 0.0f,
        0.5f, 0.5f, /* f */ 0.95f, 0.05f, /* g */ -1f, -1f, /* o */ 0.5f, 0.0f,
        0.5f, 0.5f, /* f */ 0.95f, 0.05f, /* g */ -1f, -1f, /* o */ 0.5f, 1.0f,
    };
    GateSaturation s = new GateSaturation(CellType.LSTM, 1, h);
    s.add(new ActivationRecorder.Window(0, 4, new float[0], null, List.of(g)));
    GateSaturation.Layer layer = s.result().get(0);
    assertEquals(List.of("input", "forget", "output"), layer.gates().stream().map(GateSaturation.Gate::name).toList());
    assertArrayEquals(new float[] {0.5f, 0f}, layer.gates().get(0).leftFraction());
    assertArrayEquals(new float[] {0f, 0.25f}, layer.gates().get(0).rightFraction());
    assertArrayEquals(new float[] {0f, 0.5f}, layer.gates().get(1).leftFraction());
    assertArrayEquals(new float[] {1f, 0.25f}, layer.gates().get(1).rightFraction());
    assertArrayEquals(new float[] {0f, 0.75f}, layer.gates().get(2).leftFraction());
    assertArrayEquals(new float[] {0f, 0.25f}, layer.gates().get(2).rightFraction());
  }

  @Test
  void gruCountsResetAndUpdate() {
    float[] g = {0.01f, /* z */ 0.99f, /* h~ */ 0.99f, 0.5f, /* z */ 0.01f, /* h~ */ 0.01f};
    GateSaturation s = new GateSaturation(CellType.GRU, 1, 1);
    s.add(new ActivationRecorder.Window(0, 2, new float[0], null, List.of(g)));
    GateSaturation.Layer layer = s.result().get(0);
    assertEquals(List.of("reset", "update"), layer.gates().stream().map(GateSaturation.Gate::name).toList());
    assertArrayEquals(new float[] {0.5f}, layer.gates().get(0).leftFraction());
    assertArrayEquals(new float[] {0f}, layer.gates().get(0).rightFraction());
    assertArrayEquals(new float[] {0.5f}, layer.gates().get(1).leftFraction());
    assertArrayEquals(new float[] {0.5f}, layer.gates().get(1).rightFraction());
  }

  @Test
  void mutCellsCountUpdateAndReset() {
    float[] g = {0.01f, /* r */ 0.99f, /* c */ 0.3f, 0.5f, /* r */ 0.01f, /* c */ -0.3f};
    for (CellType cell : new CellType[] {CellType.MUT1, CellType.MUT2, CellType.MUT3}) {
      GateSaturation s = new GateSaturation(cell, 1, 1);
      s.add(new ActivationRecorder.Window(0, 2, new float[0], null, List.of(g)));
      GateSaturation.Layer layer = s.result().get(0);
      assertEquals(List.of("update", "reset"), layer.gates().stream().map(GateSaturation.Gate::name).toList());
      assertArrayEquals(new float[] {0.5f}, layer.gates().get(0).leftFraction(), cell.label());
      assertArrayEquals(new float[] {0.5f}, layer.gates().get(1).rightFraction(), cell.label());
    }
  }

  @Test
  void cellsWithoutGatesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GateSaturation(CellType.RNN, 1, 4));
    assertEquals("gate saturation needs a cell with gates (lstm, gru, mut1-3), not rnn", e.getMessage());
  }
}
