package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves the old file as it was and no temporary file behind. */
class AtomicWriteTest {
  @TempDir
  Path dir;
  Path file;
  byte[] original;

  @BeforeEach
  void writeOriginal() throws Exception {
    file = dir.resolve("ckpt.safetensors");
    SafeTensors.write(file, List.of(Tensor.f32("w", new int[] {3}, new float[] {1, 2, 3})), Map.of("round", "1"));
    original = Files.readAllBytes(file);
  }

  private void assertUntouched() throws IOException {
    assertArrayEquals(original, Files.readAllBytes(file));
    assertEquals(List.of(file), listDir());
    assertEquals("1", SafeTensors.readRnn4j(file).metadata("round"));
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void replacesTheFileAndLeavesNoTemporary() throws Exception {
    SafeTensors.write(file, List.of(Tensor.i64("n", 5)), Map.of("round", "2"));
    assertEquals("2", SafeTensors.readRnn4j(file).metadata("round"));
    assertEquals(List.of(file), listDir());
  }

  @Test
  void invalidTensorsNeverReachTheFile() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
        List.of(Tensor.i64("n", 1), Tensor.f32("w", new int[] {3, 3}, new float[] {1, 2, 3})), Map.of()));
    Tensor t = Tensor.i64("n", 1);
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, List.of(t, t), Map.of()));
    assertUntouched();
  }

  @Test
  void failureMidWriteRemovesTheTemporary() throws Exception {
    CheckpointException e = assertThrows(CheckpointException.class, () -> AtomicFile.write(file, channel -> {
      channel.write(ByteBuffer.wrap(new byte[1000]));
      throw new IOException("No space left on device");
    }));
    assertEquals(file, e.file());
    assertEquals(file + ": cannot write " + tmpName(e) + " (No space left on device)", e.getMessage());
    assertUntouched();
    assertThrows(UncheckedIOException.class, () -> AtomicFile.write(file, channel -> {
      channel.write(ByteBuffer.wrap(new byte[1000]));
      throw new UncheckedIOException(new IOException("boom"));
    }));
    assertUntouched();
  }

  private static String tmpName(CheckpointException e) {
    String m = e.getMessage();
    int start = m.indexOf(".ckpt.safetensors.tmp-");
    return m.substring(start, m.indexOf(' ', start));
  }

  @Test
  void parentThatIsAFileIsNamed() throws Exception {
    // Permission bits do not stop root, which tests may run as; a regular file as parent stops everyone.
    Path target = file.resolve("inner.safetensors");
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> SafeTensors.write(target, List.of(Tensor.i64("n", 1)), Map.of()));
    assertEquals(target + ": cannot write: " + file + " is not a directory", e.getMessage());
    Path missing = dir.resolve("no/such/dir/x.safetensors");
    e = assertThrows(CheckpointException.class, () -> SafeTensors.write(missing, List.of(), Map.of()));
    assertEquals(missing + ": cannot write: directory " + missing.getParent() + " does not exist", e.getMessage());
    assertUntouched();
  }

  @Test
  void targetThatCannotBeReplacedKeepsItsContent() throws Exception {
    Path busy = dir.resolve("busy");
    Files.createDirectory(busy);
    Files.writeString(busy.resolve("keep"), "x");
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> SafeTensors.write(busy, List.of(Tensor.i64("n", 1)), Map.of()));
    assertEquals(busy, e.file());
    assertEquals("x", Files.readString(busy.resolve("keep")));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(2, s.count(), "only ckpt.safetensors and busy/");
    }
  }

  @Test
  void leftoversOfAKilledWriterAreRemovedAndNothingElse() throws IOException {
    Path target = dir.resolve("last.safetensors");
    Path stale = Files.writeString(dir.resolve(".last.safetensors.tmp-7f3a9c"), "half");
    Path staleToo = Files.writeString(dir.resolve(".last.safetensors.tmp-0123456789abcdef"), "half");
    List<Path> kept = List.of(Files.writeString(dir.resolve(".best.safetensors.tmp-7f3a9c"), "another target's"),
        Files.writeString(dir.resolve(".last.safetensors.tmp-notes"), "not hex"),
        Files.writeString(dir.resolve("last.safetensors.tmp-1"), "no leading dot"),
        Files.writeString(target, "the checkpoint"));
    assertEquals(2, AtomicFile.removeLeftovers(target));
    assertEquals(false, Files.exists(stale) || Files.exists(staleToo));
    for (Path p : kept) {
      assertEquals(true, Files.exists(p), p.toString());
    }
    assertEquals(0, AtomicFile.removeLeftovers(dir.resolve("missing-dir/last.safetensors")));
  }
}
