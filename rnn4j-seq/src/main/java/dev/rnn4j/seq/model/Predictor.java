package dev.rnn4j.seq.model;

import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a model over many examples without dropout: the most probable label of each example (classifier)
 * or word (tagger), its probability, and the mean loss where the gold labels are known. Examples are batched
 * by length (fewer padded steps); results come back in the examples' order.
 */
public final class Predictor {
  private final SequenceModel model;
  private final int batch;

  public Predictor(SequenceModel model, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    this.model = model;
    this.batch = batch;
  }

  /**
   * What the model says of some examples.
   *
   * @param labels      per example, the predicted class (one for a classifier, one per word for a tagger)
   * @param probability per example, the probability of each predicted class
   * @param loss        mean cross-entropy per gold label in nats, NaN when no example had gold labels
   */
  public record Result(List<int[]> labels, List<float[]> probability, double loss) {}

  public Result run(List<Example> examples) {
    Integer[] order = new Integer[examples.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> examples.get(i).length()));
    int[][] labels = new int[examples.size()][];
    float[][] probs = new float[examples.size()][];
    boolean tagger = model.config().kind() == SeqKind.TAGGER;
    double[] p = new double[model.config().classes()];
    double lossSum = 0;
    long lossCount = 0;
    List<Example> chunk = new ArrayList<>(batch);
    for (int start = 0; start < order.length; start += batch) {
      chunk.clear();
      int end = Math.min(order.length, start + batch);
      boolean gold = true;
      for (int k = start; k < end; k++) {
        Example e = examples.get(order[k]);
        chunk.add(e);
        gold &= tagger ? e.tags() != null : e.label() >= 0;
      }
      Matrix logits = model.logits(chunk);
      if (gold) {
        int[] count = new int[1];
        lossSum += model.summedLoss(logits, chunk, count);
        lossCount += count[0];
      }
      int rows = model.rows();
      for (int b = 0; b < chunk.size(); b++) {
        int n = tagger ? chunk.get(b).length() : 1;
        int[] y = new int[n];
        float[] py = new float[n];
        for (int s = 0; s < n; s++) {
          SoftmaxCrossEntropy.softmax(logits, tagger ? s * rows + b : b, 1f, p);
          int best = 0;
          for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
              best = c;
            }
          }
          y[s] = best;
          py[s] = (float) p[best];
        }
        labels[order[start + b]] = y;
        probs[order[start + b]] = py;
      }
    }
    return new Result(Arrays.asList(labels), Arrays.asList(probs),
        lossCount == 0 ? Double.NaN : lossSum / lossCount);
  }
}
