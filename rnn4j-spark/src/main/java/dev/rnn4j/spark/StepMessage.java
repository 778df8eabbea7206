package dev.rnn4j.spark;

import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.train.CheckpointSchema;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one job's tasks need besides the weights (which come by broadcast): the run and generation, the
 * first step it runs, and per window each partition's slice ({@code inputs[window][partition]}), whether
 * the streams start an epoch before it, and its learning rate. Synchronous training sends one window and
 * gets gradients back; averaging sends the K windows of a round, which each executor trains with its own
 * optimizer ({@code optimizer}, {@code clipValue}, {@code clipNorm}) before sending its weights back. The
 * model config travels as the checkpoint schema's fields.
 */
record StepMessage(String run, int generation, long generationStart, long step, int steps, Map<String, String> model,
                   List<Shard> shards, int[][][] inputs, int[][][] targets, boolean[] resets, float[] rates,
                   float scale, boolean average, String optimizer, float clipValue, float clipNorm)
    implements Serializable {

  ModelConfig config() {
    try {
      return CheckpointSchema.readModel(MetadataFields.of(null, model));
    } catch (dev.rnn4j.io.CheckpointException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  int windows() {
    return inputs.length;
  }
}
