package dev.rnn4j.caption.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.model.ImageInjection;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.train.CheckpointWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The captioner's checkpoints follow format 1.0 as the character model's do. */
class CaptionCheckpointFormatTest {
  @TempDir
  static Path dir;
  private static Path checkpoint;

  @BeforeAll
  static void trainOnce() throws Exception {
    CaptionTrainer t = CaptionTrainer.create(CaptionTrainerTest.modelConfig(ImageInjection.EVERY_STEP, 0f),
        CaptionTrainerTest.VOCAB, CaptionTrainerTest.toy(12, 3), CaptionTrainerTest.toy(4, 8), null,
        CaptionTrainerTest.trainingConfig(1, 0));
    CheckpointWriter writer = new CheckpointWriter(dir);
    t.addListener(writer);
    t.run();
    checkpoint = writer.last();
  }

  private static String refusal(Path file) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> CaptionCheckpoint.load(file));
    assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void namedFieldsPyTorchNamesAndOneDimensionalBiases() throws Exception {
    SafeTensorsFile f = SafeTensors.readRnn4j(checkpoint);
    assertEquals("1.0", f.metadata("format_version"));
    assertEquals("caption", f.metadata("rnn4j.kind"));
    assertEquals("lstm", f.metadata("caption.cell"));
    assertEquals("16", f.metadata("caption.hidden"));
    assertArrayEquals(new int[] {64}, f.tensor("rnn.bias_ih_l0").shape());
    assertArrayEquals(new int[] {64}, f.tensor("rnn.bias_hh_l0").shape());
    assertArrayEquals(new int[] {13}, f.tensor("decoder.bias").shape());
    CaptionCheckpoint c = CaptionCheckpoint.load(checkpoint);
    assertEquals(16, c.model().config().hidden());
  }

  @Test
  void anEditedHeaderFailsTheChecksum() throws Exception {
    String bytes = new String(Files.readAllBytes(checkpoint), StandardCharsets.ISO_8859_1);
    String field = "\"training.seed\":\"7\"";
    assertTrue(bytes.contains(field));
    Path edited = Files.write(dir.resolve("edited.safetensors"),
        bytes.replace(field, "\"training.seed\":\"8\"").getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(refusal(edited).contains("checksum mismatch"));
  }

  @Test
  void aClaimedHugeModelIsRefusedBeforeItsMemoryIsReserved() throws Exception {
    SafeTensorsFile f = SafeTensors.readRnn4j(checkpoint);
    for (Map.Entry<String, String> evil : Map.of("caption.hidden", "65536", "caption.layers", "1024",
        "caption.vocab_size", "2097152", "caption.hidden ", "99999999999", "training.batch", "0").entrySet()) {
      Map<String, String> meta = new LinkedHashMap<>(f.metadata());
      meta.keySet().removeAll(List.of("format", "format_version", "checksum"));
      meta.put(evil.getKey().trim(), evil.getValue());
      Path crafted = dir.resolve("crafted.safetensors");
      SafeTensors.write(crafted, f.tensors(), meta);
      String m = refusal(crafted);
      assertTrue(m.contains(evil.getKey().trim()) || m.contains("needs F32") || m.contains("has no tensor") || m.contains("parameters"), m);
    }
  }
}
