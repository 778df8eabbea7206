package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file is refused, each with its one-line message naming the file. */
class RefusalTest {
  @TempDir
  Path dir;

  private Path valid() throws Exception {
    Path file = dir.resolve("valid.safetensors");
    SafeTensors.write(file, List.of(Tensor.f32("w", new int[] {4, 8}, new float[32]), Tensor.i64("n", 1, 2, 3)),
        Map.of("iteration", "10"));
    return file;
  }

  private static String refusal(Path file) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.readRnn4j(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    return e.getMessage().substring(file.toString().length() + 2);
  }

  private Path withBytes(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void missingFile() {
    assertEquals("no such file", refusal(dir.resolve("nope.safetensors")));
    assertEquals("is a directory, not a checkpoint file", refusal(dir));
  }

  @Test
  void truncatedAtEveryRegion() throws Exception {
    byte[] bytes = Files.readAllBytes(valid());
    int n = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    int dataLength = bytes.length - 8 - n;
    assertEquals(32 * 4 + 3 * 8, dataLength);
    for (int cut : new int[] {0, 1, 7}) {
      assertEquals("truncated or not a safetensors file (" + cut + " bytes)",
          refusal(withBytes("cut" + cut, Arrays.copyOf(bytes, cut))));
    }
    for (int cut : new int[] {8, 9, 8 + n / 2, 8 + n - 1}) {
      assertEquals("truncated or not a safetensors file (header length " + n + ", file size " + cut + ")",
          refusal(withBytes("cut" + cut, Arrays.copyOf(bytes, cut))));
    }
    for (int found : new int[] {0, 1, 100, dataLength - 1}) {
      assertEquals("truncated: expected " + dataLength + " bytes of data, found " + found,
          refusal(withBytes("cut" + found, Arrays.copyOf(bytes, 8 + n + found))));
    }
  }

  @Test
  void flippedDataByteIsACorruption() throws Exception {
    byte[] bytes = Files.readAllBytes(valid());
    for (int at : new int[] {bytes.length - 1, bytes.length - 24, bytes.length - 100}) {
      byte[] copy = bytes.clone();
      copy[at] ^= 0x10;
      String message = refusal(withBytes("flip" + at, copy));
      assertTrue(message.startsWith("corrupted: checksum mismatch (header says crc32c:"), message);
    }
  }

  @Test
  void trailingBytesAreRefused() throws Exception {
    byte[] bytes = Files.readAllBytes(valid());
    assertEquals("not a valid safetensors file: 4 bytes after the data the header describes",
        refusal(withBytes("long", Arrays.copyOf(bytes, bytes.length + 4))));
  }

  @Test
  void garbage() throws Exception {
    byte[] noise = new byte[4096];
    new Random(3).nextBytes(noise);
    noise[7] = 0x7f; // a huge positive length; the 0x80 case reads as negative, covered by the next line
    assertTrue(refusal(withBytes("noise", noise)).startsWith("truncated or not a safetensors file (header length "));
    noise[7] = (byte) 0xff;
    assertTrue(refusal(withBytes("noise2", noise)).startsWith("truncated or not a safetensors file (header length 1"));
    byte[] text = "This is a text file, not a checkpoint at all.\n".getBytes();
    assertTrue(refusal(withBytes("text", text)).startsWith("truncated or not a safetensors file"));
  }

  @Test
  void headerThatIsNotJson() throws Exception {
    Path file = RawFile.write(dir.resolve("j"), "{\"w\": {\"dtype\": \"F32\",", new byte[0]);
    assertTrue(refusal(file).startsWith("not a safetensors file: header is not valid JSON ("));
    Path array = RawFile.write(dir.resolve("j2"), "[1, 2]", new byte[0]);
    assertEquals("invalid safetensors header: header is not a JSON object", refusal(array));
    Path bin = dir.resolve("j3");
    Files.write(bin, new byte[] {2, 0, 0, 0, 0, 0, 0, 0, (byte) 0xc3, 0x28});
    assertEquals("not a safetensors file: header is not UTF-8", refusal(bin));
  }

  @Test
  void badOffsets() throws Exception {
    byte[] data = RawFile.f32(1, 2, 3, 4);
    assertEquals("invalid safetensors header: data of tensors 'a' and 'b' overlap", refusal(RawFile.write(
        dir.resolve("overlap"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", data)));
    assertEquals("invalid safetensors header: data_offsets leave a gap of 4 bytes before tensor 'b'", refusal(
        RawFile.write(dir.resolve("gap"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", data)));
    assertEquals("truncated: expected 1000016 bytes of data, found 16", refusal(RawFile.write(dir.resolve("far"),
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[250004],\"data_offsets\":[0,1000016]}}", data)));
    assertEquals("invalid safetensors header: tensor 'a' has 16 bytes of data but shape [3] of F32 needs 12",
        refusal(RawFile.write(dir.resolve("size"),
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}", data)));
    assertEquals("invalid safetensors header: tensor 'a' data_offsets end before they begin: [16, 0]",
        refusal(RawFile.write(dir.resolve("back"),
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[16,0]}}", data)));
    assertEquals("invalid safetensors header: tensor 'a' data_offsets holds -4, not a non-negative integer",
        refusal(RawFile.write(dir.resolve("neg"),
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[-4,12]}}", data)));
    assertEquals("invalid safetensors header: tensor 'a' data_offsets is not an array of 2 integers",
        refusal(RawFile.write(dir.resolve("one"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0]}}",
            data)));
  }

  @Test
  void otherHeaderFaults() throws Exception {
    byte[] data = RawFile.f32(1, 2);
    assertEquals("tensor 'h' has unsupported dtype F16 (supported: [F32, I64])", refusal(RawFile.write(
        dir.resolve("f16"), "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]}}", data)));
    assertTrue(refusal(RawFile.write(dir.resolve("dup"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
        + "\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", data))
        .contains("Duplicate field 'a'"));
    assertEquals("invalid safetensors header: __metadata__ value of 'n' is not a string", refusal(RawFile.write(
        dir.resolve("meta"), "{\"__metadata__\":{\"n\":1}}", new byte[0])));
    assertEquals("invalid safetensors header: tensor 'a' shape holds 1.5, not a non-negative integer",
        refusal(RawFile.write(dir.resolve("shape"),
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", data)));
  }

  @Test
  void validSafetensorsWithoutRnn4jMetadata() throws Exception {
    String tensors = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
    Path plain = RawFile.write(dir.resolve("plain"), "{" + tensors + "}", RawFile.f32(1, 2));
    assertEquals(2, SafeTensors.read(plain).floats("w").length);
    assertEquals("not an rnn4j checkpoint (no format metadata)", refusal(plain));
    Path other = RawFile.write(dir.resolve("other"), "{\"__metadata__\":{\"format\":\"pt\"}," + tensors + "}",
        RawFile.f32(1, 2));
    assertEquals("not an rnn4j checkpoint (format 'pt')", refusal(other));
    Path future = RawFile.write(dir.resolve("future"),
        "{\"__metadata__\":{\"format\":\"rnn4j\",\"format_version\":\"2\"}," + tensors + "}", RawFile.f32(1, 2));
    assertEquals("rnn4j checkpoint format version '2' is not supported (this version reads 1.x)", refusal(future));
    Path unchecked = RawFile.write(dir.resolve("unchecked"),
        "{\"__metadata__\":{\"format\":\"rnn4j\",\"format_version\":\"1.0\"}," + tensors + "}", RawFile.f32(1, 2));
    assertEquals("not an rnn4j checkpoint (no checksum)", refusal(unchecked));
    Path old = RawFile.write(dir.resolve("old"),
        "{\"__metadata__\":{\"format\":\"rnn4j\",\"format_version\":\"1\"}," + tensors + "}", RawFile.f32(1, 2));
    assertTrue(refusal(old).startsWith("rnn4j checkpoint format version '1' is not supported (this version reads"
        + " 1.x; this file predates the frozen format 1.0"), refusal(old));
  }

  @Test
  void editedMetadataFailsTheChecksum() throws Exception {
    byte[] bytes = Files.readAllBytes(valid());
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"iteration\":\"10\"");
    assertTrue(at > 0);
    bytes[at + "\"iteration\":\"".length()] = '9'; // same length: "90"
    String problem = refusal(withBytes("edited", bytes));
    assertTrue(problem.startsWith("corrupted: checksum mismatch"), problem);
  }

  @Test
  void laterMinorVersionsWithUnknownKeysAreRead() throws Exception {
    byte[] data = RawFile.f32(1, 2);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(data);
    crc.update(("format\0rnn4j\0format_version\0001.3\0training.warmup\0" + "100\0")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path file = RawFile.write(dir.resolve("minor"), "{\"__metadata__\":{\"format\":\"rnn4j\",\"format_version\":"
        + "\"1.3\",\"training.warmup\":\"100\",\"checksum\":\"crc32c:" + String.format("%08x", crc.getValue())
        + "\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data);
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    assertEquals("100", f.metadata("training.warmup"));
  }

  @Test
  void plainReadStillVerifiesAChecksum() throws Exception {
    byte[] bytes = Files.readAllBytes(valid());
    bytes[bytes.length - 1] ^= 1;
    Path file = withBytes("flipped", bytes);
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
    assertTrue(e.getMessage().contains(": corrupted: checksum mismatch"), e.getMessage());
  }
}
