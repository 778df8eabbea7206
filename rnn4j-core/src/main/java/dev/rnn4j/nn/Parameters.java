package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All parameters of a model in two flat arenas, one of values and one of gradients, with a named view per
 * parameter. Clipping, norms, optimizers and checkpoints act on the whole arena at once.
 *
 * <p>Layers declare their parameters with {@link #add} while they are built; {@link #allocate()} then
 * creates the arenas (zero-filled) and binds every view. Nothing can be added afterwards.
 */
public final class Parameters {
  private final Map<String, Param> byName = new LinkedHashMap<>();
  private int total;
  private Matrix values;
  private Matrix grads;

  /**
   * Declares a parameter of {@code rows x cols}; names must be unique. Once allocated, declaring an
   * existing name with the same shape returns that parameter, so a second model (a sampler with its own
   * buffers) can be built over the same weights.
   */
  public Param add(String name, int rows, int cols) {
    if (values != null) {
      Param existing = byName.get(name);
      if (existing == null || existing.rows() != rows || existing.cols() != cols) {
        throw new IllegalStateException("parameters already allocated; no parameter " + name + " of "
            + rows + "x" + cols + " to share");
      }
      return existing;
    }
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("duplicate parameter name " + name);
    }
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("parameter " + name + " has empty shape " + rows + "x" + cols);
    }
    Param p = new Param(name, rows, cols, total);
    total = Math.addExact(total, Math.multiplyExact(rows, cols));
    byName.put(name, p);
    return p;
  }

  /** Creates the value and gradient arenas and binds every declared parameter. */
  public void allocate() {
    if (values != null) {
      throw new IllegalStateException("parameters already allocated");
    }
    values = Matrix.allocate(1, total);
    grads = Matrix.allocate(1, total);
    for (Param p : byName.values()) {
      p.bind(values, grads);
    }
  }

  public boolean isAllocated() {
    return values != null;
  }

  /** Every value, as one {@code 1 x size()} matrix. */
  public Matrix values() {
    checkAllocated();
    return values;
  }

  /** Every gradient, in the same order as {@link #values()}. */
  public Matrix grads() {
    checkAllocated();
    return grads;
  }

  public void zeroGrads() {
    grads().zero();
  }

  /** Total number of scalars. */
  public int size() {
    return total;
  }

  public List<Param> list() {
    return Collections.unmodifiableList(new ArrayList<>(byName.values()));
  }

  public Param get(String name) {
    Param p = byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return p;
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * The same parameters (same names, same value arena) with a gradient arena of their own, so that
   * replicas on several threads can accumulate gradients without sharing memory.
   */
  public Parameters withOwnGradients() {
    checkAllocated();
    Parameters p = new Parameters();
    p.total = total;
    p.values = values;
    p.grads = Matrix.allocate(1, total);
    for (Param q : byName.values()) {
      Param n = new Param(q.name(), q.rows(), q.cols(), q.start());
      n.bind(values, p.grads);
      p.byName.put(n.name(), n);
    }
    return p;
  }

  private void checkAllocated() {
    if (values == null) {
      throw new IllegalStateException("parameters not allocated yet");
    }
  }
}
