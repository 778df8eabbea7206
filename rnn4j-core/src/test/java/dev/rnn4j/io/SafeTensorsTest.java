package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Matrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir
  Path dir;

  @Test
  void roundTripsTensorsAndMetadata() throws Exception {
    Random rng = new Random(7);
    float[] w = new float[5 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    w[0] = Float.NaN;
    w[1] = Float.NEGATIVE_INFINITY;
    w[2] = -0f;
    long[] rngState = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
    List<Tensor> tensors = List.of(
        Tensor.f32("rnn.weight_ih_l0", new int[] {5, 3}, w),
        Tensor.f32("rnn.bias_ih_l0", new int[] {5}, new float[] {1, 2, 3, 4, 5}),
        Tensor.i64("rng", new int[] {2, 2}, rngState),
        Tensor.i64("step", new int[0], new long[] {123456789012L}),
        Tensor.f32("empty", new int[] {0, 4}, new float[0]));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("config", "{\"hidden\": 5}");
    meta.put("vocab", "\n\"\\ é漢😀\u0000");
    Path file = dir.resolve("model.safetensors");

    SafeTensors.write(file, tensors, meta);
    SafeTensorsFile read = SafeTensors.readRnn4j(file);

    assertEquals(List.of("rnn.weight_ih_l0", "rnn.bias_ih_l0", "rng", "step", "empty"),
        read.tensors().stream().map(Tensor::name).toList());
    assertArrayEquals(w, read.floats("rnn.weight_ih_l0", 5, 3)); // bitwise, NaN and -0 included
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(read.floats("rnn.weight_ih_l0")[2]));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5}, read.floats("rnn.bias_ih_l0", 5));
    assertArrayEquals(rngState, read.longs("rng", 2, 2));
    assertArrayEquals(new long[] {123456789012L}, read.longs("step", new int[0]));
    assertArrayEquals(new int[] {0, 4}, read.tensor("empty").shape());
    assertEquals(List.of("format", "format_version", "config", "vocab", "checksum"),
        List.copyOf(read.metadata().keySet()));
    assertEquals("rnn4j", read.metadata("format"));
    assertEquals("1.0", read.metadata("format_version"));
    assertEquals(meta.get("vocab"), read.metadata("vocab"));
    assertTrue(read.metadata("checksum").matches("crc32c:[0-9a-f]{8}"));
    assertEquals(file, read.file());
  }

  @Test
  void copiesIntoAMatrix() throws Exception {
    Path file = dir.resolve("c.safetensors");
    SafeTensors.write(file, List.of(Tensor.f32("b", new int[] {3}, new float[] {1, 2, 3})), Map.of());
    Matrix m = Matrix.allocate(1, 3);
    SafeTensors.read(file).copyTo("b", new int[] {3}, m);
    assertArrayEquals(new float[] {1, 2, 3}, m.toArray());
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.read(file).copyTo("b", new int[] {3}, Matrix.allocate(1, 4)));
  }

  @Test
  void lookupsNameWhatIsMissingOrWrong() throws Exception {
    Path file = dir.resolve("l.safetensors");
    SafeTensors.write(file, List.of(Tensor.f32("w", new int[] {2, 3}, new float[6]), Tensor.i64("n", 1)), Map.of());
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    assertFalse(f.has("rnn.weight_hh_l1"));
    assertEquals(file + ": checkpoint has no tensor 'rnn.weight_hh_l1'",
        assertThrows(CheckpointException.class, () -> f.floats("rnn.weight_hh_l1")).getMessage());
    assertEquals(file + ": tensor 'n' is I64, expected F32",
        assertThrows(CheckpointException.class, () -> f.floats("n")).getMessage());
    assertEquals(file + ": tensor 'w' is F32, expected I64",
        assertThrows(CheckpointException.class, () -> f.longs("w")).getMessage());
    assertEquals(file + ": tensor 'w' has shape [2, 3], expected [3, 2]",
        assertThrows(CheckpointException.class, () -> f.floats("w", 3, 2)).getMessage());
    assertEquals(file + ": checkpoint has no metadata 'vocab'",
        assertThrows(CheckpointException.class, () -> f.metadata("vocab")).getMessage());
  }

  /** The bytes, parsed by hand against the safetensors spec rather than by our reader. */
  @Test
  void byteLayoutFollowsTheSpec() throws Exception {
    Path file = dir.resolve("tiny.safetensors");
    SafeTensors.write(file, List.of(
        Tensor.f32("w", new int[] {1, 2}, new float[] {1.0f, -2.5f}),
        Tensor.i64("n", new int[0], new long[] {7})), Map.of("k", "v"));
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

    long n = b.getLong(0);
    assertEquals(0, n % 8, "header padded to a multiple of 8");
    assertEquals(8 + n + 16, bytes.length, "prefix + header + 8 bytes of F32 + 8 bytes of I64");
    byte[] data = java.util.Arrays.copyOfRange(bytes, (int) (8 + n), bytes.length);
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0, 7, 0, 0, 0, 0, 0, 0, 0}, data);

    CRC32C crc = new CRC32C();
    crc.update(data);
    // then every other metadata pair, sorted by key: key NUL value NUL
    crc.update("format\0rnn4j\0format_version\0001.0\0k\0v\0".getBytes(StandardCharsets.UTF_8));
    String json = "{\"__metadata__\":{\"format\":\"rnn4j\",\"format_version\":\"1.0\",\"k\":\"v\","
        + "\"checksum\":\"crc32c:" + String.format("%08x", crc.getValue()) + "\"},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
        + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}";
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals(json, header.stripTrailing());
    assertTrue(header.substring(json.length()).isBlank() && header.length() - json.length() < 8);
  }

  @Test
  void readsAPlainSafetensorsFileFromElsewhere() throws Exception {
    // As Python's safetensors writes it: metadata optional, keys in any order, offsets not in header order.
    Path file = RawFile.write(dir.resolve("torch.safetensors"),
        "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
            + "\"a\":{\"shape\":[2],\"dtype\":\"F32\",\"data_offsets\":[0,8]}}",
        RawFile.f32(1, 2, 3));
    SafeTensorsFile f = SafeTensors.read(file);
    assertEquals(List.of("b", "a"), f.tensors().stream().map(Tensor::name).toList());
    assertArrayEquals(new float[] {1, 2}, f.floats("a"));
    assertArrayEquals(new float[] {3}, f.floats("b"));
    assertTrue(f.metadata().isEmpty());
  }

  @Test
  void handlesFiftyMegabytes() throws Exception {
    int n = 50 * 1024 * 1024 / 4;
    float[] big = new float[n];
    for (int i = 0; i < n; i++) {
      big[i] = i * 0.5f;
    }
    long[] counters = new long[300_001]; // not a multiple of the I/O chunk
    for (int i = 0; i < counters.length; i++) {
      counters[i] = (long) i << 33;
    }
    Path file = dir.resolve("big.safetensors");
    SafeTensors.write(file, List.of(Tensor.f32("big", new int[] {n / 1024, 1024}, big),
        Tensor.i64("counters", counters)), Map.of());
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    assertArrayEquals(big, f.floats("big", n / 1024, 1024));
    assertArrayEquals(counters, f.longs("counters"));
  }

  @Test
  void refusesReservedAndDuplicateNames() {
    Path file = dir.resolve("x.safetensors");
    Tensor t = Tensor.i64("t", 1);
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, List.of(t, t), Map.of()));
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.write(file, List.of(Tensor.i64("__metadata__", 1)), Map.of()));
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.write(file, List.of(t), Map.of("checksum", "mine")));
    assertFalse(Files.exists(file));
  }
}
