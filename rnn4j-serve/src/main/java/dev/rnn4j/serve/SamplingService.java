package dev.rnn4j.serve;

import dev.rnn4j.inspect.UnitId;
import dev.rnn4j.sample.BatchSampler;
import dev.rnn4j.sample.Generation;
import dev.rnn4j.sample.SamplingOptions;
import dev.rnn4j.text.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Every generation in flight, stepped by one thread: per model a {@link BatchSampler}, so the requests
 * streaming from one model share each step's matrix products. Requests join between steps; what each
 * generation produces goes into its own queue, which the request's thread drains to the network (a slow
 * client never holds the loop). At most {@link Limits#maxGenerations()} at once: beyond, a 429.
 */
final class SamplingService implements AutoCloseable {
  /** One symbol as the client receives it. */
  record Event(int position, String text, boolean primed, double probability, String[] guesses, float[] guessProbs,
               float[] units) {}

  private static final Event END = new Event(-1, "", false, 0, null, null, null);
  /** Longest a written character waits for others to share its write. */
  static final long COALESCE_MILLIS = 20;
  /** Characters enough to write at once without waiting. */
  static final int COALESCE_EVENTS = 64;

  /** A generation seen from the request's side. */
  final class Stream {
    private final Generation generation;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private Stream(Generation generation) {
      this.generation = generation;
    }

    /**
     * Waits at most {@code millis} for the next event, then lets the events behind it gather for
     * {@value #COALESCE_MILLIS} ms (unless {@value #COALESCE_EVENTS} are already there) and takes them all. A batch of
     * streams makes one event per stream per step: writing each at once would wake every request's thread
     * (and its client) once per character, and on a small machine those wake-ups, not the model, would
     * bound the throughput. The last list of a stream ends with null.
     */
    List<Event> next(long millis) throws InterruptedException, java.util.concurrent.TimeoutException {
      Event e = events.poll(millis, TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new java.util.concurrent.TimeoutException();
      }
      List<Event> out = new ArrayList<>();
      out.add(e);
      if (e != END && events.size() < COALESCE_EVENTS) {
        // sleep, not wait on the queue: a waiting reader would be woken by every event added
        Thread.sleep(COALESCE_MILLIS);
      }
      events.drainTo(out);
      int end = out.indexOf(END);
      if (end >= 0) {
        out.subList(end, out.size()).clear();
        out.add(null);
      }
      return out;
    }

    void cancel() {
      generation.cancel();
      LockSupport.unpark(thread);
    }
  }

  private record Joining(ServedCharModel model, Generation generation) {}

  private final Limits limits;
  private final Metrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<Joining> joining = new ConcurrentLinkedQueue<>();
  private final Map<ServedCharModel, BatchSampler> samplers = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  SamplingService(Limits limits, Metrics metrics) {
    this.limits = limits;
    this.metrics = metrics;
    this.thread = new Thread(this::loop, "rnn4j-sampling");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts a generation, or refuses with a 429 when {@link Limits#maxGenerations()} are running.
   *
   * @param units units whose values each event carries (tanh(c) for a cell state)
   */
  Stream start(ServedCharModel model, int[] prime, int length, SamplingOptions options, long seed, int guesses,
               List<UnitId> units) {
    int[] columns = stateColumns(model, units); // before admission: a refused unit must not hold a place
    if (inFlight.incrementAndGet() > limits.maxGenerations()) {
      inFlight.decrementAndGet();
      metrics.rejected.inc();
      throw new ApiException(429, null, "too many generations in flight (" + limits.maxGenerations()
          + "); retry shortly");
    }
    metrics.active.inc();
    Vocabulary vocabulary = model.vocabulary();
    Stream[] self = new Stream[1];
    Generation g = new Generation(prime, length, options, seed, guesses, new Generation.Listener() {
      @Override
      public void symbol(int position, int id, boolean primed, double p, int[] guessIds, float[] guessProbs,
                         List<float[]> states) {
        String[] g = new String[guessIds.length];
        for (int i = 0; i < g.length; i++) {
          g[i] = vocabulary.decode(guessIds[i]);
        }
        float[] values = new float[units.size()];
        for (int u = 0; u < values.length; u++) {
          float v = states.get(columns[2 * u])[columns[2 * u + 1]];
          values[u] = units.get(u).kind() == UnitId.Kind.C ? (float) Math.tanh(v) : v;
        }
        if (!primed) {
          metrics.characters.inc();
        }
        self[0].events.add(new Event(position, vocabulary.decode(id), primed, p, g, guessProbs.clone(), values));
      }

      @Override
      public void done() {
        inFlight.decrementAndGet();
        metrics.active.dec();
        self[0].events.add(END);
      }
    });
    self[0] = new Stream(g);
    joining.add(new Joining(model, g));
    LockSupport.unpark(thread);
    return self[0];
  }

  /** Per unit, the index of its state tensor and its column there; a unit the model lacks is a 400. */
  static int[] stateColumns(ServedCharModel model, List<UnitId> units) {
    var layers = model.model().layers();
    int[] out = new int[2 * units.size()];
    for (int u = 0; u < units.size(); u++) {
      UnitId id = units.get(u);
      if (id.layer() >= layers.size() || id.index() >= layers.get(id.layer()).hiddenSize()
          || id.kind() == UnitId.Kind.C && !layers.get(id.layer()).hasCellState()) {
        throw ApiException.badField("units", "the model has no unit " + id);
      }
      int state = 0;
      for (int l = 0; l < id.layer(); l++) {
        state += layers.get(l).hasCellState() ? 2 : 1;
      }
      out[2 * u] = state + (id.kind() == UnitId.Kind.C ? 1 : 0);
      out[2 * u + 1] = id.index();
    }
    return out;
  }

  int inFlight() {
    return inFlight.get();
  }

  private void loop() {
    List<BatchSampler> busy = new ArrayList<>();
    while (running) {
      for (Joining j; (j = joining.poll()) != null; ) {
        samplers.computeIfAbsent(j.model(), m -> new BatchSampler(m.model())).add(j.generation());
      }
      busy.clear();
      for (BatchSampler s : samplers.values()) {
        if (s.activeCount() > 0) {
          busy.add(s);
        }
      }
      if (busy.isEmpty()) {
        // idle: forget the batch buffers (a reloaded checkpoint's old model is dropped with them)
        samplers.clear();
      }
      if (busy.isEmpty()) {
        LockSupport.parkNanos(this, 50_000_000L);
        continue;
      }
      for (BatchSampler s : busy) {
        try {
          metrics.batch.observe(s.step());
        } catch (RuntimeException e) {
          // a failing step must not kill the loop for every other client; the generations in it end
          System.err.println("rnn4j serve: sampling step failed: " + e);
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
  }
}
