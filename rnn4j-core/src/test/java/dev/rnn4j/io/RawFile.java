package dev.rnn4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors bytes by hand, so tests can make files the writer never would. */
final class RawFile {
  private RawFile() {}

  /** Writes the 8-byte length prefix, {@code json} as is (no padding) and {@code data}. */
  static Path write(Path file, String json, byte[] data) throws IOException {
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).put(data);
    return Files.write(file, b.array());
  }

  /** Little-endian bytes of the floats. */
  static byte[] f32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
