package dev.rnn4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;

/**
 * Moves tensor values between arrays and the data section of a file, little-endian, through one reused
 * 1 MiB buffer, updating a CRC-32C of the bytes as they pass. A 50 MB checkpoint thus costs its arrays and
 * 1 MiB, never a second copy of the whole data.
 */
final class DataSection {
  // A multiple of 8, so a chunk never splits an element.
  private static final int CHUNK = 1 << 20;

  private final int capacity;
  private final ByteBuffer chunk;
  private final CRC32C crc = new CRC32C();

  /** A buffer of 1 MiB, or less for a smaller data section (a multiple of 8 either way). */
  DataSection(long dataBytes) {
    this.capacity = (int) Math.max(8, Math.min(CHUNK, (dataBytes + 7) / 8 * 8));
    this.chunk = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** {@code crc32c:} and eight lower-case hex digits: always the same length. */
  String checksum() {
    return String.format("crc32c:%08x", crc.getValue());
  }

  /**
   * Adds the metadata to the checksum (format 1.0 and later): every pair but {@code skip}, sorted by key,
   * each as UTF-8 key, a NUL, UTF-8 value, a NUL. Sorted, so a tool that reorders the JSON object does not
   * break the file; any change of a key or value does.
   */
  void updateMetadata(java.util.Map<String, String> metadata, String skip) {
    for (String key : new java.util.TreeMap<>(metadata).keySet()) {
      if (key.equals(skip)) {
        continue;
      }
      crc.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      crc.update(0);
      crc.update(metadata.get(key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      crc.update(0);
    }
  }

  /** Writes every tensor, in list order and back to back, starting at {@code position}. */
  void write(FileChannel channel, long position, List<Tensor> tensors) throws IOException {
    for (Tensor t : tensors) {
      int n = t.size();
      int perChunk = capacity / t.dtype().bytes();
      for (int from = 0; from < n; from += perChunk) {
        int count = Math.min(perChunk, n - from);
        chunk.clear();
        if (t.dtype() == Tensor.DType.F32) {
          chunk.asFloatBuffer().put(t.floatData(), from, count);
        } else {
          chunk.asLongBuffer().put(t.longData(), from, count);
        }
        chunk.limit(count * t.dtype().bytes());
        crc.update(chunk);
        chunk.flip();
        while (chunk.hasRemaining()) {
          position += channel.write(chunk, position);
        }
      }
    }
  }

  /**
   * Reads the values of every entry (offsets already checked to tile the data section) and returns them,
   * a {@code float[]} or {@code long[]} per entry, in header order. Reads in offset order, so the file is
   * read front to back once and the checksum covers the data section as stored.
   */
  Object[] read(Path file, FileChannel channel, long dataStart, List<Header.Entry> entries) throws IOException {
    Object[] arrays = new Object[entries.size()];
    int[] order = IntStream.range(0, entries.size()).boxed()
        .sorted(Comparator.comparingLong(i -> entries.get(i).begin()))
        .mapToInt(Integer::intValue).toArray();
    for (int i : order) {
      Header.Entry e = entries.get(i);
      int n = e.size();
      int perChunk = capacity / e.dtype().bytes();
      float[] floats = e.dtype() == Tensor.DType.F32 ? new float[n] : null;
      long[] longs = floats == null ? new long[n] : null;
      long position = dataStart + e.begin();
      for (int from = 0; from < n; from += perChunk) {
        int count = Math.min(perChunk, n - from);
        chunk.clear().limit(count * e.dtype().bytes());
        while (chunk.hasRemaining()) {
          int read = channel.read(chunk, position);
          if (read < 0) {
            throw new CheckpointException(file, "truncated: the file shrank while it was read");
          }
          position += read;
        }
        chunk.flip();
        crc.update(chunk);
        chunk.rewind();
        if (floats != null) {
          chunk.asFloatBuffer().get(floats, from, count);
        } else {
          chunk.asLongBuffer().get(longs, from, count);
        }
      }
      arrays[i] = floats != null ? floats : longs;
    }
    return arrays;
  }
}
