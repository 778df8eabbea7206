package dev.rnn4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.model.CellType;
import dev.rnn4j.train.Checkpoint;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checkpoints written by format 1.0 (committed files, one per cell) must load in every later version
 * and evaluate to the loss recorded beside them. A failure here means a change broke files users have.
 */
class GoldenCheckpointTest {
  /** Float32 evaluation of ~80 characters: the same operations give the same loss to well within this. */
  private static final double TOLERANCE = 1e-6;

  @TempDir
  Path dir;

  private Path golden(CellType cell, String ext) throws Exception {
    Path file = dir.resolve(cell.label() + ext);
    try (InputStream in = GoldenCheckpointTest.class.getResourceAsStream(GoldenCheckpoints.RESOURCES + cell.label() + ext)) {
      assertTrue(in != null, "golden file " + cell.label() + ext + " is committed");
      Files.copy(in, file);
    }
    return file;
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void loadsAndEvaluatesToTheRecordedLoss(CellType cell) throws Exception {
    Path file = golden(cell, ".safetensors");
    double recorded = Double.parseDouble(Files.readString(golden(cell, ".loss"), StandardCharsets.UTF_8).trim());
    Checkpoint c = Checkpoint.load(file);
    assertEquals(cell, c.model().config().cell());
    assertEquals(recorded, GoldenCheckpoints.evaluate(c), TOLERANCE, cell + " golden loss");
    assertTrue(Files.size(file) < 32_000, "golden files stay tiny: " + Files.size(file));
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void followsTheFormat(CellType cell) throws Exception {
    SafeTensorsFile f = SafeTensors.readRnn4j(golden(cell, ".safetensors"));
    assertEquals("1.0", f.metadata("format_version"));
    assertEquals("text", f.metadata("corpus.name"), "a file name, never a directory");
    assertTrue(f.metadata("corpus.sha256").matches("[0-9a-f]{64}"));
    boolean pytorch = cell == CellType.RNN || cell == CellType.LSTM;
    int g = cell == CellType.LSTM ? 4 : cell == CellType.RNN ? 1 : 3;
    assertEquals(1, f.tensor("decoder.bias").shape().length, "biases are 1-D");
    if (pytorch) {
      assertEquals(g * 6, f.tensor("rnn.bias_ih_l1").shape()[0]);
      assertTrue(f.has("rnn.bias_hh_l0") && f.has("rnn.bias_hh_l1"), "PyTorch's second bias");
      for (float v : f.floats("rnn.bias_hh_l1")) {
        assertEquals(0f, v);
      }
    } else {
      assertFalse(f.tensors().stream().anyMatch(t -> t.name().startsWith("rnn.")), "no PyTorch names for " + cell);
      assertEquals(1, f.tensor("rnn4j_" + cell.label() + ".bias_ih_l0").shape().length);
    }
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"LSTM", "GRU"})
  void fieldsThisVersionDoesNotKnowAreIgnored(CellType cell) throws Exception {
    // What a 1.1 writer might add (a warm-up, an initialisation scheme): a 1.0 reader loads the rest.
    SafeTensorsFile f = SafeTensors.readRnn4j(golden(cell, ".safetensors"));
    java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(f.metadata());
    meta.keySet().removeAll(java.util.List.of("format", "format_version", "checksum"));
    meta.put("training.lr_warmup_steps", "100");
    meta.put("model.init_scheme", "orthogonal");
    Path later = dir.resolve("later.safetensors");
    SafeTensors.write(later, f.tensors(), meta);
    double recorded = Double.parseDouble(Files.readString(golden(cell, ".loss"), StandardCharsets.UTF_8).trim());
    assertEquals(recorded, GoldenCheckpoints.evaluate(Checkpoint.load(later)), TOLERANCE);
  }
}
