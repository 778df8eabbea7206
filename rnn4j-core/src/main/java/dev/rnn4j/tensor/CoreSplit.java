package dev.rnn4j.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the independent pieces of one short computation, such as the column panels of a matrix-vector
 * product, on the calling thread and on helper threads: all the cores on a single sampling stream.
 *
 * <p>A product lasts 50-100 us, too short for an executor's queue and wake-ups, so each helper spins
 * waiting for its next share for {@value #SPIN_MICROS} us after its last one and only then parks. Each
 * piece is computed by one thread alone, whichever it is: results do not depend on the number of threads.
 *
 * <p>One caller at a time. Close it to let the helpers end (they are daemon threads, so an unclosed split
 * does not hold the JVM).
 */
public final class CoreSplit implements AutoCloseable {
  /** How long a helper keeps spinning for more work before it parks. */
  static final long SPIN_MICROS = 1000;

  /** Work over the pieces {@code [from, to)}. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  private static final CoreSplit SINGLE = new CoreSplit(1);

  /** Chunks per thread a run is cut into: enough to even out a late or slow thread, few enough to be cheap. */
  private static final int CHUNKS_PER_THREAD = 8;

  private final Helper[] helpers;
  private final AtomicInteger next = new AtomicInteger();
  /** The current run; written before the helpers are posted, read after they see the post. */
  private Range work;
  private int pieces;
  private int chunk;
  private volatile boolean closed;

  private CoreSplit(int threads) {
    helpers = new Helper[threads - 1];
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = new Helper();
      Thread t = new Thread(helpers[i], "rnn4j-core-split-" + (i + 1));
      t.setDaemon(true);
      helpers[i].thread = t;
      t.start();
    }
  }

  /** Runs everything on the calling thread. */
  public static CoreSplit single() {
    return SINGLE;
  }

  /** The calling thread and {@code threads - 1} helpers. */
  public static CoreSplit of(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    return threads == 1 ? SINGLE : new CoreSplit(threads);
  }

  /** Threads that share the work, the caller included. */
  public int threads() {
    return helpers.length + 1;
  }

  /**
   * Runs {@code work} over {@code [0, pieces)} and returns when all pieces are done. The pieces are handed
   * out in chunks to whichever thread asks first: a helper that starts late or runs slower (its share of a
   * product streaming from a farther cache slice) takes fewer, instead of making the others wait.
   */
  public void run(int pieces, Range work) {
    int parts = Math.min(threads(), pieces);
    if (parts <= 1) {
      work.run(0, pieces);
      return;
    }
    if (closed) {
      throw new IllegalStateException("this CoreSplit is closed");
    }
    this.work = work;
    this.pieces = pieces;
    this.chunk = Math.max(1, pieces / (CHUNKS_PER_THREAD * parts));
    next.set(0);
    for (int i = 1; i < parts; i++) {
      helpers[i - 1].post();
    }
    Throwable failure = null;
    try {
      drain();
    } catch (RuntimeException | Error e) {
      next.set(pieces);  // the helpers stop taking chunks
      failure = e;
    }
    for (int i = 1; i < parts; i++) {
      Throwable f = helpers[i - 1].await();
      if (failure == null) {
        failure = f;
      }
    }
    this.work = null;
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  /** Takes chunks of the current work until none is left. */
  private void drain() {
    Range w = work;
    int n = pieces;
    int c = chunk;
    for (int from; (from = next.getAndAdd(c)) < n; ) {
      w.run(from, Math.min(n, from + c));
    }
  }

  @Override
  public void close() {
    if (this == SINGLE) {
      return;
    }
    closed = true;
    for (Helper h : helpers) {
      LockSupport.unpark(h.thread);
    }
  }

  /** One helper thread: waits for a post, takes chunks until none is left, says it is done. */
  private final class Helper implements Runnable {
    Thread thread;
    private Throwable failure;
    private volatile int posted;
    private volatile int finished;
    private volatile boolean parked;

    void post() {
      failure = null;
      posted = posted + 1;
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    Throwable await() {
      int target = posted;
      while (finished != target) {
        Thread.onSpinWait();
      }
      return failure;
    }

    @Override
    public void run() {
      int seen = 0;
      while (!closed) {
        long spinUntil = System.nanoTime() + SPIN_MICROS * 1000;
        while (posted == seen && !closed) {
          if (System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
            continue;
          }
          parked = true;
          if (posted == seen && !closed) {
            LockSupport.park(this);
          }
          parked = false;
        }
        if (closed) {
          return;
        }
        seen = posted;
        try {
          drain();
        } catch (RuntimeException | Error e) {
          next.set(Integer.MAX_VALUE / 2);
          failure = e;
        }
        finished = seen;
      }
    }
  }
}
