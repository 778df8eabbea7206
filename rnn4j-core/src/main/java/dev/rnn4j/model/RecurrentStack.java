package dev.rnn4j.model;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Parameters;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.WeightFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The part every recurrent model kind shares: input -> L recurrent layers, dropout on each layer's output
 * -> a linear projection (the decoder). The input (one-hot ids, an embedding, an image) and the loss are
 * the model's; so is the state's lifetime (carried across windows, or zero per sequence).
 *
 * <p>Shapes: B sequences, T steps, I input width, H hidden width, O outputs; rows time-major
 * ({@code t*B + b}). Parameters, PyTorch-style: {@code rnn.weight_ih_l0 ...} (the cells') and
 * {@code decoder.weight [O, H]}, {@code decoder.bias}.
 */
public final class RecurrentStack {
  private final RecurrentLayer[] layers;
  private final Dropout[] dropouts;
  private final Linear decoder;
  private final int hidden;
  private boolean oneHotInput;

  /**
   * Declares the layers' parameters, then {@code beforeDecoder}'s, then the decoder's: a model whose own
   * parameters sit between the layers and the decoder in the arena (the captioner's image projection,
   * sized by the first layer) keeps that order, and with it the layout of the optimizer state its
   * checkpoints hold.
   */
  public RecurrentStack(Parameters params, CellType cell, int inputSize, int hidden, int layerCount, float dropout,
                        int outputs, Consumer<RecurrentLayer> beforeDecoder) {
    this.hidden = hidden;
    layers = new RecurrentLayer[layerCount];
    dropouts = new Dropout[layerCount];
    for (int l = 0; l < layerCount; l++) {
      layers[l] = cell.create(params, l, l == 0 ? inputSize : hidden, hidden);
      dropouts[l] = new Dropout(dropout);
    }
    beforeDecoder.accept(layers[0]);
    decoder = new Linear(params, "decoder", hidden, outputs);
  }

  /** Makes room for {@code batch} sequences of up to {@code steps} steps (resets the state if B changes). */
  public void ensureCapacity(int batch, int steps) {
    int rows = batch * steps;
    for (int l = 0; l < layers.length; l++) {
      layers[l].ensureCapacity(batch, steps);
      dropouts[l].ensureCapacity(rows, hidden);
    }
    decoder.ensureCapacity(rows);
  }

  /**
   * Runs the layers over dense input {@code x [steps*B, I]}, with {@code perSequence} (may be null) added
   * to the first layer's input projection at every step ({@link RecurrentLayer#forward(Matrix, Matrix,
   * int)}). Returns the top layer's output after dropout, {@code [steps*B, H]}.
   */
  public Matrix forward(Matrix x, Matrix perSequence, int steps, boolean training, Rng[] rngs) {
    if (perSequence == null) {
      layers[0].forward(x, steps);
    } else {
      layers[0].forward(x, perSequence, steps);
    }
    oneHotInput = false;
    return upper(steps, training, rngs);
  }

  /** As {@link #forward}, for one-hot input given as ids {@code [steps*B]} in {@code [0, I)}. */
  public Matrix forwardOneHot(int[] ids, int steps, boolean training, Rng[] rngs) {
    layers[0].forwardOneHot(ids, steps);
    oneHotInput = true;
    return upper(steps, training, rngs);
  }

  /** Dropout on the first layer's output, then the layers above it, each followed by its dropout. */
  private Matrix upper(int steps, boolean training, Rng[] rngs) {
    Matrix h = dropouts[0].forward(layers[0].output(), training, rngs);
    for (int l = 1; l < layers.length; l++) {
      layers[l].forward(h, steps);
      h = dropouts[l].forward(layers[l].output(), training, rngs);
    }
    return h;
  }

  /** The decoder's outputs (logits) for rows of the top layer's output, {@code [rows, O]}. */
  public Matrix decode(Matrix h) {
    return decoder.forward(h);
  }

  /**
   * Backward from {@code dOut}, the gradient of the decoder's output for the rows it decoded, which began
   * at row {@code skipRows} of the top layer's output (the rows before it get no gradient: they were not
   * decoded). Accumulates every parameter's gradient; returns dLoss/dx of the first layer's dense input,
   * {@code [steps*B, I]}, or null after one-hot input.
   */
  public Matrix backward(Matrix dOut, int skipRows) {
    Matrix dx = decoder.backward(dOut);
    for (int l = layers.length - 1; l >= 0; l--) {
      Matrix g = layers[l].gradOutput();
      if (l == layers.length - 1) {
        g.rows(0, skipRows).zero();
        g.rows(skipRows, dx.rows()).copyFrom(dx);
      } else {
        g.copyFrom(dx);
      }
      dropouts[l].backwardInPlace(g, true);
      layers[l].backward();
      if (l > 0 || !oneHotInput) {
        dx = layers[l].gradInput();
      }
    }
    return oneHotInput ? null : dx;
  }

  /**
   * Promises that the weights of the layers and the decoder no longer change (a model that only samples):
   * see {@link RecurrentLayer#freezeWeights}.
   */
  public void freezeWeights(WeightFormat format, CoreSplit split) {
    for (RecurrentLayer layer : layers) {
      layer.freezeWeights(format, split);
    }
    decoder.freeze(format, split);
  }

  public void resetState() {
    for (RecurrentLayer layer : layers) {
      layer.resetState();
    }
  }

  /** Every carried state tensor ({@code B x H}), layer by layer (h, then c for an LSTM). */
  public List<Matrix> states() {
    List<Matrix> all = new ArrayList<>();
    for (RecurrentLayer layer : layers) {
      all.addAll(List.of(layer.state()));
    }
    return all;
  }

  /** The recurrent layers, bottom first. */
  public List<RecurrentLayer> layers() {
    return List.of(layers);
  }

  public Linear decoder() {
    return decoder;
  }
}
