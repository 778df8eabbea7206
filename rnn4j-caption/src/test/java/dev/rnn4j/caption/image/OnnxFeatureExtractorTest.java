package dev.rnn4j.caption.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.data.ImageFeatures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime against a tiny CNN and its numpy reference, both made at test time by a Python script. */
class OnnxFeatureExtractorTest {
  @TempDir
  static Path models;

  @TempDir
  Path dir;

  private static float[] input;

  @BeforeAll
  static void makeModels() throws Exception {
    TinyCnn.make(models);
    input = TinyCnn.floats(models.resolve("input.bin"));
    assertEquals(3 * 32 * 32, input.length);
  }

  @Test
  void fixedInputModelMatchesNumpy() throws IOException {
    try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(models.resolve("tiny_cnn_fixed.onnx"),
        ImagePreprocessing.imagenet(), null)) {
      assertEquals(4, fx.width());
      assertEquals("features", fx.outputName());
      assertEquals(32, fx.preprocessing().crop(), "crop taken from the model's [1, 3, 32, 32] input");
      assertArrayEquals(TinyCnn.floats(models.resolve("expected_features.bin")), fx.extractTensor(input), 1e-4f);
    }
  }

  @Test
  void outputChosenByName() throws IOException {
    try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(models.resolve("tiny_cnn_fixed.onnx"),
        ImagePreprocessing.imagenet(), "max")) {
      assertArrayEquals(TinyCnn.floats(models.resolve("expected_max.bin")), fx.extractTensor(input), 1e-4f);
    }
    IOException e = assertThrows(IOException.class, () -> OnnxFeatureExtractor.open(
        models.resolve("tiny_cnn_fixed.onnx"), ImagePreprocessing.imagenet(), "fc7"));
    assertTrue(e.getMessage().endsWith("tiny_cnn_fixed.onnx: no output 'fc7' (outputs: features, max)")
        || e.getMessage().endsWith("tiny_cnn_fixed.onnx: no output 'fc7' (outputs: max, features)"), e.getMessage());
  }

  @Test
  void dynamicInputModelUsesTheConfiguredCrop() throws IOException {
    try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(models.resolve("tiny_cnn_dynamic.onnx"),
        ImagePreprocessing.imagenet(36, 32), null)) {
      assertEquals(32, fx.preprocessing().crop());
      assertArrayEquals(TinyCnn.floats(models.resolve("expected_features.bin")), fx.extractTensor(input), 1e-4f);
    }
    try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(models.resolve("tiny_cnn_dynamic.onnx"),
        ImagePreprocessing.imagenet(20, 16), null)) {
      assertEquals(16, fx.preprocessing().crop());
      assertEquals(4, fx.width());
    }
  }

  @Test
  void imagesGoThroughThePreprocessing() throws IOException {
    BufferedImage img = new SceneGenerator(3).next().image();
    try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(models.resolve("tiny_cnn_fixed.onnx"),
        ImagePreprocessing.imagenet(), null)) {
      float[] expected = fx.extractTensor(fx.preprocessing().apply(img));
      assertArrayEquals(expected, fx.extract(img), 0f);
      assertFalse(java.util.Arrays.equals(expected, fx.extract(new SceneGenerator(4).next().image())));
    }
  }

  @Test
  void corruptOrMissingModelIsOneLine() throws IOException {
    Path bad = dir.resolve("bad.onnx");
    Files.writeString(bad, "this is not a protobuf\n\u0001\u0002");
    IOException e = assertThrows(IOException.class,
        () -> OnnxFeatureExtractor.open(bad, ImagePreprocessing.imagenet(), null));
    assertEquals(bad + ": not a valid ONNX model (Protobuf parsing failed.)", e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    Path truncated = dir.resolve("truncated.onnx");
    byte[] whole = Files.readAllBytes(models.resolve("tiny_cnn_fixed.onnx"));
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    e = assertThrows(IOException.class,
        () -> OnnxFeatureExtractor.open(truncated, ImagePreprocessing.imagenet(), null));
    assertTrue(e.getMessage().startsWith(truncated + ": not a valid ONNX model ("), e.getMessage());
    Path other = models.resolve("not_an_image_model.onnx");
    e = assertThrows(IOException.class, () -> OnnxFeatureExtractor.open(other, ImagePreprocessing.imagenet(), null));
    assertTrue(e.getMessage().startsWith(other + ": input 'x' is "), e.getMessage());
    assertTrue(e.getMessage().endsWith(", expected a float tensor [N, 3, H, W]"), e.getMessage());
    Path missing = dir.resolve("missing.onnx");
    e = assertThrows(IOException.class, () -> OnnxFeatureExtractor.open(missing, ImagePreprocessing.imagenet(), null));
    assertEquals(missing + ": no such file", e.getMessage());
  }

  @Test
  void npyFilesWrittenByNumpyRead() throws IOException {
    // The same script saves a [3, 5] table (value 10 i + j) as float64 C order and float32 Fortran order.
    for (String stem : new String[] {"numpy_f8", "numpy_f4_fortran"}) {
      ImageFeatures f = ImageFeatures.read(models.resolve(stem + ".npy"));
      assertEquals(5, f.width(), stem);
      assertEquals(java.util.List.of("r0", "r1", "r2"), f.names());
      assertArrayEquals(new float[] {20, 21, 22, 23, 24}, f.get("r2"), stem);
    }
  }
}
