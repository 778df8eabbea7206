package dev.rnn4j.seq.train;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.BucketedBatches;

/** Where a run stands in its data: the epoch, the batch within its plan, and the generators' states. */
public record SeqPosition(int epoch, int batch, int trainSize, long[] epochStart, long[] dropoutRng) {
  /** Where a task walking {@code batches} with {@code dropout} stands now. */
  public static SeqPosition of(BucketedBatches<?> batches, Rng dropout) {
    return new SeqPosition(batches.epoch(), batches.batchInEpoch(), batches.size(), batches.epochStart(),
        dropout.state());
  }

  /**
   * Puts {@code batches} and {@code dropout} back where this position stood (the epoch's plan redrawn from
   * the saved generator state).
   *
   * @param what what an example is, for the message when the data differ ("examples", "sentence pairs")
   */
  public void restore(BucketedBatches<?> batches, Rng dropout, String what) {
    if (trainSize != batches.size()) {
      throw new IllegalArgumentException("the checkpoint was trained on " + trainSize + " " + what + ", this data has "
          + batches.size() + "; resume on the same data");
    }
    batches.restore(epoch, batch, epochStart);
    dropout.restore(dropoutRng);
  }
}
