package dev.rnn4j.caption.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFeaturesTest {
  static final Path VGG = Path.of("src/test/resources/neuraltalk/vgg_feats.tsv");

  @TempDir
  Path dir;

  @Test
  void readsRealVggFeatures() throws IOException {
    ImageFeatures f = ImageFeatures.read(VGG);
    assertEquals(16, f.count());
    assertEquals(4096, f.width());
    List<String> tasks = Files.readAllLines(VGG.resolveSibling("tasks.txt"));
    assertEquals(tasks, f.names(), "rows in the order of neuraltalk's tasks.txt");
    float[] first = f.get("7EGRMwN.jpg");
    assertEquals(4.74338818f, first[0]);
    assertEquals(1.88089418f, first[1]);
    assertEquals(-0f, first[2], "printed as -0, kept bit for bit");
    float max = 0;
    int nonZero = 0;
    for (String name : f.names()) {
      for (float v : f.get(name)) {
        assertTrue(v >= 0, "ReLU outputs");
        max = Math.max(max, v);
        nonZero += v > 0 ? 1 : 0;
      }
    }
    assertTrue(max > 10 && max < 20, "max " + max);
    double frac = nonZero / (16.0 * 4096);
    assertTrue(frac > 0.2 && frac < 0.4, "about 29% non-zero: " + frac);
    assertNull(f.get("missing.jpg"));
  }

  @Test
  void safetensorsRoundTripIsExactAndAtomic() throws IOException {
    ImageFeatures f = ImageFeatures.read(VGG);
    Path out = dir.resolve("feats.safetensors");
    f.write(out);
    ImageFeatures back = ImageFeatures.read(out);
    assertEquals(f.names(), back.names());
    for (String n : f.names()) {
      assertArrayEquals(f.get(n), back.get(n));
    }
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
  }

  @Test
  void tsvTakesSpacesOrTabsAndBlankLines() throws IOException {
    Path tsv = dir.resolve("f.tsv");
    Files.writeString(tsv, "a.jpg\t1 2.5 -3\r\n\nb b.jpg\t4\t5\t6e-1\n");
    ImageFeatures f = ImageFeatures.read(tsv);
    assertEquals(List.of("a.jpg", "b b.jpg"), f.names());
    assertArrayEquals(new float[] {1, 2.5f, -3}, f.get("a.jpg"));
    assertArrayEquals(new float[] {4, 5, 0.6f}, f.get("b b.jpg"));
  }

  @Test
  void tsvErrorsNameFileLineAndWidths() throws IOException {
    Path tsv = dir.resolve("f.tsv");
    assertError(tsv, "a.jpg\t1 2 3\nb.jpg\t1 2\n", tsv + ":2: image 'b.jpg' has 2 values, the first line has 3");
    assertError(tsv, "a.jpg\t1 x 3\n", tsv + ":1: value 2 of 'a.jpg' is not a number: 'x'");
    assertError(tsv, "a.jpg\t1 NaN\n", tsv + ":1: value 2 of 'a.jpg' is NaN");
    assertError(tsv, "a.jpg 1 2\n", tsv + ":1: expected '<image name><TAB><values>'");
    assertError(tsv, "a.jpg\t1\na.jpg\t2\n", tsv + ": image 'a.jpg' has two feature vectors (rows 1 and 2)");
    assertError(tsv, "\n", tsv + ": no feature vectors");
    Path other = dir.resolve("f.csv");
    Files.writeString(other, "x");
    IOException e = assertThrows(IOException.class, () -> ImageFeatures.read(other));
    assertEquals(other + ": unknown features format (expected .tsv, .npy or .safetensors)", e.getMessage());
    Path missing = dir.resolve("none.tsv");
    e = assertThrows(IOException.class, () -> ImageFeatures.read(missing));
    assertEquals(missing + ": no such file", e.getMessage());
  }

  private static void assertError(Path file, String content, String message) throws IOException {
    Files.writeString(file, content);
    IOException e = assertThrows(IOException.class, () -> ImageFeatures.read(file));
    assertEquals(message, e.getMessage());
  }

  @Test
  void npyFloat32AndFloat64InEitherOrder() throws IOException {
    Files.writeString(dir.resolve("f.names.txt"), "a.jpg\nb.jpg\n");
    float[] rowMajor = {1, 2, 3, 4, 5, 6};
    float[] colMajor = {1, 4, 2, 5, 3, 6};
    for (String descr : List.of("<f4", "<f8", ">f4", ">f8")) {
      for (boolean fortran : List.of(false, true)) {
        Path npy = dir.resolve("f.npy");
        Files.write(npy, npy(descr, fortran, "(2, 3)", fortran ? colMajor : rowMajor));
        ImageFeatures f = ImageFeatures.read(npy);
        String what = descr + " fortran=" + fortran;
        assertEquals(3, f.width(), what);
        assertArrayEquals(new float[] {1, 2, 3}, f.get("a.jpg"), what);
        assertArrayEquals(new float[] {4, 5, 6}, f.get("b.jpg"), what);
      }
    }
  }

  @Test
  void npyNamesFromTasksTxtAndClearErrors() throws IOException {
    Path npy = dir.resolve("vgg.npy");
    Files.write(npy, npy("<f4", false, "(2, 1)", new float[] {7, 8}));
    IOException e = assertThrows(IOException.class, () -> ImageFeatures.read(npy));
    assertEquals(npy + ": no image names: write them one per line to vgg.names.txt (or tasks.txt) next to it",
        e.getMessage());
    Files.writeString(dir.resolve("tasks.txt"), "x.jpg\ny.jpg\nz.jpg\n");
    e = assertThrows(IOException.class, () -> ImageFeatures.read(npy));
    assertEquals(npy + ": 2 feature vectors but 3 names in " + dir.toAbsolutePath().resolve("tasks.txt"),
        e.getMessage());
    Files.writeString(dir.resolve("tasks.txt"), "x.jpg\ny.jpg\n");
    assertArrayEquals(new float[] {8}, ImageFeatures.read(npy).get("y.jpg"));

    Files.write(npy, npy("<i4", false, "(2, 1)", new float[] {7, 8}));
    e = assertThrows(IOException.class, () -> ImageFeatures.read(npy));
    assertEquals(npy + ": .npy dtype '<i4' is not supported (expected float32 or float64)", e.getMessage());
    Files.write(npy, npy("<f4", false, "(2,)", new float[] {7, 8}));
    e = assertThrows(IOException.class, () -> ImageFeatures.read(npy));
    assertEquals(npy + ": .npy array has shape (2,), expected 2 dimensions [images, features]", e.getMessage());
    Files.writeString(npy, "not numpy at all");
    e = assertThrows(IOException.class, () -> ImageFeatures.read(npy));
    assertEquals(npy + ": not a .npy file (no \\x93NUMPY magic)", e.getMessage());
  }

  /** A version-1 .npy file, as numpy.save writes it. */
  static byte[] npy(String descr, boolean fortran, String shape, float[] values) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
        + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    int item = descr.endsWith("8") ? 8 : 4;
    ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    ByteBuffer data = ByteBuffer.allocate(values.length * item).order(order);
    for (float v : values) {
      if (item == 8) {
        data.putDouble(v);
      } else if (descr.contains("i")) {
        data.putInt((int) v);
      } else {
        data.putFloat(v);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xFF);
    out.write(header.length() >> 8);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data.array());
    return out.toByteArray();
  }

  @Test
  void safetensorsWithoutNamesOrWrongShapeIsRefused() throws IOException {
    Path st = dir.resolve("x.safetensors");
    SafeTensors.write(st, List.of(Tensor.f32("features", new int[] {2, 2}, new float[4])), Map.of());
    IOException e = assertThrows(IOException.class, () -> ImageFeatures.read(st));
    assertEquals(st + ": no metadata 'names' (a JSON array of image names)", e.getMessage());
    SafeTensors.write(st, List.of(Tensor.f32("features", new int[] {2, 2}, new float[4])),
        Map.of("names", "[\"a\"]"));
    e = assertThrows(IOException.class, () -> ImageFeatures.read(st));
    assertEquals(st + ": 1 names for 2 feature vectors", e.getMessage());
    SafeTensors.write(st, List.of(Tensor.f32("weights", new int[] {4}, new float[4])), Map.of());
    e = assertThrows(IOException.class, () -> ImageFeatures.read(st));
    assertEquals(st + ": no tensor 'features' (expected image features [N, D])", e.getMessage());
  }

  @Test
  void matchCountsImagesWithoutFeatures() {
    ImageFeatures f = ImageFeatures.of(List.of("a", "b"), new float[][] {{1, 2}, {3, 4}});
    MatchReport m = f.match(List.of("a", "c", "b", "d"));
    assertEquals(2, m.matched());
    assertEquals(List.of("c", "d"), m.missing());
    assertEquals("2 of 4 images have features; missing: c, d", m.summary());
    assertTrue(f.match(List.of("b")).complete());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.requireWidth(4096));
    assertEquals("image features have width 2, the model expects 4096", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ImageFeatures.of(List.of("a", "b"), new float[][] {{1, 2}, {3}}));
    assertEquals("feature vector of 'b' has 1 values, the first has 2", e.getMessage());
  }

  @Test
  void getReturnsACopy() {
    ImageFeatures f = ImageFeatures.of(List.of("a"), new float[][] {{1, 2}});
    f.get("a")[0] = 99;
    assertArrayEquals(new float[] {1, 2}, f.get("a"));
  }
}
