package dev.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.TokenRange;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The replicas' threads end with training; validation reuses buffers instead of copying the model. */
class DataParallelTest {
  private static final String TEXT = "the quick brown fox jumps over the lazy dog and runs far away from home. ".repeat(60);

  private static long replicaThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("rnn4j-replica")).count();
  }

  @Test
  void theReplicasThreadsEndWhenTrainingEnds() throws Exception {
    Corpus corpus = Corpus.fromString(TEXT);
    TrainingConfig tc = TrainingConfig.builder().batch(4).steps(8).optimizer(OptimizerKind.ADAM)
        .learningRate(LearningRateSchedule.constant(1e-2f)).clipValue(5f).valFraction(0.1).evalEvery(5)
        .maxIterations(10).seed(3).sampleEvery(0).sampleLength(0).build();
    Trainer t = Trainer.create(ModelConfig.builder(1).cell(CellType.LSTM).hiddenSize(8).layers(1).initScale(0.1f).build(), corpus, tc, 2);
    t.run();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (replicaThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, replicaThreads(), "no replica thread outlives run()");
    // A second run (a longer limit) starts them again.
    Trainer again = Trainer.create(ModelConfig.builder(1).cell(CellType.LSTM).hiddenSize(8).layers(1).initScale(0.1f).build(), corpus,
        tc.withLimits(20, 0, 0), 2);
    again.run();
    assertEquals(20, again.iteration());
  }

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed)
        .sum();
  }

  /**
   * Bytes allocated by one validation once warmed up, on this thread's heap plus direct buffers (where
   * matrices live): the least over passes after a first one, stopping early once a pass stays under
   * {@code bound}. Until C2 has compiled them, the Vector API kernels allocate on every operation, garbage
   * that says nothing about buffers kept: a fresh clone once saw 13 MB of it, CI once 89 MB in each of 12
   * passes, and with C2 off a pass makes 29 GB. So the passes go on for up to 60 seconds, long enough for
   * the compiler on a loaded machine. A twin model built on every validation would show in every pass.
   */
  private static long allocatedByValidation(DataParallel parallel, TokenRange range, long bound) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    parallel.crossEntropy(range, 1);
    long least = Long.MAX_VALUE;
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (int pass = 0; pass < 12 || (least >= bound && System.nanoTime() < deadline); pass++) {
      long heap = mx.getCurrentThreadAllocatedBytes();
      long direct = directBytes();
      parallel.crossEntropy(range, 1);
      least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - heap + Math.max(0, directBytes() - direct));
    }
    return least;
  }

  @Test
  void validationWithoutReplicasBuildsNoCopyOfTheModel() {
    Corpus corpus = Corpus.fromString(TEXT);
    int batch = 16;
    int steps = 64;
    LanguageModel model = new LanguageModel(ModelConfig.builder(corpus.vocabulary().size()).cell(CellType.LSTM)
        .hiddenSize(256).layers(2).initScale(0.1f).build());
    model.initialize(new Rng(1));
    Rng[] rngs = new Rng[batch];
    for (int b = 0; b < batch; b++) {
      rngs[b] = new Rng(b);
    }
    try (DataParallel parallel = new DataParallel(model, batch, steps, 1, rngs)) {
      // A twin's buffers for B x T steps of 2 layers of 256 LSTM units are several megabytes.
      long twinBuffers = (long) batch * steps * 4 * 256 * 4 * 2;
      long longText = allocatedByValidation(parallel, corpus.all(), twinBuffers / 8);
      assertTrue(longText < twinBuffers / 8, "validation on B streams allocated " + longText + " bytes");
      TokenRange shortText = Corpus.fromString(TEXT.substring(0, 300), corpus.vocabulary()).all();
      long shortOne = allocatedByValidation(parallel, shortText, twinBuffers / 8);
      assertTrue(shortOne < twinBuffers / 8, "validation on a short text allocated " + shortOne + " bytes");
    }
  }
}
