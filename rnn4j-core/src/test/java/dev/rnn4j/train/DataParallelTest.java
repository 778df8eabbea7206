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
   * Direct-buffer bytes allocated by one validation, where a model's matrices live: the least of several
   * passes after a first one (a pass that happens to free old buffers cannot hide a copy made in every
   * pass). Heap allocation is not counted: while the Vector API kernels are not compiled by C2 they
   * allocate on every operation, and in the whole suite's JVM that lasted a minute at times (1.7 to 178 MB
   * a pass, once 89 MB on CI), a measure of the JIT, not of buffers kept. A twin model's activations and
   * histories are direct buffers, several megabytes here.
   */
  private static long allocatedByValidation(DataParallel parallel, TokenRange range) {
    parallel.crossEntropy(range, 1);
    long least = Long.MAX_VALUE;
    for (int pass = 0; pass < 12; pass++) {
      long direct = directBytes();
      parallel.crossEntropy(range, 1);
      least = Math.min(least, Math.max(0, directBytes() - direct));
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
      long longText = allocatedByValidation(parallel, corpus.all());
      assertTrue(longText < twinBuffers / 8, "validation on B streams allocated " + longText + " bytes");
      TokenRange shortText = Corpus.fromString(TEXT.substring(0, 300), corpus.vocabulary()).all();
      long shortOne = allocatedByValidation(parallel, shortText);
      assertTrue(shortOne < twinBuffers / 8, "validation on a short text allocated " + shortOne + " bytes");
    }
  }
}
