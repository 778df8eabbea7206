package dev.rnn4j.caption.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a 2-D float array from numpy's {@code .npy} format (versions 1 to 3): the magic {@code \x93NUMPY},
 * a version, a little-endian header length (2 bytes in v1, 4 in v2 and v3), a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, D), }}, then the raw values.
 */
final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-zA-Z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  static ImageFeatures readFeatures(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + (Files.isDirectory(file) ? ": is a directory, not a features file" : ": no such file"));
    }
    List<String> names = names(file);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes.length <= 10 || bytes[i] != MAGIC[i]) {
        throw new IOException(file + ": not a .npy file (no \\x93NUMPY magic)");
      }
    }
    int major = bytes[6];
    long headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : Integer.toUnsignedLong(b.getInt(8));
    int start = major == 1 ? 10 : 12;
    if (major < 1 || major > 3 || start + headerLength > bytes.length) {
      throw new IOException(file + ": unsupported or truncated .npy header (version " + major + ")");
    }
    String header = new String(bytes, start, (int) headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeM = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeM.find()) {
      throw new IOException(file + ": unreadable .npy header: " + header.strip());
    }
    String kind = descr.group(2);
    int itemSize = Integer.parseInt(descr.group(3));
    if (!kind.equals("f") || itemSize != 4 && itemSize != 8) {
      throw new IOException(file + ": .npy dtype '" + descr.group(1) + kind + itemSize
          + "' is not supported (expected float32 or float64)");
    }
    ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    long[] shape = parseShape(file, shapeM.group(1));
    if (shape.length != 2) {
      throw new IOException(file + ": .npy array has shape (" + shapeM.group(1).strip()
          + "), expected 2 dimensions [images, features]");
    }
    long rows = shape[0];
    long cols = shape[1];
    long count = rows * cols;
    long dataStart = start + headerLength;
    if (count > Integer.MAX_VALUE || dataStart + count * itemSize != bytes.length) {
      throw new IOException(file + ": .npy data has " + (bytes.length - dataStart) + " bytes, shape (" + rows + ", "
          + cols + ") of " + itemSize + "-byte floats needs " + count * itemSize);
    }
    if (names.size() != rows) {
      throw new IOException(file + ": " + rows + " feature vectors but " + names.size() + " names in "
          + namesFile(file));
    }
    boolean columnMajor = fortran.group(1).equals("True");
    ByteBuffer values = ByteBuffer.wrap(bytes, (int) dataStart, (int) (count * itemSize)).slice().order(order);
    float[] data = new float[(int) count];
    for (int k = 0; k < data.length; k++) {
      float v = itemSize == 4 ? values.getFloat(k * 4) : (float) values.getDouble(k * 8);
      // Row-major index of element k: in Fortran order k runs down the columns first.
      int index = columnMajor ? (int) ((k % rows) * cols + k / rows) : k;
      data[index] = v;
    }
    String[] nameArray = names.toArray(String[]::new);
    ImageFeatures.checkFinite(file, data, (int) cols, nameArray);
    return ImageFeatures.create(file, names, data, (int) cols);
  }

  private static long[] parseShape(Path file, String s) throws IOException {
    List<Long> dims = new ArrayList<>();
    for (String part : s.split(",")) {
      String p = part.strip().replace("L", "");
      if (!p.isEmpty()) {
        try {
          dims.add(Long.parseLong(p));
        } catch (NumberFormatException e) {
          throw new IOException(file + ": unreadable .npy shape (" + s + ")");
        }
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  /** {@code <stem>.names.txt} next to the file, else {@code tasks.txt} there. */
  static Path namesFile(Path file) {
    String fileName = file.getFileName().toString();
    String stem = fileName.substring(0, fileName.length() - ".npy".length());
    Path dir = file.toAbsolutePath().getParent();
    Path own = dir.resolve(stem + ".names.txt");
    return Files.isRegularFile(own) || !Files.isRegularFile(dir.resolve("tasks.txt")) ? own : dir.resolve("tasks.txt");
  }

  private static List<String> names(Path file) throws IOException {
    Path namesFile = namesFile(file);
    if (!Files.isRegularFile(namesFile)) {
      throw new IOException(file + ": no image names: write them one per line to " + namesFile.getFileName()
          + " (or tasks.txt) next to it");
    }
    List<String> names = new ArrayList<>();
    for (String line : TextFiles.lines(namesFile)) {
      if (!line.isBlank()) {
        names.add(line.strip());
      }
    }
    return names;
  }
}
