package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.Evaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that blows up stops with one line, and the checkpoint it wrote before is a good one. */
class NonFiniteTest {
  @TempDir
  Path dir;

  @Test
  void absurdLearningRateStopsWithOneLineAndAnIntactCheckpoint() throws IOException {
    Path text = Cli.textFile(dir, "small.txt", 4000);
    Path out = dir.resolve("out");
    // Plain SGD near the float range with no clipping (and no warm-up): the weights overflow within a few steps.
    Cli.Result r = Cli.run(Cli.train(text, out, "--optimizer", "sgd", "--lr", "3e38", "--clip", "0", "--warmup", "0",
        "--eval-every", "1", "--iters", "50"));
    assertNotEquals(0, r.status(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("rnn4j: non-finite "), line);
    assertFalse(r.err().contains("at dev."), r::toString);
    Matcher m = Pattern.compile("at iteration (\\d+)").matcher(line);
    assertTrue(m.find(), line);
    long failed = Long.parseLong(m.group(1));
    assertTrue(failed > 1 && failed < 50, line);

    Path last = out.resolve("last.safetensors");
    assertTrue(Files.isRegularFile(last), "a checkpoint was written before the failure");
    Checkpoint c = Checkpoint.load(last);
    assertTrue(c.iteration() < failed, "checkpoint at " + c.iteration() + " before the failure at " + failed);
    // The last checkpoint is a model that still computes: its loss on the text is finite.
    double nats = Evaluator.crossEntropy(c.model(), Corpus.load(text, c.vocabulary()).all(), 4, 8, null);
    assertTrue(Double.isFinite(nats), "finite loss from the last checkpoint, got " + nats);
    assertFalse(r.out().contains("NaN"), r::toString);
    Cli.Result s = Cli.run("sample", last.toString(), "-n", "20");
    assertEquals(0, s.status(), s::toString);
  }
}
