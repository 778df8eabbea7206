package dev.rnn4j.nn;

import dev.rnn4j.tensor.Matrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * All parameters of a model in two flat arenas, one of values and one of gradients, with a named view per
 * parameter. Clipping, norms, optimizers and checkpoints act on the whole arena at once.
 *
 * <p>Layers declare their parameters with {@link #add} while they are built; {@link #allocate()} then
 * creates the arenas (zero-filled) and binds every view. Nothing can be added afterwards.
 *
 * <p>A {@link #renamed} view shares the declarations and arenas and only rewrites the names that
 * {@link #add} declares, so one cell class can be declared twice under different names (a bidirectional
 * layer's reverse direction, {@code rnn.weight_ih_l0_reverse}; a second encoder, {@code char_rnn....}).
 */
public final class Parameters {
  /** The shared state: every view of one parameter set points at the same Arena. */
  private static final class Arena {
    final Map<String, Param> byName = new LinkedHashMap<>();
    int total;
    Matrix values;
    Matrix grads;
  }

  private final Arena arena;
  /** Applied to every name declared through this view; identity for a set made with {@code new}. */
  private final UnaryOperator<String> naming;

  /** An empty parameter set. */
  public Parameters() {
    this(new Arena(), UnaryOperator.identity());
  }

  private Parameters(Arena arena, UnaryOperator<String> naming) {
    this.arena = arena;
    this.naming = naming;
  }

  /**
   * A view over the same declarations and arenas whose {@link #add} declares {@code naming.apply(name)}
   * instead of {@code name}; every other method acts on the whole shared set (so {@link #get} takes the
   * full, renamed name). Views of views compose: the inner view's naming is applied first.
   */
  public Parameters renamed(UnaryOperator<String> naming) {
    UnaryOperator<String> outer = this.naming;
    return new Parameters(arena, name -> outer.apply(naming.apply(name)));
  }

  /**
   * Declares a parameter of {@code rows x cols} under this view's naming of {@code name}; names must be
   * unique. Once allocated, declaring an existing name with the same shape returns that parameter, so a
   * second model (a sampler with its own buffers) can be built over the same weights.
   */
  public Param add(String name, int rows, int cols) {
    return declare(naming.apply(name), rows, cols);
  }

  private Param declare(String name, int rows, int cols) {
    Map<String, Param> byName = arena.byName;
    if (arena.values != null) {
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
    Param p = new Param(name, rows, cols, arena.total);
    arena.total = Math.addExact(arena.total, Math.multiplyExact(rows, cols));
    byName.put(name, p);
    return p;
  }

  /** Creates the value and gradient arenas and binds every declared parameter. */
  public void allocate() {
    if (arena.values != null) {
      throw new IllegalStateException("parameters already allocated");
    }
    arena.values = Matrix.allocate(1, arena.total);
    arena.grads = Matrix.allocate(1, arena.total);
    for (Param p : arena.byName.values()) {
      p.bind(arena.values, arena.grads);
    }
  }

  public boolean isAllocated() {
    return arena.values != null;
  }

  /** Every value, as one {@code 1 x size()} matrix. */
  public Matrix values() {
    checkAllocated();
    return arena.values;
  }

  /** Every gradient, in the same order as {@link #values()}. */
  public Matrix grads() {
    checkAllocated();
    return arena.grads;
  }

  public void zeroGrads() {
    grads().zero();
  }

  /** Total number of scalars. */
  public int size() {
    return arena.total;
  }

  public List<Param> list() {
    return Collections.unmodifiableList(new ArrayList<>(arena.byName.values()));
  }

  public Param get(String name) {
    Param p = arena.byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return p;
  }

  public boolean contains(String name) {
    return arena.byName.containsKey(name);
  }

  /**
   * The same parameters (same names, same value arena) with a gradient arena of their own, so that
   * replicas on several threads can accumulate gradients without sharing memory. It keeps this view's
   * naming, so a replica declared through it finds the same names.
   */
  public Parameters withOwnGradients() {
    checkAllocated();
    Arena a = new Arena();
    a.total = arena.total;
    a.values = arena.values;
    a.grads = Matrix.allocate(1, arena.total);
    for (Param q : arena.byName.values()) {
      Param n = new Param(q.name(), q.rows(), q.cols(), q.start());
      n.bind(a.values, a.grads);
      a.byName.put(n.name(), n);
    }
    return new Parameters(a, naming);
  }

  private void checkAllocated() {
    if (arena.values == null) {
      throw new IllegalStateException("parameters not allocated yet");
    }
  }
}
