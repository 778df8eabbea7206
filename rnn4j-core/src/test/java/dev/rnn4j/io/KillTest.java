package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a process at random moments while it rewrites a checkpoint of a few MB in a loop; after every
 * kill the file must read back whole and consistent, and writing must go on. Meanwhile this process reads
 * the file over and over, so a reader racing the writer is checked too.
 */
class KillTest {
  private static final int KILLS = 8;

  @TempDir
  Path dir;

  @Test
  void killAtAnyMomentLeavesAWholeCheckpoint() throws Exception {
    Path file = dir.resolve("loop.safetensors");
    Random random = new Random(20240601);
    long round = 0;
    int killsAfterProgress = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long before = round;
      Process child = start(file, round + 1);
      try {
        // Half the kills wait for the child to write at least once; the others may land anywhere,
        // in JVM startup or in the first write.
        boolean waitForProgress = kill % 2 == 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitForProgress ? 20 : 0);
        while (waitForProgress && round == before) {
          if (System.nanoTime() > deadline || !child.isAlive()) {
            fail("child wrote nothing: " + log());
          }
          Thread.sleep(10);
          round = Math.max(round, check(file));
        }
        int delayMs = waitForProgress ? random.nextInt(300) : random.nextInt(900);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        while (System.nanoTime() < until) {
          round = Math.max(round, check(file));
          Thread.sleep(random.nextInt(5));
        }
      } finally {
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
      }
      long after = check(file);
      assertTrue(after >= round, "went back from round " + round + " to " + after);
      round = after;
      killsAfterProgress += round > before ? 1 : 0;
    }
    assertTrue(killsAfterProgress >= KILLS / 2, "the child made progress between kills");

    // Leftover temporaries of killed writers do not get in the way of the next write.
    SafeTensors.write(file, List.of(Tensor.i64("state", 1)), Map.of("round", "-1"));
    assertEquals("-1", SafeTensors.readRnn4j(file).metadata("round"));
    try (Stream<Path> s = Files.list(dir)) {
      List<String> stray = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".loop")).toList();
      assertTrue(stray.size() <= KILLS, "at most one temporary per kill: " + stray);
    }
  }

  /** Reads the file if it exists, checks every value equals its round, and returns the round (0: none). */
  private static long check(Path file) throws Exception {
    if (!Files.exists(file)) {
      return 0;
    }
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    long round = Long.parseLong(f.metadata("round"));
    for (float v : f.floats("weights", CheckpointLoop.ROWS, CheckpointLoop.COLS)) {
      assertEquals(round, v);
    }
    for (float v : f.floats("bias", CheckpointLoop.COLS)) {
      assertEquals(round, v);
    }
    for (long v : f.longs("state", CheckpointLoop.LONGS)) {
      assertEquals(round, v);
    }
    return round;
  }

  private Process start(Path file, long firstRound) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), CheckpointLoop.class.getName(),
        file.toString(), Long.toString(firstRound))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }

  private String log() throws Exception {
    File log = dir.resolve("child.log").toFile();
    return log.exists() ? Files.readString(log.toPath()) : "(no log)";
  }
}
