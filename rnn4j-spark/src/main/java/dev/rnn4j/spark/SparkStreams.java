package dev.rnn4j.spark;

import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.TokenRange;
import dev.rnn4j.train.CheckpointSchema;
import dev.rnn4j.train.Evaluator;
import dev.rnn4j.train.StreamWorkers;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The B streams run by Spark executors, synchronously: each step the weights go out by broadcast, every
 * partition (a contiguous share of the streams, owned by one executor for the whole run) runs forward and
 * backward over its share of the window, and the gradients come back summed by tree aggregation into the
 * driver's model, whose training loop takes the optimizer step. Equal to training the same streams on one
 * machine up to the order of float additions.
 */
public final class SparkStreams implements StreamWorkers {
  private final JavaSparkContext sc;
  private final LanguageModel model;
  private final int batch;
  private final int steps;
  private final int[] start;
  private final String run = UUID.randomUUID().toString();
  private final java.util.Map<String, String> modelFields;
  private final JavaRDD<Integer> partitions;
  private List<Shard> shards;
  private int generation;
  private long generationStart;
  private long step;
  private boolean reset;
  private final StepTimes times = new StepTimes();
  /** Windows per round: 1 synchronises every step; K > 1 averages the executors' weights every K steps. */
  private final int every;
  private final dev.rnn4j.optim.OptimizerKind localOptimizer;
  private final float clipValue;
  private final float clipNorm;
  private float rate;
  private final List<int[][]> roundInputs = new ArrayList<>();
  private final List<int[][]> roundTargets = new ArrayList<>();
  private final List<Boolean> roundResets = new ArrayList<>();
  private final List<Float> roundRates = new ArrayList<>();
  private double lastRoundLoss = Double.NaN;

  /** Workers over {@code parts} partitions of the streams (at most one per stream), synchronised every step. */
  public static Factory on(JavaSparkContext sc, int parts) {
    return (model, batch, steps, rngs) -> new SparkStreams(sc, model, batch, steps, parts, rngs, 1, null, 0, 0);
  }

  /**
   * Local SGD (parameter averaging, as Deeplearning4j's Spark training does it): each executor trains its
   * streams with its own optimizer ({@code kind}, clipping as given) for {@code every} steps, then the
   * driver averages their weights, once per round instead of once per step. The driver's own update must
   * then leave the weights alone (plain SGD: the workers leave it a zero gradient).
   */
  public static Factory averaging(JavaSparkContext sc, int parts, int every, dev.rnn4j.optim.OptimizerKind kind,
                                  float clipValue, float clipNorm) {
    if (every < 2) {
      throw new IllegalArgumentException("averaging needs a round of at least 2 steps, got " + every);
    }
    return (model, batch, steps, rngs) -> new SparkStreams(sc, model, batch, steps, parts, rngs, every, kind,
        clipValue, clipNorm);
  }

  private SparkStreams(JavaSparkContext sc, LanguageModel model, int batch, int steps, int parts, Rng[] rngs,
                       int every, dev.rnn4j.optim.OptimizerKind localOptimizer, float clipValue, float clipNorm) {
    this.every = every;
    this.localOptimizer = localOptimizer;
    this.clipValue = clipValue;
    this.clipNorm = clipNorm;
    this.sc = sc;
    this.model = model;
    this.batch = batch;
    this.steps = steps;
    int p = Math.max(1, Math.min(parts, batch));
    this.start = new int[p + 1];
    for (int i = 0; i <= p; i++) {
      start[i] = (int) ((long) batch * i / p);
    }
    MetadataFields m = MetadataFields.writer();
    CheckpointSchema.writeModel(m, model.config());
    this.modelFields = new java.util.HashMap<>(m.map());
    long[] rngStates = new long[batch * 4];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(rngs[b].state(), 0, rngStates, 4 * b, 4);
    }
    this.shards = shards(zeroStates(), rngStates);
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      ids.add(i);
    }
    // Cached, so that every later step's task of a partition is scheduled where its block (and its state) is.
    this.partitions = sc.parallelize(ids, p).persist(StorageLevel.MEMORY_ONLY());
    partitions.count();
  }

  /** Partitions the streams are split into. */
  public int partitions() {
    return start.length - 1;
  }

  /** Where the time of the steps went: the executors' compute and the rest (broadcast, aggregation, scheduling). */
  public StepTimes times() {
    return times;
  }

  private List<Matrix> zeroStates() {
    LanguageModel shapes = model.twin();
    shapes.ensureCapacity(batch, 1);
    List<Matrix> out = new ArrayList<>();
    for (Matrix s : shapes.states()) {
      out.add(Matrix.allocate(batch, s.cols()));
    }
    return out;
  }

  private List<Shard> shards(List<Matrix> states, long[] rngStates) {
    List<Shard> out = new ArrayList<>();
    for (int i = 0; i + 1 < start.length; i++) {
      int b0 = start[i];
      int n = start[i + 1] - b0;
      List<float[]> rows = new ArrayList<>();
      for (Matrix s : states) {
        rows.add(s.rows(b0, n).toArray());
      }
      out.add(new Shard(b0, n, rows, java.util.Arrays.copyOfRange(rngStates, 4 * b0, 4 * (b0 + n))));
    }
    return out;
  }

  @Override
  public void resetState() {
    reset = true;
  }

  @Override
  public void learningRate(float rate) {
    this.rate = rate;
  }

  @Override
  public double trainWindow(int[] inputs, int[] targets, float scale) {
    long t0 = System.nanoTime();
    int p = partitions();
    int[][] in = new int[p][];
    int[][] tg = new int[p][];
    for (int i = 0; i < p; i++) {
      int b0 = start[i];
      int n = start[i + 1] - b0;
      in[i] = new int[n * steps];
      tg[i] = new int[n * steps];
      for (int t = 0; t < steps; t++) {
        System.arraycopy(inputs, t * batch + b0, in[i], t * n, n);
        System.arraycopy(targets, t * batch + b0, tg[i], t * n, n);
      }
    }
    roundInputs.add(in);
    roundTargets.add(tg);
    roundResets.add(reset);
    roundRates.add(rate);
    reset = false;
    model.parameters().grads().zero();
    if (roundInputs.size() < every) {
      step++;
      // mid-round: the executors have not trained these windows yet; the loss shown is the last round's
      return (Double.isNaN(lastRoundLoss) ? Math.log(model.config().vocabSize()) * inputs.length : lastRoundLoss);
    }
    int k = roundInputs.size();
    boolean[] resets = new boolean[k];
    float[] rates = new float[k];
    for (int j = 0; j < k; j++) {
      resets[j] = roundResets.get(j);
      rates[j] = roundRates.get(j);
    }
    long first = step - (k - 1); // the round's earlier windows were counted as they came
    StepMessage message = new StepMessage(run, generation, generationStart, first, steps, modelFields,
        first == generationStart ? shards : null, roundInputs.toArray(new int[0][][]),
        roundTargets.toArray(new int[0][][]), resets, rates, scale, every > 1,
        localOptimizer == null ? null : localOptimizer.label(), clipValue, clipNorm);
    roundInputs.clear();
    roundTargets.clear();
    roundResets.clear();
    roundRates.clear();
    Broadcast<float[]> weights = sc.broadcast(model.parameters().values().toArray());
    StepResult sum;
    try {
      sum = partitions.map(new Step(message, weights)).treeReduce(StepResult::plus, 2);
    } finally {
      weights.destroy();
    }
    step++;
    if (every > 1) {
      float[] mean = sum.gradient();
      for (int i = 0; i < mean.length; i++) {
        mean[i] /= p;
      }
      model.parameters().values().copyFrom(mean); // the round's average; the driver's update adds nothing
      lastRoundLoss = sum.loss() / k;
    } else {
      model.parameters().grads().copyFrom(sum.gradient());
    }
    times.add((System.nanoTime() - t0) / 1e9, sum.computeSeconds() / p);
    return every > 1 ? lastRoundLoss : sum.loss();
  }

  /** One partition's step, on its executor. */
  private static final class Step implements Function<Integer, StepResult> {
    private final StepMessage message;
    private final Broadcast<float[]> weights;

    Step(StepMessage message, Broadcast<float[]> weights) {
      this.message = message;
      this.weights = weights;
    }

    @Override
    public StepResult call(Integer partition) {
      long t0 = System.nanoTime();
      Blas.setThreads(1);
      ShardWorker w = ShardWorker.forStep(message, partition);
      Matrix values = w.replica.parameters().values();
      Matrix grads = w.replica.parameters().grads();
      values.copyFrom(weights.value());
      double loss = 0;
      for (int j = 0; j < message.windows(); j++) {
        if (message.resets()[j]) {
          w.replica.resetState();
        }
        grads.zero();
        double windowLoss = w.replica.trainStep(message.inputs()[j][partition], message.targets()[j][partition],
            message.steps(), message.scale(), w.rngs);
        loss += windowLoss;
        if (message.average()) {
          if (w.local == null) {
            w.local = new dev.rnn4j.train.UpdateStep(dev.rnn4j.optim.OptimizerKind.parse(message.optimizer()),
                values.size(), message.clipValue(), message.clipNorm());
          }
          int tokens = message.inputs()[j][partition].length;
          w.local.apply(values, grads, windowLoss / tokens, message.rates()[j], message.step() + j + 1);
        }
      }
      w.nextStep += message.windows();
      float[] out = message.average() ? values.toArray() : grads.toArray();
      return new StepResult(out, loss, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** A partition's gradient and summed loss, and the seconds it computed; summed across partitions. */
  record StepResult(float[] gradient, double loss, double computeSeconds) implements Serializable {
    static StepResult plus(StepResult a, StepResult b) {
      float[] g = a.gradient.clone();
      for (int i = 0; i < g.length; i++) {
        g[i] += b.gradient[i];
      }
      return new StepResult(g, a.loss + b.loss, a.computeSeconds + b.computeSeconds);
    }
  }

  @Override
  public double crossEntropy(TokenRange range, int threads) {
    Blas.setThreads(threads);
    return Evaluator.crossEntropy(model, range, batch, steps, null);
  }

  /** A partition's carried state and generators as its executor holds them now. */
  record Snapshot(int partition, List<float[]> states, long[] rngs) implements Serializable {}

  private static final class TakeSnapshot implements Function<Integer, Snapshot> {
    private final String run;
    private final int generation;

    TakeSnapshot(String run, int generation) {
      this.run = run;
      this.generation = generation;
    }

    @Override
    public Snapshot call(Integer partition) {
      ShardWorker w = ShardWorker.find(run, generation, partition);
      if (w == null) {
        throw new IllegalStateException("executor lost the state of partition " + partition);
      }
      List<float[]> states = new ArrayList<>();
      for (Matrix m : w.replica.states()) {
        states.add(m.toArray());
      }
      return new Snapshot(partition, states, w.rngStates());
    }
  }

  private List<Snapshot> snapshot() {
    if (step == generationStart) {
      List<Snapshot> out = new ArrayList<>();
      for (int i = 0; i < shards.size(); i++) {
        out.add(new Snapshot(i, shards.get(i).states(), shards.get(i).rngStates()));
      }
      return out;
    }
    return partitions.map(new TakeSnapshot(run, generation)).collect();
  }

  @Override
  public List<Matrix> streamStates() {
    List<Matrix> out = zeroStates();
    for (Snapshot s : snapshot()) {
      int b0 = start[s.partition()];
      int n = start[s.partition() + 1] - b0;
      for (int i = 0; i < out.size(); i++) {
        out.get(i).rows(b0, n).copyFrom(s.states().get(i));
      }
    }
    return out;
  }

  @Override
  public void restoreStreamStates(List<Matrix> states) {
    shards = shards(states, dropoutRngStates());
    newGeneration();
  }

  @Override
  public long[] dropoutRngStates() {
    long[] out = new long[batch * 4];
    for (Snapshot s : snapshot()) {
      System.arraycopy(s.rngs(), 0, out, 4 * start[s.partition()], s.rngs().length);
    }
    return out;
  }

  @Override
  public void restoreDropoutRngs(long[] states) {
    shards = shards(streamStates(), states);
    newGeneration();
  }

  private void newGeneration() {
    generation++;
    generationStart = step;
  }

  @Override
  public void close() {
    // the executors' shares go with the run's generations; a new run has another id
  }

  /** Wall time of the synchronous steps against the executors' compute inside them. */
  public static final class StepTimes {
    private long count;
    private double wall;
    private double compute;

    synchronized void add(double wallSeconds, double computeSeconds) {
      count++;
      wall += wallSeconds;
      compute += computeSeconds;
    }

    public synchronized long steps() {
      return count;
    }

    /** Mean seconds of a whole step on the driver. */
    public synchronized double meanStepSeconds() {
      return count == 0 ? Double.NaN : wall / count;
    }

    /** Mean seconds a partition computed per step. */
    public synchronized double meanComputeSeconds() {
      return count == 0 ? Double.NaN : compute / count;
    }
  }
}
