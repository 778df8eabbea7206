package dev.rnn4j.caption.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.model.ImageInjection;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.train.CheckpointWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The captioner's loader under the core's fuzz (see {@code CheckpointFuzzTest}), smaller: byte flips,
 * truncations, and metadata rewritten with a valid checksum. Each case loads or is refused with one line.
 */
class CaptionCheckpointFuzzTest {
  private static final String[] EVIL = {"0", "-1", "1", "3", "65536", "65537", "2097152", "2147483647",
      "99999999999", "1e30", "NaN", "", "abc", "gru", "mut1", "first", "[]", "[[1,2,3,4]]", "null", "x\ny"};

  @TempDir
  Path dir;

  @Test
  void everyDamagedOrCraftedFileLoadsOrIsRefusedWithOneLine() throws Exception {
    CaptionTrainer t = CaptionTrainer.create(CaptionTrainerTest.modelConfig(ImageInjection.EVERY_STEP, 0f),
        CaptionTrainerTest.VOCAB, CaptionTrainerTest.toy(12, 3), CaptionTrainerTest.toy(4, 8), null,
        CaptionTrainerTest.trainingConfig(1, 0));
    CheckpointWriter writer = new CheckpointWriter(dir.resolve("run"));
    t.addListener(writer);
    t.run();
    byte[] original = Files.readAllBytes(writer.last());
    // On a RAM disk where there is one: the writer forces every crafted file to disk.
    Path shm = Path.of("/dev/shm");
    Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "rnn4j-fuzz") : dir;
    try {
      run(base.resolve("case.safetensors"), original);
    } finally {
      if (base != dir) {
        try (var files = Files.list(base)) {
          for (Path p : (Iterable<Path>) files::iterator) {
            Files.delete(p);
          }
        }
        Files.delete(base);
      }
    }
  }

  private static void run(Path file, byte[] original) throws Exception {
    Random r = new Random(7);
    int cases = 0;
    int refused = 0;
    for (int i = 0; i < 600; i++, cases++) {
      byte[] b = original.clone();
      int at = r.nextBoolean() ? r.nextInt(Math.min(2048, b.length)) : r.nextInt(b.length);
      b[at] ^= (byte) (1 + r.nextInt(255));
      refused += check(file, b, "flip at " + at);
    }
    for (int i = 0; i < 200; i++, cases++) {
      int cut = r.nextInt(original.length);
      refused += check(file, Arrays.copyOf(original, cut), "truncated to " + cut);
    }
    SafeTensorsFile f = SafeTensors.readRnn4j(Files.write(file, original));
    List<String> keys = new ArrayList<>(f.metadata().keySet());
    keys.removeAll(List.of("format", "format_version", "checksum"));
    for (String key : keys) {
      for (String value : EVIL) {
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        meta.keySet().removeAll(List.of("format", "format_version", "checksum"));
        meta.put(key, value);
        SafeTensors.write(file, f.tensors(), meta);
        refused += check(file, Files.readAllBytes(file), key + "=" + value);
        cases++;
      }
    }
    assertTrue(cases > 1000, cases + " cases");
    assertTrue(refused > cases / 2, refused + " of " + cases + " refused");
  }

  /** 1 when refused, 0 when loaded; anything else fails the test. */
  private static int check(Path file, byte[] bytes, String what) throws Exception {
    Files.write(file, bytes);
    try {
      CaptionCheckpoint.load(file);
      return 0;
    } catch (CheckpointException e) {
      assertEquals(-1, e.getMessage().indexOf('\n'), what + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith(file + ": "), what + ": " + e.getMessage());
      return 1;
    } catch (Throwable e) {
      throw new AssertionError(what + ": " + e, e);
    }
  }
}
