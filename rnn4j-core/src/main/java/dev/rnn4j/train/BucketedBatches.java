package dev.rnn4j.train;

import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The epochs of batches of variable-length examples, for every model kind that pads its batches. Each epoch:
 * shuffle the examples, sort them by length within chunks of {@value #CHUNK} batches, cut the chunks into
 * batches and shuffle the batches (bucketing: few padded steps, yet every batch differs from epoch to
 * epoch). An epoch's plan depends only on the generator's state before it was drawn, which is kept, so a
 * run restored to (epoch, batch, that state) continues with exactly the batches it would have had.
 */
public final class BucketedBatches<T> {
  /** Batches per chunk sorted together. */
  public static final int CHUNK = 20;

  private final List<T> examples;
  private final int batch;
  private final ToIntFunction<T> length;
  private final Rng rng;
  private long[] epochStart;
  private List<List<T>> plan;
  private int epoch;
  private int position;
  private boolean epochEnded;

  /** Draws the first epoch's plan of {@code examples} (not empty) with {@code rng}. */
  public BucketedBatches(List<T> examples, int batch, ToIntFunction<T> length, Rng rng) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    this.examples = List.copyOf(examples);
    this.batch = batch;
    this.length = length;
    this.rng = rng;
    drawPlan();
  }

  /** The next batch; when it is its epoch's last, {@link #epochEnded()} says so and the next plan is drawn. */
  public List<T> next() {
    List<T> b = plan.get(position);
    position++;
    epochEnded = position == plan.size();
    if (epochEnded) {
      epoch++;
      position = 0;
      drawPlan();
    }
    return b;
  }

  /** Whether the batch {@link #next()} returned last ended an epoch. */
  public boolean epochEnded() {
    return epochEnded;
  }

  /** Epochs completed. */
  public int epoch() {
    return epoch;
  }

  /** Epochs done, as a fraction. */
  public double epochsDone() {
    return epoch + position / (double) plan.size();
  }

  public int batchesPerEpoch() {
    return plan.size();
  }

  /** The index in this epoch's plan of the batch {@link #next()} returns next. */
  public int batchInEpoch() {
    return position;
  }

  /** The generator's state before it drew this epoch's plan. */
  public long[] epochStart() {
    return epochStart.clone();
  }

  public int size() {
    return examples.size();
  }

  /**
   * Back to batch {@code batchInEpoch} of epoch {@code epoch}, whose plan the generator drew from
   * {@code epochStart}.
   *
   * @throws IllegalArgumentException when that batch is outside the plan
   */
  public void restore(int epoch, int batchInEpoch, long[] epochStart) {
    rng.restore(epochStart);
    drawPlan();
    if (batchInEpoch < 0 || batchInEpoch >= plan.size()) {
      throw new IllegalArgumentException("checkpoint batch " + batchInEpoch + " outside the epoch's " + plan.size()
          + " batches");
    }
    this.epoch = epoch;
    this.position = batchInEpoch;
    this.epochEnded = false;
  }

  private void drawPlan() {
    epochStart = rng.state();
    List<T> order = new ArrayList<>(examples);
    shuffle(order);
    int chunk = batch * CHUNK;
    List<List<T>> batches = new ArrayList<>();
    for (int start = 0; start < order.size(); start += chunk) {
      int end = Math.min(order.size(), start + chunk);
      order.subList(start, end).sort(Comparator.comparingInt(length));
      for (int b = start; b < end; b += batch) {
        batches.add(List.copyOf(order.subList(b, Math.min(end, b + batch))));
      }
    }
    shuffle(batches);
    plan = List.copyOf(batches);
  }

  private <E> void shuffle(List<E> a) {
    for (int i = a.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      a.set(i, a.set(j, a.get(i)));
    }
  }
}
