package dev.rnn4j.inspect;

import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.CellInspection;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * How often each gate unit is saturated, as in Karpathy, Johnson and Fei-Fei 2015, Figure 3: for every
 * gate of every unit, the fraction of characters at which its activation is left-saturated
 * ({@code < 0.1}) and right-saturated ({@code > 0.9}). LSTM: the input, forget and output gates (the
 * paper's three panels); GRU and the MUT cells: the reset and update gates; whatever the cell's
 * {@link CellInspection#gates()} name. A vanilla RNN has no gates.
 */
public final class GateSaturation {
  static final float LEFT = 0.1f;
  static final float RIGHT = 0.9f;

  /** One gate's fractions, indexed by unit. */
  public record Gate(String name, float[] leftFraction, float[] rightFraction) {}

  /** The gates of one layer. */
  public record Layer(int layer, List<Gate> gates) {}

  private final String[] names;
  private final int[] blocks;
  private final int blockCount;
  private final int layers;
  private final int hidden;
  /** [layer][gate][unit]. */
  private final long[][][] left;
  private final long[][][] right;
  private long n;

  /** For {@code layers} layers of {@code hidden} units of the given cell; throws for a cell without gates. */
  public GateSaturation(CellType cell, int layers, int hidden) {
    RecurrentLayer sample = sampleLayer(cell);
    List<CellInspection.Gate> gates = sample.gates();
    if (gates.isEmpty()) {
      throw new IllegalArgumentException("gate saturation needs a cell with gates (lstm, gru, mut1-3), not "
          + cell.label());
    }
    this.names = gates.stream().map(CellInspection.Gate::name).toArray(String[]::new);
    this.blocks = gates.stream().mapToInt(CellInspection.Gate::block).toArray();
    this.blockCount = sample.projectionWidth() / sample.hiddenSize();
    this.layers = layers;
    this.hidden = hidden;
    left = new long[layers][names.length][hidden];
    right = new long[layers][names.length][hidden];
  }

  /** Whether a cell has gates to plot. */
  public static boolean hasGates(CellType cell) {
    return !sampleLayer(cell).gates().isEmpty();
  }

  /** A one-unit layer of the cell, to read what its class says about its gates. */
  private static RecurrentLayer sampleLayer(CellType cell) {
    return cell.create(new Parameters(), 0, 1, 1);
  }

  /** Adds one recorded window's gate activations. */
  public void add(ActivationRecorder.Window w) {
    for (int l = 0; l < layers; l++) {
      float[] g = w.gates().get(l);
      for (int t = 0; t < w.steps(); t++) {
        int row = t * blockCount * hidden;
        for (int k = 0; k < names.length; k++) {
          int o = row + blocks[k] * hidden;
          long[] lk = left[l][k];
          long[] rk = right[l][k];
          for (int j = 0; j < hidden; j++) {
            float a = g[o + j];
            lk[j] += a < LEFT ? 1 : 0;
            rk[j] += a > RIGHT ? 1 : 0;
          }
        }
      }
    }
    n += w.steps();
  }

  /** The fractions so far, layer by layer. */
  public List<Layer> result() {
    List<Layer> out = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      List<Gate> gates = new ArrayList<>();
      for (int k = 0; k < names.length; k++) {
        float[] lf = new float[hidden];
        float[] rf = new float[hidden];
        for (int j = 0; j < hidden; j++) {
          lf[j] = n == 0 ? 0 : (float) left[l][k][j] / n;
          rf[j] = n == 0 ? 0 : (float) right[l][k][j] / n;
        }
        gates.add(new Gate(names[k], lf, rf));
      }
      out.add(new Layer(l, List.copyOf(gates)));
    }
    return out;
  }
}
