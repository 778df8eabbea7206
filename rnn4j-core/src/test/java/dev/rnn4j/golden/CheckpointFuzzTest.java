package dev.rnn4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.train.Checkpoint;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * Damaged and crafted checkpoints: random byte flips, truncations and extensions, edits of the header's
 * text, and metadata or shapes rewritten with a valid checksum (as an attacker would). Every case must
 * either load or be refused with a one-line {@link CheckpointException}; never another exception, an
 * {@code OutOfMemoryError} or a multi-line message. Seeded, so a failure names a case that reproduces.
 */
class CheckpointFuzzTest {
  private static final String[] EVIL = {"0", "-1", "1", "2", "7", "65536", "65537", "2097152", "2147483647",
      "2147483648", "-2147483648", "9223372036854775807", "99999999999999999999", "1e30", "-1e30", "1e-45",
      "NaN", "Infinity", "", " ", "abc", "true", "lstm", "gru", "[]", "{}", "\"", "code_points:", "bytes:1",
      "[[1,2,3,4]]", "[[1]]", "null", "0.5", "0.99999999999", "lstm\nrnn", "1\r\n2"};

  @TempDir
  Path dir;

  private int loaded;
  private int refused;

  @Test
  void everyDamagedOrCraftedFileLoadsOrIsRefusedWithOneLine() throws Exception {
    byte[] original;
    try (InputStream in = getClass().getResourceAsStream(GoldenCheckpoints.RESOURCES + "lstm.safetensors")) {
      original = in.readAllBytes();
    }
    // On a RAM disk where there is one: the crafted cases go through the writer, which forces every file
    // to disk, and a few hundred forced writes would take most of this test's time.
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

  private void run(Path file, byte[] original) throws Exception {
    Random r = new Random(20261128);
    long start = System.nanoTime();
    int cases = 0;
    for (int i = 0; i < 1200; i++, cases++) {
      byte[] b = original.clone();
      int flips = 1 + r.nextInt(3);
      for (int k = 0; k < flips; k++) {
        // Half of the flips in the first 2 KB: the length prefix and the header.
        int at = r.nextBoolean() ? r.nextInt(Math.min(2048, b.length)) : r.nextInt(b.length);
        b[at] ^= (byte) (1 + r.nextInt(255));
      }
      check(file, b, "flip case " + i);
    }
    for (int i = 0; i < 400; i++, cases++) {
      int cut = r.nextInt(original.length);
      check(file, Arrays.copyOf(original, cut), "truncated to " + cut);
    }
    for (int i = 0; i < 100; i++, cases++) {
      byte[] extra = new byte[1 + r.nextInt(64)];
      r.nextBytes(extra);
      byte[] b = Arrays.copyOf(original, original.length + extra.length);
      System.arraycopy(extra, 0, b, original.length, extra.length);
      check(file, b, "extended by " + extra.length);
    }
    String text = new String(original, StandardCharsets.ISO_8859_1);
    int headerEnd = 8 + (int) (original[0] & 0xff | (original[1] & 0xff) << 8);
    for (int i = 0; i < 800; i++, cases++) {
      // Same-length edits of the header text: a digit for another, a quote, a bracket.
      byte[] b = original.clone();
      int at = 8 + r.nextInt(headerEnd - 8);
      char c = text.charAt(at);
      b[at] = (byte) (Character.isDigit(c) ? '0' + r.nextInt(10) : "\"[]{}:,9 -".charAt(r.nextInt(10)));
      check(file, b, "header edit at " + at);
    }
    SafeTensorsFile f = SafeTensors.readRnn4j(writeBytes(file, original));
    List<String> keys = new ArrayList<>(f.metadata().keySet());
    keys.removeAll(List.of("format", "format_version", "checksum"));
    for (String key : keys) {
      for (String value : EVIL) {
        Map<String, String> meta = metadata(f);
        meta.put(key, value);
        SafeTensors.write(file, f.tensors(), meta);
        check(file, Files.readAllBytes(file), "metadata " + key + "=" + value + " with a valid checksum");
        cases++;
      }
    }
    for (int i = 0; i < 200; i++, cases++) {
      // Shapes rewritten (same values, other shape) or a tensor dropped, with a valid checksum.
      List<Tensor> tensors = new ArrayList<>(f.tensors());
      int k = r.nextInt(tensors.size());
      Tensor t = tensors.get(k);
      if (r.nextInt(4) == 0) {
        tensors.remove(k);
      } else if (t.dtype() == Tensor.DType.F32) {
        tensors.set(k, Tensor.f32(t.name(), r.nextBoolean() ? new int[] {t.size()} : new int[] {1, t.size()},
            t.floats()));
      }
      SafeTensors.write(file, tensors, metadata(f));
      check(file, Files.readAllBytes(file), "tensor " + t.name() + " reshaped or dropped");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(cases, loaded + refused);
    assertTrue(cases >= 3000, cases + " cases");
    assertTrue(refused > cases / 2, refused + " of " + cases + " refused");
    assertTrue(seconds < 60, cases + " cases took " + seconds + " s");
  }

  private static Map<String, String> metadata(SafeTensorsFile f) {
    Map<String, String> meta = new LinkedHashMap<>(f.metadata());
    meta.keySet().removeAll(List.of("format", "format_version", "checksum"));
    return meta;
  }

  private static Path writeBytes(Path file, byte[] bytes) throws Exception {
    return Files.write(file, bytes);
  }

  private void check(Path file, byte[] bytes, String what) throws Exception {
    Files.write(file, bytes);
    try {
      Checkpoint c = Checkpoint.load(file);
      assertTrue(c.model().parameters().size() > 0, what);
      loaded++;
    } catch (CheckpointException e) {
      String m = e.getMessage();
      if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0 || !m.startsWith(file + ": ")) {
        fail(what + ": refusal is not one line naming the file: " + m);
      }
      refused++;
    } catch (Throwable t) {
      throw new AssertionError(what + ": " + t, t);
    }
  }
}
