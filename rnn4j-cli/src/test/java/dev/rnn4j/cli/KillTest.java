package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} killed with SIGKILL at random moments while it keeps rewriting its checkpoints: every time,
 * the checkpoint left behind loads and samples.
 */
class KillTest {
  private static final int ROUNDS = 3;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void checkpointSurvivesSigkill() throws Exception {
    Path text = Cli.textFile(dir, "small.txt", 20_000);
    Path out = dir.resolve("out");
    Path last = out.resolve("last.safetensors");
    Random random = new Random(20240607);
    long previousIteration = -1;
    for (int round = 0; round < ROUNDS; round++) {
      // A wider model than the tiny one so each write takes a while; a checkpoint every 2 iterations.
      String[] args = round == 0
          ? Cli.train(text, out, "--hidden", "64", "--iters", "1000000", "--eval-every", "2", "--time", "60s")
          : new String[] {"train", text.toString(), "--resume", last.toString(), "--iters", "1000000",
              "--threads", "1", "--time", "60s", "--out", out.toString()};
      Process p = Cli.child(args)
          .redirectOutput(dir.resolve("train-" + round + ".out").toFile())
          .redirectError(dir.resolve("train-" + round + ".err").toFile())
          .start();
      try {
        long before = round == 0 ? -1 : Files.getLastModifiedTime(last).toMillis();
        waitForNewCheckpoint(p, last, before, round);
        Thread.sleep(50 + random.nextInt(400)); // it goes on writing meanwhile
        assertTrue(p.isAlive(), "still training when killed");
      } finally {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      assertEquals(137, p.exitValue(), "killed by SIGKILL");

      Checkpoint c = Checkpoint.load(last);
      assertTrue(c.iteration() > previousIteration, "progress: " + c.iteration() + " after " + previousIteration);
      previousIteration = c.iteration();
      Cli.Result s = Cli.run("sample", last.toString(), "-n", "50", "--seed", String.valueOf(round));
      assertEquals(0, s.status(), s::toString);
      assertEquals(51, s.out().codePointCount(0, s.out().length()), s::toString);
    }
  }

  /** Waits until {@code last} exists and was modified after {@code before} (ms), and is a few writes old. */
  private static void waitForNewCheckpoint(Process p, Path last, long before, int round)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!(Files.exists(last) && Files.getLastModifiedTime(last).toMillis() > before)) {
      assertTrue(p.isAlive(), "train exited early in round " + round + " with " + (p.isAlive() ? "" : p.exitValue()));
      assertTrue(System.nanoTime() < deadline, "no checkpoint within 15 s in round " + round);
      Thread.sleep(20);
    }
  }
}
