package dev.rnn4j.seq.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.seq.golden.SeqGoldenCheckpoints.Golden;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.train.SeqCheckpoint;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The classifier and tagger checkpoints written by format 1.0 (committed files) must load in every later
 * version and say the same of their evaluation examples: the same labels, the same loss. A failure here
 * means a change broke files users have.
 */
class SeqGoldenCheckpointTest {
  /** Float32 evaluation of a few short sequences: the same operations give the same loss to well within this. */
  private static final double TOLERANCE = 1e-6;

  @TempDir
  Path dir;

  private Path golden(Golden g, String ext) throws Exception {
    Path file = dir.resolve(g.file + ext);
    try (InputStream in = getClass().getResourceAsStream(SeqGoldenCheckpoints.RESOURCES + g.file + ext)) {
      assertTrue(in != null, "golden file " + g.file + ext + " is committed");
      Files.copy(in, file);
    }
    return file;
  }

  private void assertSaysWhatItSaid(Golden g, SeqCheckpoint c) throws Exception {
    List<String> expected = Files.readAllLines(golden(g, ".expected"), StandardCharsets.UTF_8);
    Predictor.Result r = SeqGoldenCheckpoints.evaluate(c, g);
    assertEquals(Double.parseDouble(expected.get(0)), r.loss(), TOLERANCE, g + " golden loss");
    assertEquals(expected.size() - 1, r.labels().size(), g + ": one line per example");
    for (int i = 0; i < r.labels().size(); i++) {
      assertEquals(expected.get(i + 1),
          String.join(" ", Arrays.stream(r.labels().get(i)).mapToObj(c.encoding()::label).toList()),
          g + ": the labels of example " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Golden.class)
  void loadsAndSaysWhatItSaidWhenWritten(Golden g) throws Exception {
    Path file = golden(g, ".safetensors");
    SeqCheckpoint c = SeqCheckpoint.load(file, g.kind);
    assertEquals(g.kind, c.model().config().kind());
    assertSaysWhatItSaid(g, c);
    assertTrue(Files.size(file) < 16_000, "golden files stay tiny: " + Files.size(file));
  }

  @ParameterizedTest
  @EnumSource(Golden.class)
  void followsTheFormat(Golden g) throws Exception {
    SafeTensorsFile f = SafeTensors.readRnn4j(golden(g, ".safetensors"));
    assertEquals("1.0", f.metadata("format_version"));
    assertEquals(g.kind.id(), f.metadata("rnn4j.kind"));
    assertEquals(g == Golden.TAGGER ? "upos" : "", f.metadata("seq.tag_column"));
    assertEquals(1, f.tensor("classifier.bias").shape().length, "biases are 1-D");
    if (g == Golden.CHAR_CLASSIFIER) {
      assertTrue(f.has("rnn4j_gru.weight_ih_l0") && !f.has("rnn.weight_ih_l0"), "the lecture's GRU is not PyTorch's");
    } else {
      assertTrue(f.has("rnn.weight_ih_l0_reverse") && f.has("rnn.bias_hh_l0_reverse"), "PyTorch's bidirectional names");
    }
  }

  @ParameterizedTest
  @EnumSource(Golden.class)
  void fieldsThisVersionDoesNotKnowAreIgnored(Golden g) throws Exception {
    // What a 1.1 writer might add: a 1.0 reader loads the rest and the model says the same.
    SafeTensorsFile f = SafeTensors.readRnn4j(golden(g, ".safetensors"));
    Map<String, String> meta = new LinkedHashMap<>(f.metadata());
    meta.keySet().removeAll(List.of("format", "format_version", "checksum"));
    meta.put("seq.attention", "none");
    meta.put("training.lr_warmup_steps", "100");
    Path later = dir.resolve("later.safetensors");
    SafeTensors.write(later, f.tensors(), meta);
    assertSaysWhatItSaid(g, SeqCheckpoint.load(later, g.kind));
  }
}
