package dev.rnn4j.spark;

import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.train.CheckpointSchema;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one step's task needs besides the weights (which come by broadcast): the run and generation, the
 * step number, each partition's slice of the window, whether the streams start an epoch (state reset),
 * and the scale of the loss. The model config travels as the checkpoint schema's fields.
 */
record StepMessage(String run, int generation, long generationStart, long step, int steps, Map<String, String> model,
                   List<Shard> shards, int[][] inputs, int[][] targets, boolean reset, float scale)
    implements Serializable {

  ModelConfig config() {
    try {
      return CheckpointSchema.readModel(MetadataFields.of(null, model));
    } catch (dev.rnn4j.io.CheckpointException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
