package dev.rnn4j.train;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Profile;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.TokenRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains the B streams of a window on several threads. The streams are independent within a window, so
 * they are split into contiguous shares, one per replica of the model (same weights, own buffers, state
 * and gradients). Each replica runs single-threaded BLAS on its share: measured on 2 cores, this beats
 * two BLAS threads on the whole batch at every size tried (A: 30k vs 18k chars/s, B: 3.4k vs 2.7k),
 * because there is no synchronisation per time step. The gradients are then summed into the model's.
 *
 * <p>Each stream draws dropout masks from its own generator, so the split changes nothing but the order of
 * float additions in the gradient sum.
 */
final class DataParallel implements StreamWorkers {
  private final LanguageModel[] replicas;
  private final int[] start;
  private final int[][] inputs;
  private final int[][] targets;
  private final Rng[][] rngs;
  private final Rng[] streamRngs;
  /** When each replica finished its share of the window (for the profile's waiting time). */
  private final long[] finished;
  /** Threads for replicas 1..k-1, started on first use and stopped by {@link #close()}; null when k = 1. */
  private ExecutorService pool;
  /** Evaluates texts too short for B streams; made once, on first need, never per validation. */
  private LanguageModel evaluationTwin;
  private final int batch;
  private final int steps;

  DataParallel(LanguageModel model, int batch, int steps, int threads, Rng[] streamRngs) {
    this.batch = batch;
    this.steps = steps;
    this.streamRngs = streamRngs;
    int k = Math.max(1, Math.min(threads, batch));
    finished = new long[k];
    replicas = new LanguageModel[k];
    start = new int[k + 1];
    inputs = new int[k][];
    targets = new int[k][];
    rngs = new Rng[k][];
    for (int r = 0; r <= k; r++) {
      start[r] = r * batch / k;
    }
    for (int r = 0; r < k; r++) {
      int streams = start[r + 1] - start[r];
      replicas[r] = r == 0 ? model : model.replica();
      replicas[r].ensureCapacity(streams, steps);
      inputs[r] = new int[streams * steps];
      targets[r] = new int[streams * steps];
      rngs[r] = Arrays.copyOfRange(streamRngs, start[r], start[r + 1]);
    }
  }

  private ExecutorService pool() {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(replicas.length - 1, runnable -> {
        Thread t = new Thread(runnable, "rnn4j-replica");
        t.setDaemon(true);
        return t;
      });
    }
    return pool;
  }

  int replicas() {
    return replicas.length;
  }

  /** BLAS threads while training: one per replica when the streams are split, all of them otherwise. */
  @Override
  public void useBlasThreads(int threads) {
    Blas.setThreads(replicas.length > 1 ? 1 : threads);
  }

  @Override
  public void resetState() {
    for (LanguageModel r : replicas) {
      r.resetState();
    }
  }

  /**
   * Forward and backward of one window ({@code ids[t*B + b]}) on every replica; returns the summed loss
   * and leaves the summed gradient in the model's gradient arena.
   */
  @Override
  public double trainWindow(int[] windowInputs, int[] windowTargets, float scale) {
    LanguageModel model = replicas[0];
    if (replicas.length == 1) {
      model.parameters().grads().zero();
      return model.trainStep(windowInputs, windowTargets, steps, scale, streamRngs);
    }
    for (int r = 0; r < replicas.length; r++) {
      int b0 = start[r];
      int streams = start[r + 1] - b0;
      for (int t = 0; t < steps; t++) {
        System.arraycopy(windowInputs, t * batch + b0, inputs[r], t * streams, streams);
        System.arraycopy(windowTargets, t * batch + b0, targets[r], t * streams, streams);
      }
    }
    List<Future<Double>> pending = new ArrayList<>();
    for (int r = 1; r < replicas.length; r++) {
      int k = r;
      pending.add(pool().submit(() -> run(k, scale)));
    }
    double loss = run(0, scale);
    for (Future<Double> f : pending) {
      loss += join(f);
    }
    if (Profile.enabled()) {
      long last = Arrays.stream(finished).max().getAsLong();
      Profile.add(WAIT, Arrays.stream(finished).map(t -> last - t).sum());
    }
    List<Future<?>> sums = new ArrayList<>();
    for (int r = 1; r < replicas.length; r++) {
      int k = r;
      sums.add(pool().submit(() -> sumGradients(k)));
    }
    sumGradients(0);
    for (Future<?> f : sums) {
      join(f);
    }
    return loss;
  }

  /**
   * Adds every replica's gradient into the model's over part {@code part} of the arena, one part per
   * thread, so that no core waits while the other sums. Each element is still the sum of the replicas'
   * values in replica order: the same bits as one thread summing it all.
   */
  private void sumGradients(int part) {
    Profile.enter(SUM);
    Matrix grads = replicas[0].parameters().grads();
    long n = grads.size();
    int from = (int) (n * part / replicas.length);
    int count = (int) (n * (part + 1) / replicas.length) - from;
    Matrix mine = grads.slice(from, count);
    for (int r = 1; r < replicas.length; r++) {
      mine.addScaled(1f, replicas[r].parameters().grads().slice(from, count));
    }
    Profile.exit();
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
    }
  }

  /**
   * Mean cross-entropy of {@code range} cut into B streams, each replica evaluating its own share on its
   * own thread (or the model alone when there is one replica), so validation needs no second copy of the
   * buffers. The replicas' training state is saved and restored around it. A text too short for B
   * streams is evaluated on one twin, made the first time it is needed.
   */
  @Override
  public double crossEntropy(TokenRange range, int threads) {
    int streams = Evaluator.streams(range, batch, steps);
    if (streams != batch) {
      if (evaluationTwin == null) {
        evaluationTwin = replicas[0].twin();
      }
      Blas.setThreads(threads);
      double loss = Evaluator.crossEntropyOn(evaluationTwin, range, batch, steps, null);
      useBlasThreads(threads);
      return loss;
    }
    List<Matrix> saved = streamStates();
    List<Future<double[]>> pending = new ArrayList<>();
    for (int r = 1; r < replicas.length; r++) {
      int k = r;
      pending.add(pool().submit(() -> Evaluator.sum(replicas[k], range, batch, steps, start[k], start[k + 1], null)));
    }
    double[] total = Evaluator.sum(replicas[0], range, batch, steps, start[0], start[1], null);
    try {
      for (Future<double[]> f : pending) {
        double[] part = f.get();
        total[0] += part[0];
        total[1] += part[1];
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while validating", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
    }
    restoreStreamStates(saved);
    return total[0] / total[1];
  }

  private double run(int r, float scale) {
    LanguageModel m = replicas[r];
    m.parameters().grads().zero();
    double loss = m.trainStep(inputs[r], targets[r], steps, scale, rngs[r]);
    finished[r] = System.nanoTime();
    return loss;
  }

  private static final Profile.Part SUM = Profile.part("summing the replicas' gradients");
  private static final Profile.Part WAIT = Profile.part("a replica waiting for the others");

  /** The carried state of all B streams, gathered from the replicas: h (and c) per layer, each B x H. */
  @Override
  public List<Matrix> streamStates() {
    List<Matrix> first = replicas[0].states();
    List<Matrix> all = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      Matrix m = Matrix.allocate(batch, first.get(i).cols());
      for (int r = 0; r < replicas.length; r++) {
        Matrix part = replicas[r].states().get(i);
        m.rows(start[r], part.rows()).copyFrom(part);
      }
      all.add(m);
    }
    return all;
  }

  /** Puts gathered states (as {@link #streamStates()} returns them) back into the replicas. */
  @Override
  public void restoreStreamStates(List<Matrix> states) {
    for (int i = 0; i < states.size(); i++) {
      for (int r = 0; r < replicas.length; r++) {
        Matrix part = replicas[r].states().get(i);
        part.copyFrom(states.get(i).rows(start[r], part.rows()));
      }
    }
  }

  @Override
  public long[] dropoutRngStates() {
    long[] out = new long[streamRngs.length * 4];
    for (int b = 0; b < streamRngs.length; b++) {
      System.arraycopy(streamRngs[b].state(), 0, out, 4 * b, 4);
    }
    return out;
  }

  @Override
  public void restoreDropoutRngs(long[] states) {
    for (int b = 0; b < streamRngs.length; b++) {
      streamRngs[b].restore(java.util.Arrays.copyOfRange(states, 4 * b, 4 * b + 4));
    }
  }

  /** Stops the replicas' threads; a later window starts them again. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
      pool = null;
    }
  }
}
