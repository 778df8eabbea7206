package dev.rnn4j.inspect;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Pass 2 of {@link CellSearch} for one excerpt: replays the windows that cover it (from the character
 * before it, whose prediction prices the excerpt's first character) and keeps the chosen units' values,
 * the loss paid for each character and the best guesses for the character after it.
 */
final class ExcerptRecording {
  private ExcerptRecording() {}

  static CellSearch.Excerpt record(ActivationRecorder recorder, LanguageModel model, int[] ids, int start, int end,
                                Set<UnitId> units) {
    return record(recorder, model, ids, start, end, units, false);
  }

  /**
   * As above; with {@code fresh} the recorder has not run yet and reads the whole text once ({@code start}
   * 0, {@code end} its length) instead of replaying windows of an earlier run.
   */
  static CellSearch.Excerpt record(ActivationRecorder recorder, LanguageModel model, int[] ids, int start, int end,
                                Set<UnitId> units, boolean fresh) {
    int len = end - start;
    int v = model.config().vocabSize();
    float[] loss = new float[len];
    int k = Math.min(CellSearch.GUESSES, v);
    int[] guessIds = new int[len * k];
    float[] guessProbs = new float[len * k];
    Map<UnitId, float[]> activations = new LinkedHashMap<>();
    Map<UnitId, Integer> columns = new LinkedHashMap<>();
    for (UnitId u : units) {
      activations.put(u, new float[len]);
      columns.put(u, recorder.column(u));
    }
    double[] probs = new double[v];
    loss[0] = Float.NaN; // the text's first character, unless the character before the excerpt predicts it
    int from = Math.max(0, start - 1);
    ActivationRecorder.Listener listener = w -> {
      float[] x = w.units();
      int u = recorder.units().size();
      for (int t = Math.max(from, w.start()); t < Math.min(end, w.start() + w.steps()); t++) {
        int row = t - w.start();
        SoftmaxCrossEntropy.softmax(w.logits(), row, 1f, probs);
        if (t + 1 < end) {
          loss[t + 1 - start] = (float) -Math.log(probs[ids[t + 1]]);
        }
        if (t < start) {
          continue;
        }
        int i = t - start;
        for (Map.Entry<UnitId, float[]> e : activations.entrySet()) {
          e.getValue()[i] = x[row * u + columns.get(e.getKey())];
        }
        int[] best = topIndices(probs, k);
        for (int g = 0; g < k; g++) {
          guessIds[i * k + g] = best[g];
          guessProbs[i * k + g] = (float) probs[best[g]];
        }
      }
    };
    if (fresh) {
      recorder.run(ids, listener);
    } else {
      recorder.replay(ids, from, end, listener);
    }
    return new CellSearch.Excerpt(start, Arrays.copyOfRange(ids, start, end), loss, guessIds, guessProbs, activations);
  }

  /** Indices of the {@code k} largest values, largest first (k is small: a partial selection sort). */
  static int[] topIndices(double[] values, int k) {
    int[] best = new int[k];
    boolean[] taken = new boolean[values.length];
    for (int g = 0; g < k; g++) {
      int arg = -1;
      for (int j = 0; j < values.length; j++) {
        if (!taken[j] && (arg < 0 || values[j] > values[arg])) {
          arg = j;
        }
      }
      taken[arg] = true;
      best[g] = arg;
    }
    return best;
  }
}
