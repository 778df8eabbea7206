package dev.rnn4j.spark;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor keeps between steps for the share of streams it owns: a replica of the model (its own
 * buffers, gradients and the streams' carried state) and the streams' dropout generators. Spark tasks are
 * stateless, so the shares live in this executor-wide table, keyed by run, generation and partition; the
 * driver runs every step's task of a partition where that partition's cached block is, so the same
 * executor finds it again. A task that does not find the state it expects refuses to run (the result
 * would silently differ from training on one machine).
 */
final class ShardWorker {
  private static final Map<String, ShardWorker> SHARDS = new ConcurrentHashMap<>();

  final LanguageModel replica;
  final Rng[] rngs;
  final int steps;
  /** The step this share runs next. */
  long nextStep;
  /** Its own optimizer, when averaging (made on first use; its moments stay on this executor). */
  dev.rnn4j.train.UpdateStep local;

  private ShardWorker(ModelConfig config, int streams, int steps, long[] rngStates, List<float[]> states,
                      long firstStep) {
    this.replica = new LanguageModel(config);
    this.replica.ensureCapacity(streams, steps);
    this.steps = steps;
    this.rngs = new Rng[streams];
    for (int b = 0; b < streams; b++) {
      rngs[b] = new Rng(0);
      rngs[b].restore(java.util.Arrays.copyOfRange(rngStates, 4 * b, 4 * b + 4));
    }
    List<Matrix> carried = replica.states();
    for (int i = 0; i < carried.size(); i++) {
      carried.get(i).copyFrom(states.get(i));
    }
    this.nextStep = firstStep;
  }

  static String key(String run, int generation, int partition) {
    return run + "/" + generation + "/" + partition;
  }

  /** The share for this task: made from the shard's initial state at its generation's first step. */
  static ShardWorker forStep(StepMessage m, int partition) {
    String key = key(m.run(), m.generation(), partition);
    ShardWorker w = SHARDS.get(key);
    if (w == null) {
      if (m.step() != m.generationStart()) {
        throw new IllegalStateException("executor lost the state of partition " + partition + " (step " + m.step()
            + "): it ran elsewhere before");
      }
      Shard s = m.shards().get(partition);
      w = new ShardWorker(m.config(), s.streams(), m.steps(), s.rngStates(), s.states(), m.step());
      SHARDS.keySet().removeIf(k -> k.startsWith(m.run() + "/") && k.endsWith("/" + partition));
      SHARDS.put(key, w);
    }
    if (w.nextStep != m.step()) {
      throw new IllegalStateException("partition " + partition + " is at step " + w.nextStep + ", asked for step "
          + m.step());
    }
    return w;
  }

  /** The share as it stands (for a checkpoint); null when this executor does not hold it. */
  static ShardWorker find(String run, int generation, int partition) {
    return SHARDS.get(key(run, generation, partition));
  }

  long[] rngStates() {
    long[] out = new long[rngs.length * 4];
    for (int b = 0; b < rngs.length; b++) {
      System.arraycopy(rngs[b].state(), 0, out, 4 * b, 4);
    }
    return out;
  }
}
