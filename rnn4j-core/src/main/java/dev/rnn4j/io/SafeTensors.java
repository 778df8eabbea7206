package dev.rnn4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes checkpoint files in the safetensors format, which any safetensors reader opens:
 *
 * <pre>
 *   u64 little-endian   N, the header length
 *   N bytes, UTF-8      {"__metadata__": {"format": "rnn4j", "format_version": "1.0", ...,
 *                                         "checksum": "crc32c:89abcdef"},
 *                        "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...}
 *                       padded with spaces so N is a multiple of 8
 *   data section        every tensor's values, row-major and little-endian, back to back in header
 *                       order; data_offsets [begin, end) are relative to the start of this section
 * </pre>
 *
 * <p>Dtypes are F32 and I64. The writer adds three metadata keys of its own: {@code format = rnn4j},
 * {@code format_version = 1.0} and {@code checksum}, the CRC-32C of the data section followed by every
 * other metadata pair (sorted by key; see {@code DataSection#updateMetadata}), so an edited learning rate
 * or vocabulary in the header is refused like a flipped weight. Format {@code 1.x} is frozen: a reader of
 * 1.x reads every 1.y (a minor version only adds optional metadata, which older readers ignore); a new
 * major version is refused with a message. Writes are atomic (see
 * {@link #write}). Reads check everything before trusting it: the length prefix against the file size, the
 * header's JSON, dtypes, shapes against byte counts, offsets tiling the data with no gap or overlap, the
 * data length, and the checksum.
 */
public final class SafeTensors {
  /** Value of the {@code format} metadata key in every file rnn4j writes. */
  public static final String FORMAT = "rnn4j";
  /** Value of the {@code format_version} key written by this version; readers accept any {@code 1.<minor>}. */
  public static final String FORMAT_VERSION = "1.0";
  /** The major version this reader accepts. */
  static final String MAJOR = "1.";

  static final String FORMAT_KEY = "format";
  static final String VERSION_KEY = "format_version";
  static final String CHECKSUM_KEY = "checksum";
  private static final String CRC32C = "crc32c:";
  private static final Set<String> RESERVED = Set.of(FORMAT_KEY, VERSION_KEY, CHECKSUM_KEY);
  // The reference implementation's limit; a larger prefix means a foreign or damaged file.
  private static final long MAX_HEADER = 100_000_000;

  private SafeTensors() {}

  /**
   * Writes {@code tensors}, in this order, and {@code metadata} to {@code file}, replacing it atomically:
   * the bytes go to a temporary file in the same directory, are forced to disk, then renamed over
   * {@code file}. On any failure the temporary file is removed and an existing {@code file} is left as it
   * was; a process killed mid-write leaves the old file whole.
   *
   * @param metadata string pairs to store; must not use the keys {@code format}, {@code format_version}
   *     or {@code checksum}, which the writer sets
   * @throws IllegalArgumentException for duplicate or reserved names, before anything is written
   * @throws CheckpointException when the directory cannot be written, naming it, or the write fails
   */
  public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
    List<Tensor> list = List.copyOf(tensors);
    Set<String> names = new HashSet<>();
    for (Tensor t : list) {
      if (t.name().equals(Header.METADATA)) {
        throw new IllegalArgumentException("tensor name '" + Header.METADATA + "' is reserved");
      }
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
      }
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(FORMAT_KEY, FORMAT);
    meta.put(VERSION_KEY, FORMAT_VERSION);
    metadata.forEach((k, v) -> {
      if (RESERVED.contains(k)) {
        throw new IllegalArgumentException("metadata key '" + k + "' is reserved for the writer");
      }
      meta.put(Objects.requireNonNull(k, "metadata key"), Objects.requireNonNull(v, "metadata value of " + k));
    });
    // The checksum precedes the data it covers, but always has the same length: lay the header out with a
    // placeholder, stream the data once behind it, then write the real header over the placeholder.
    meta.put(CHECKSUM_KEY, "crc32c:00000000");
    int headerLength = Header.encode(list, meta).length;
    long dataBytes = list.stream().mapToLong(Tensor::byteSize).sum();
    AtomicFile.write(file, channel -> {
      DataSection data = new DataSection(dataBytes);
      data.write(channel, 8L + headerLength, list);
      data.updateMetadata(meta, CHECKSUM_KEY);
      meta.put(CHECKSUM_KEY, data.checksum());
      byte[] header = Header.encode(list, meta);
      if (header.length != headerLength) {
        throw new IllegalStateException("header length changed from " + headerLength + " to " + header.length);
      }
      ByteBuffer head = ByteBuffer.allocate(8 + headerLength).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(headerLength).put(header).flip();
      for (long pos = 0; head.hasRemaining(); ) {
        pos += channel.write(head, pos);
      }
    });
  }

  /**
   * Reads any safetensors file of F32 and I64 tensors. When the metadata holds a {@code checksum} of the
   * form {@code crc32c:<hex>} it is verified.
   *
   * @throws CheckpointException when the file is missing, truncated, not safetensors, has another dtype,
   *     or fails its checksum; the one-line message names the file
   */
  public static SafeTensorsFile read(Path file) throws IOException {
    return read(file, false);
  }

  /**
   * Reads a file that rnn4j wrote: like {@link #read}, and also refuses a file without {@code format =
   * rnn4j} ("not an rnn4j checkpoint"), of another {@code format_version}, or without a checksum.
   */
  public static SafeTensorsFile readRnn4j(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * The metadata of an rnn4j file, reading only its header (the data is neither read nor verified): enough
   * to tell which kind of checkpoint a file is before loading it with the right reader.
   *
   * @throws CheckpointException as {@link #readRnn4j} for a missing, truncated or foreign file
   */
  public static Map<String, String> readRnn4jMetadata(Path file) throws IOException {
    try (FileChannel channel = open(file)) {
      Header header = readHeader(file, channel).header();
      checkRnn4j(file, header.metadata);
      return Map.copyOf(header.metadata);
    }
  }

  private record HeaderAt(Header header, long headerLength, long size) {}

  private static FileChannel open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new CheckpointException(file, "is a directory, not a checkpoint file");
    }
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot open (" + AtomicFile.reason(e) + ")", e);
    }
  }

  private static HeaderAt readHeader(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw new CheckpointException(file, "truncated or not a safetensors file (" + size + " bytes)");
    }
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file, channel, prefix, 0);
    long headerLength = prefix.getLong(0); // unsigned on disk: a huge value reads as negative here
    if (headerLength < 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
      throw new CheckpointException(file, "truncated or not a safetensors file (header length "
          + Long.toUnsignedString(headerLength) + ", file size " + size + ")");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(file, channel, headerBytes, 8);
    return new HeaderAt(Header.parse(file, headerBytes.array()), headerLength, size);
  }

  private static SafeTensorsFile read(Path file, boolean rnn4jOnly) throws IOException {
    try (FileChannel channel = open(file)) {
      HeaderAt at = readHeader(file, channel);
      Header header = at.header();
      long headerLength = at.headerLength();
      long size = at.size();
      long found = size - 8 - headerLength;
      if (found < header.dataLength) {
        throw new CheckpointException(file, "truncated: expected " + header.dataLength + " bytes of data, found "
            + found);
      }
      if (found > header.dataLength) {
        throw new CheckpointException(file, "not a valid safetensors file: " + (found - header.dataLength)
            + " bytes after the data the header describes");
      }
      String checksum = header.metadata.get(CHECKSUM_KEY);
      if (rnn4jOnly) {
        checkRnn4j(file, header.metadata);
      }
      DataSection data = new DataSection(header.dataLength);
      Object[] arrays = data.read(file, channel, 8 + headerLength, header.entries);
      if (coversMetadata(header.metadata.get(VERSION_KEY))) {
        data.updateMetadata(header.metadata, CHECKSUM_KEY);
      }
      if (checksum != null && checksum.startsWith(CRC32C) && !checksum.equals(data.checksum())) {
        throw new CheckpointException(file, "corrupted: checksum mismatch (header says " + checksum
            + ", data has " + data.checksum() + ")");
      }
      List<Tensor> tensors = new ArrayList<>(arrays.length);
      for (int i = 0; i < arrays.length; i++) {
        Header.Entry e = header.entries.get(i);
        tensors.add(Tensor.wrap(e.name(), e.dtype(), e.shape(), arrays[i]));
      }
      return new SafeTensorsFile(file, tensors, header.metadata);
    }
  }

  private static void checkRnn4j(Path file, Map<String, String> metadata) throws CheckpointException {
    String format = metadata.get(FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      throw new CheckpointException(file, "not an rnn4j checkpoint ("
          + (format == null ? "no format metadata" : "format '" + format + "'") + ")");
    }
    String version = metadata.get(VERSION_KEY);
    if (!isMinorOf1(version)) {
      throw new CheckpointException(file, "rnn4j checkpoint format version '" + version
          + "' is not supported (this version reads 1.x" + ("1".equals(version)
          ? "; this file predates the frozen format 1.0: train it again, or load it with the rnn4j that wrote it"
          : "") + ")");
    }
    String checksum = metadata.get(CHECKSUM_KEY);
    if (checksum == null || !checksum.startsWith(CRC32C)) {
      throw new CheckpointException(file, "not an rnn4j checkpoint ("
          + (checksum == null ? "no checksum" : "unknown checksum '" + checksum + "'") + ")");
    }
  }

  /** {@code 1.<digits>}: any minor version of format 1. */
  private static boolean isMinorOf1(String version) {
    return version != null && version.startsWith(MAJOR) && version.length() > MAJOR.length()
        && version.length() <= MAJOR.length() + 9 && version.substring(MAJOR.length()).chars().allMatch(Character::isDigit);
  }

  /** Files of format 1.0 and later checksum their metadata as well; the pre-1.0 format only its data. */
  private static boolean coversMetadata(String version) {
    return !"1".equals(version);
  }

  private static void readFully(Path file, FileChannel channel, ByteBuffer into, long position) throws IOException {
    while (into.hasRemaining()) {
      int n = channel.read(into, position);
      if (n < 0) {
        throw new CheckpointException(file, "truncated: the file shrank while it was read");
      }
      position += n;
    }
  }
}
