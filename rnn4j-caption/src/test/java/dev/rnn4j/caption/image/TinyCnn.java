package dev.rnn4j.caption.image;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs src/test/python/make_tiny_cnn.py (the ONNX model and its numpy reference) into a directory. */
final class TinyCnn {
  static final Path SCRIPT = Path.of("src/test/python/make_tiny_cnn.py");

  private TinyCnn() {}

  /** Writes the script's files into {@code dir}; fails the test, naming the set-up script, without onnx. */
  static void make(Path dir) throws IOException, InterruptedException {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p;
    try {
      p = new ProcessBuilder(python, SCRIPT.toString(), dir.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      fail("cannot run " + python + " (" + e.getMessage() + "): install it with scripts/setup-debian.sh");
      return;
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      fail(python + " " + SCRIPT + " failed; the tests need numpy and onnx (Debian python3-onnx, installed by"
          + " scripts/setup-debian.sh):\n" + output);
    }
  }

  /** A file of little-endian float32 values. */
  static float[] floats(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[b.remaining() / 4];
    b.asFloatBuffer().get(v);
    return v;
  }
}
