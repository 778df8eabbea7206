package dev.rnn4j.tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where training's time goes ({@code rnn4j bench --profile}): wall-clock nanoseconds per named part, summed
 * over the threads that run it. Parts nest, and a part owns only its own time: while a thread is inside
 * the BLAS product that a recurrent layer's step calls, that time is the product's, not the layer's. Time
 * on a thread outside every part is not counted.
 *
 * <p>Off unless {@link #enable switched on}; while off, {@link #enter} and {@link #exit} return after one
 * read of a static field. Switch it on before the threads that are measured start.
 */
public final class Profile {
  /** A named part, made once per call site ({@link #part}). */
  public static final class Part {
    private final String name;
    private final LongAdder nanos = new LongAdder();

    private Part(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }
  }

  private static final List<Part> PARTS = new ArrayList<>();
  private static final ThreadLocal<Frames> FRAMES = ThreadLocal.withInitial(Frames::new);
  private static boolean on;

  private Profile() {}

  /** The part called {@code name}, made the first time it is asked for. */
  public static synchronized Part part(String name) {
    for (Part p : PARTS) {
      if (p.name.equals(name)) {
        return p;
      }
    }
    Part p = new Part(name);
    PARTS.add(p);
    return p;
  }

  public static void enable(boolean enabled) {
    on = enabled;
  }

  public static boolean enabled() {
    return on;
  }

  /** This thread now runs {@code part} (inside whatever part it was in), until {@link #exit}. */
  public static void enter(Part part) {
    if (on) {
      FRAMES.get().enter(part, System.nanoTime());
    }
  }

  /** This thread leaves the part it last entered and goes back to the one around it. */
  public static void exit() {
    if (on) {
      FRAMES.get().exit(System.nanoTime());
    }
  }

  /** Adds time measured elsewhere (a wait that no thread spends inside a part) to {@code part}. */
  public static void add(Part part, long nanos) {
    if (on) {
      part.nanos.add(nanos);
    }
  }

  /** Forgets the time counted so far (call while no measured thread is inside a part). */
  public static synchronized void reset() {
    for (Part p : PARTS) {
      p.nanos.reset();
    }
  }

  /** Nanoseconds per part since the last {@link #reset}, in the order the parts were made. */
  public static synchronized Map<String, Long> nanos() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Part p : PARTS) {
      out.put(p.name, p.nanos.sum());
    }
    return out;
  }

  /** One thread's stack of parts it is in, and when the innermost started owning the time. */
  private static final class Frames {
    private Part[] stack = new Part[8];
    private int depth;
    private long since;

    void enter(Part part, long now) {
      if (depth > 0) {
        stack[depth - 1].nanos.add(now - since);
      }
      if (depth == stack.length) {
        stack = java.util.Arrays.copyOf(stack, 2 * depth);
      }
      stack[depth++] = part;
      since = now;
    }

    void exit(long now) {
      if (depth == 0) {
        return;  // entered before profiling was switched on
      }
      stack[--depth].nanos.add(now - since);
      stack[depth] = null;
      since = now;
    }
  }
}
