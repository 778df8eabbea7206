package dev.rnn4j.sample;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Many generations stepping together: each {@link #step()} feeds every active generation's next symbol as
 * one batch through the model (one matrix product per layer for all of them), then draws each one's next
 * symbol from its own row of logits with its own generator. Generations join and leave at any step: each
 * keeps its recurrent state in its own rows, gathered into the batch before the step and scattered back
 * after it, so no generation ever sees another's state.
 *
 * <p>Batches run on twins of the model sized to the number of active generations (exactly up to 8, then
 * in multiples of 8, padding rows reading symbol 0 from a zero state), so a lone generation costs what
 * {@link Sampler} costs. Not thread-safe: one thread owns a sampler and calls {@link #add} and
 * {@link #step}.
 */
public final class BatchSampler {
  private final LanguageModel trained;
  private final int vocab;
  private final SymbolDraw draw;
  private final List<Generation> active = new ArrayList<>();
  private final Map<Integer, LanguageModel> twins = new HashMap<>();
  private int[] inputs = new int[0];
  /** Width of each state tensor (h, then c for an LSTM, layer by layer). */
  private final int[] stateWidths;

  public BatchSampler(LanguageModel trained) {
    this.trained = trained;
    this.vocab = trained.config().vocabSize();
    this.draw = new SymbolDraw(vocab);
    this.stateWidths = twin(1).states().stream().mapToInt(Matrix::cols).toArray();
  }

  /** Symbols in the vocabulary. */
  public int vocabularySize() {
    return vocab;
  }

  /** Generations in flight. */
  public int activeCount() {
    return active.size();
  }

  /**
   * Adds a generation; it takes part from the next {@link #step()}. Its first symbol (the prime's first,
   * or a uniform draw) is chosen now.
   */
  public void add(Generation g) {
    if (g.states != null) {
      throw new IllegalArgumentException("this generation was already added");
    }
    for (int id : g.prime) {
      if (id < 0 || id >= vocab) {
        throw new IllegalArgumentException("prime symbol " + id + " is outside the vocabulary of " + vocab);
      }
    }
    g.states = new ArrayList<>();
    for (int width : stateWidths) {
      g.states.add(new float[width]);
    }
    if (g.empty()) {
      finish(g);
      return;
    }
    if (g.prime.length > 0) {
      g.next = g.prime[0];
    } else {
      g.next = g.rng.nextInt(vocab);
      g.drawn = 1;
    }
    g.nextProbability = Double.NaN;
    g.guessCount = 0;
    active.add(g);
  }

  /**
   * Feeds every active generation its next symbol in one batch, tells each listener about it, and chooses
   * each one's following symbol. Generations that are done (or cancelled) leave. Returns the number of
   * generations stepped.
   */
  public int step() {
    for (Iterator<Generation> it = active.iterator(); it.hasNext(); ) {
      Generation g = it.next();
      if (g.cancelled()) {
        it.remove();
        finish(g);
      }
    }
    int n = active.size();
    if (n == 0) {
      return 0;
    }
    int rows = n <= 8 ? n : (n + 7) / 8 * 8;
    LanguageModel model = twin(rows);
    if (inputs.length < rows) {
      inputs = new int[rows];
    }
    List<Matrix> states = model.states();
    for (int b = 0; b < rows; b++) {
      Generation g = b < n ? active.get(b) : null;
      inputs[b] = g != null ? g.next : 0;
      for (int i = 0; i < states.size(); i++) {
        Matrix row = states.get(i).rows(b, 1);
        if (g != null) {
          row.copyFrom(g.states.get(i));
        } else {
          row.zero();
        }
      }
    }
    Matrix logits = model.logits(inputs, 1);
    for (int b = 0; b < n; b++) {
      Generation g = active.get(b);
      for (int i = 0; i < states.size(); i++) {
        states.get(i).rows(b, 1).copyTo(g.states.get(i));
      }
      int position = g.fed++;
      boolean primed = position < g.prime.length;
      g.listener.symbol(position, g.next, primed, g.nextProbability, slice(g.guessIds, g.guessCount),
          slice(g.guessProbs, g.guessCount), g.states);
      choose(g, logits, b);
    }
    for (Iterator<Generation> it = active.iterator(); it.hasNext(); ) {
      Generation g = it.next();
      if (g.finished) {
        it.remove();
        g.listener.done();
      }
    }
    return n;
  }

  /** After feeding {@code g}'s symbol: the next prime symbol, or a draw, or the end. */
  private void choose(Generation g, Matrix logits, int row) {
    int id;
    if (g.fed < g.prime.length) {
      id = g.prime[g.fed];
      draw.describe(logits, row);
    } else if (g.drawn < g.length) {
      id = draw.pick(logits, row, g.options, g.rng);
      g.drawn++;
    } else {
      g.finished = true;
      return;
    }
    g.next = id;
    g.nextProbability = draw.probabilities()[id];
    g.guessCount = Math.min(g.guesses, vocab);
    if (g.guessCount > 0) {
      draw.top(g.guessCount, g.guessIds, g.guessProbs);
    }
  }

  private void finish(Generation g) {
    g.finished = true;
    g.listener.done();
  }

  private static int[] slice(int[] a, int n) {
    return n == a.length ? a : java.util.Arrays.copyOf(a, n);
  }

  private static float[] slice(float[] a, int n) {
    return n == a.length ? a : java.util.Arrays.copyOf(a, n);
  }

  private LanguageModel twin(int rows) {
    return twins.computeIfAbsent(rows, r -> {
      LanguageModel m = trained.twin();
      m.ensureCapacity(r, 1);
      return m;
    });
  }
}
