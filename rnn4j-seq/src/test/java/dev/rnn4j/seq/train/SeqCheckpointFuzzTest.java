package dev.rnn4j.seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqKind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classifier's and tagger's loader under the core's fuzz (see {@code CheckpointFuzzTest}): the golden
 * files truncated at many offsets, extended, with bytes flipped and the header's text edited, and with
 * metadata values or tensor shapes rewritten under a valid checksum, so that the metadata checks, not the
 * checksum, are what must refuse them. Every case either loads, and then runs (a file that loads but fails
 * when used is a bug too), or is refused with a one-line {@link CheckpointException} naming the file; never
 * another exception, an {@code OutOfMemoryError} or a multi-line message. Seeded: a failure names a case that
 * reproduces.
 */
class SeqCheckpointFuzzTest {
  private static final String SPECIALS = "\"<PAD>\",\"<START>\",\"<END>\",\"<UNK>\"";
  private static final String[] EVIL = {"0", "-1", "1", "2", "3", "7", "65536", "65537", "1000000000",
      "2097152", "2097153", "2147483647", "2147483648", "-2147483648", "9223372036854775807",
      "99999999999999999999", "1e30", "-1e30", "1e-45", "NaN", "Infinity", "0.5", "0.99999999999", "", " ", "abc",
      "true", "false", "TRUE", "null", "[]", "{}", "\"", "[[1,2,3,4]]", "[[1]]", "[[1,2,3,4],null]",
      "classify", "tag", "char-lm", "caption", "chars", "words", "both", "lstm", "gru", "rnn", "mut1", "mut3",
      "last", "mean", "max", "upos", "xpos", "adam", "sgd", "cosine",
      "[\"neg\"]", "[\"neg\",\"pos\",\"zzz\"]", "[\"neg\",null]", "[null,null]", "[\"neg\",\"neg\"]", "[1,2]",
      "[\"neg\",\"pos\"", "[" + SPECIALS + "]", "[" + SPECIALS + ",\"a\"]", "[" + SPECIALS + ",null]",
      "[" + SPECIALS + ",\"\"]", "[" + SPECIALS + ",\"a\",\"a\"]", "[\"<PAD>\"]", "[\"a\",\"b\",\"c\",\"d\",\"e\"]",
      "code_points:abc", "lstm\nrnn", "1\r\n2", "[\"x\ny\",\"z\"]"};

  @TempDir
  Path dir;

  private int loaded;
  private int refused;

  @ParameterizedTest
  @ValueSource(strings = {"classifier", "tagger", "char-classifier"})
  void everyDamagedOrCraftedFileLoadsOrIsRefusedWithOneLine(String golden) throws Exception {
    byte[] original;
    try (InputStream in = getClass().getResourceAsStream("/dev/rnn4j/seq/golden/1.0/" + golden + ".safetensors")) {
      assertTrue(in != null, golden);
      original = in.readAllBytes();
    }
    SeqKind kind = golden.equals("tagger") ? SeqKind.TAGGER : SeqKind.CLASSIFIER;
    // On a RAM disk where there is one: the crafted cases go through the writer, which forces every file to
    // disk, and a few thousand forced writes would take most of this test's time.
    Path shm = Path.of("/dev/shm");
    Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "rnn4j-fuzz") : dir;
    try {
      run(base.resolve("case.safetensors"), original, kind);
    } finally {
      if (base != dir) {
        try (var files = Files.list(base)) {
          for (Path p : (Iterable<Path>) files::iterator) {
            Files.delete(p);
          }
        }
        Files.delete(base);
      }
    }
  }

  private void run(Path file, byte[] original, SeqKind kind) throws Exception {
    Random r = new Random(20261129L + kind.ordinal());
    long start = System.nanoTime();
    int cases = 0;
    for (int cut = 0; cut < original.length; cut += 1 + r.nextInt(40), cases++) {
      check(file, Arrays.copyOf(original, cut), kind, "truncated to " + cut);
    }
    for (int i = 0; i < 50; i++, cases++) {
      byte[] extra = new byte[1 + r.nextInt(64)];
      r.nextBytes(extra);
      byte[] b = Arrays.copyOf(original, original.length + extra.length);
      System.arraycopy(extra, 0, b, original.length, extra.length);
      check(file, b, kind, "extended by " + extra.length);
    }
    for (int i = 0; i < 600; i++, cases++) {
      byte[] b = original.clone();
      int flips = 1 + r.nextInt(3);
      for (int k = 0; k < flips; k++) {
        // Half of the flips in the first 4 KB: the length prefix and the header.
        int at = r.nextBoolean() ? r.nextInt(Math.min(4096, b.length)) : r.nextInt(b.length);
        b[at] ^= (byte) (1 + r.nextInt(255));
      }
      check(file, b, kind, "flip case " + i);
    }
    String text = new String(original, StandardCharsets.ISO_8859_1);
    int headerEnd = 8 + (int) (original[0] & 0xff | (original[1] & 0xff) << 8);
    for (int i = 0; i < 400; i++, cases++) {
      byte[] b = original.clone();
      int at = 8 + r.nextInt(headerEnd - 8);
      char c = text.charAt(at);
      b[at] = (byte) (Character.isDigit(c) ? '0' + r.nextInt(10) : "\"[]{}:,9 -".charAt(r.nextInt(10)));
      check(file, b, kind, "header edit at " + at);
    }
    SafeTensorsFile f = SafeTensors.readRnn4j(Files.write(file, original));
    List<String> keys = new ArrayList<>(f.metadata().keySet());
    keys.removeAll(List.of("format", "format_version", "checksum"));
    for (String key : keys) {
      for (String value : EVIL) {
        cases += crafted(file, f, kind, Map.of(key, value));
      }
      Map<String, String> without = metadata(f);
      without.remove(key);
      SafeTensors.write(file, f.tensors(), without);
      check(file, Files.readAllBytes(file), kind, "metadata " + key + " missing");
      cases++;
    }
    // Sizes that agree with one another but not with the tensors, or with one another but not the vocabularies.
    int words = Integer.parseInt(f.metadata("seq.word_vocab"));
    int chars = Integer.parseInt(f.metadata("seq.char_vocab"));
    int classes = Integer.parseInt(f.metadata("seq.classes"));
    List<Map<String, String>> sizes = List.of(
        Map.of("seq.hidden", "5"), Map.of("seq.hidden", "3"), Map.of("seq.layers", "2"),
        Map.of("seq.bidirectional", f.metadata("seq.bidirectional").equals("true") ? "false" : "true"),
        Map.of("seq.classes", Integer.toString(classes + 1)),
        Map.of("seq.char_vocab", Integer.toString(chars + 1)), Map.of("seq.char_vocab", Integer.toString(chars - 1)),
        Map.of("seq.word_vocab", Integer.toString(words + 1)), Map.of("seq.word_embedding", "9"),
        Map.of("seq.char_embedding", "9"), Map.of("seq.char_hidden", "1"), Map.of("seq.char_hidden", "0"),
        Map.of("seq.input", "chars", "seq.word_vocab", "0", "seq.word_embedding", "0"),
        Map.of("seq.input", "both", "seq.char_hidden", "2"), Map.of("seq.cell", "gru"), Map.of("seq.cell", "rnn"),
        Map.of("rnn4j.kind", kind == SeqKind.TAGGER ? "classify" : "tag"),
        Map.of("seq.hidden", "65536", "seq.layers", "1024"),
        Map.of("seq.word_vocab", "2097152", "seq.word_embedding", "65536"),
        Map.of("seq.char_vocab", "2097152", "seq.char_embedding", "65536", "seq.char_hidden", "65536"));
    for (Map<String, String> edit : sizes) {
      cases += crafted(file, f, kind, edit);
    }
    for (int i = 0; i < 150; i++, cases++) {
      // Shapes rewritten (same values, other shape), a dtype changed or a tensor dropped, with a valid checksum.
      List<Tensor> tensors = new ArrayList<>(f.tensors());
      int k = r.nextInt(tensors.size());
      Tensor t = tensors.get(k);
      int how = r.nextInt(4);
      if (how == 0) {
        tensors.remove(k);
      } else if (t.dtype() == Tensor.DType.F32 && how == 1) {
        long[] asLongs = new long[t.size()];
        tensors.set(k, Tensor.i64(t.name(), t.shape(), asLongs));
      } else if (t.dtype() == Tensor.DType.F32) {
        tensors.set(k, Tensor.f32(t.name(), r.nextBoolean() ? new int[] {t.size()} : new int[] {1, t.size()},
            t.floats()));
      } else {
        tensors.set(k, Tensor.i64(t.name(), new int[] {2, t.size() / 2}, t.longs()));
      }
      SafeTensors.write(file, tensors, metadata(f));
      check(file, Files.readAllBytes(file), kind, "tensor " + t.name() + " changed (" + how + ") or dropped");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(cases, loaded + refused);
    assertTrue(cases >= 3000, cases + " cases");
    assertTrue(refused > cases / 2, refused + " of " + cases + " refused");
    assertTrue(seconds < 60, cases + " cases took " + seconds + " s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"classifier", "tagger"})
  void implausibleValuesAreRefusedAndNamed(String golden) throws Exception {
    Path file = dir.resolve(golden + ".safetensors");
    try (InputStream in = getClass().getResourceAsStream("/dev/rnn4j/seq/golden/1.0/" + golden + ".safetensors")) {
      Files.copy(in, file);
    }
    SeqKind kind = golden.equals("tagger") ? SeqKind.TAGGER : SeqKind.CLASSIFIER;
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    String words = f.metadata("vocabulary.words");
    String chars = f.metadata("vocabulary.chars");
    String labels = f.metadata("labels");
    // {edit key, edit value, what the refusal must say}
    String[][] cases = {
        {"seq.hidden", "0", "seq.hidden"}, {"seq.hidden", "-1", "seq.hidden"},
        {"seq.hidden", "1000000000", "seq.hidden"}, {"seq.hidden", "65536", "parameters"},
        {"seq.hidden", "5", "needs F32"},
        {"seq.layers", "0", "seq.layers"}, {"seq.layers", "1024", "has no tensor"},
        {"seq.classes", "1", "seq.classes"}, {"seq.classes", "3", "do not match"},
        {"seq.char_vocab", "0", "seq.char_vocab"}, {"seq.char_vocab", "2097153", "seq.char_vocab"},
        {"seq.dropout", "1", "dropout"}, {"seq.dropout", "NaN", "seq.dropout"},
        {"seq.input", "pictures", "seq.input"}, {"seq.cell", "transformer", "seq.cell"},
        {"seq.bidirectional", "yes", "seq.bidirectional"}, {"seq.pooling", "sum", "seq.pooling"},
        {"labels", "pos,neg", "labels are not a JSON list"}, {"labels", "null", "labels"},
        {"labels", "[\"neg\"]", "1 label"}, {"labels", labels.replace("]", ",\"zzz\"]"), "do not match"},
        {"vocabulary.chars", chars.substring(0, chars.length() - 1), "vocabulary"},
        {"vocabulary.chars", chars.replace("]", ",\"zz\"]"), "do not match"},
        {"vocabulary.chars", "[\"a\",\"b\"]", "must start with"},
        {"vocabulary.words", words.replace("\"<UNK>\",", "\"<UNK>\",null,"), "null"},
        {"vocabulary.words", "", "word vocabulary"},
        {"training.batch", "0", "training.batch"}, {"training.lr", "-1", "training.lr"},
        {"position.iteration", "-5", "position.iteration"}, {"history", "[[1,2]]", "history"},
        {"rnn4j.kind", "char-lm", "'char-lm' checkpoint"}};
    for (String[] c : cases) {
      Map<String, String> meta = metadata(f);
      meta.put(c[0], c[1]);
      Path crafted = dir.resolve("crafted.safetensors");
      SafeTensors.write(crafted, f.tensors(), meta);
      CheckpointException e = assertThrows(CheckpointException.class,
          () -> SeqCheckpoint.load(crafted, kind), c[0] + "=" + c[1]);
      String m = e.getMessage();
      assertTrue(m.startsWith(crafted + ": ") && m.indexOf('\n') < 0, m);
      assertTrue(m.contains(c[2]), c[0] + "=" + c[1] + ": " + m);
    }
  }

  /** One case: the golden file's metadata with {@code edit} applied, under a valid checksum. */
  private int crafted(Path file, SafeTensorsFile f, SeqKind kind, Map<String, String> edit) throws Exception {
    Map<String, String> meta = metadata(f);
    meta.putAll(edit);
    SafeTensors.write(file, f.tensors(), meta);
    check(file, Files.readAllBytes(file), kind, "metadata " + edit + " with a valid checksum");
    return 1;
  }

  private static Map<String, String> metadata(SafeTensorsFile f) {
    Map<String, String> meta = new LinkedHashMap<>(f.metadata());
    meta.keySet().removeAll(List.of("format", "format_version", "checksum"));
    return meta;
  }

  private void check(Path file, byte[] bytes, SeqKind kind, String what) throws Exception {
    Files.write(file, bytes);
    SeqCheckpoint c;
    try {
      c = SeqCheckpoint.load(file, kind);
    } catch (CheckpointException e) {
      String m = e.getMessage();
      if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0 || !m.startsWith(file + ": ")) {
        fail(what + ": refusal is not one line naming the file: " + m);
      }
      refused++;
      return;
    } catch (Throwable t) {
      throw new AssertionError(what + ": " + t, t);
    }
    try {
      // What loaded must run: encode a sentence with the file's encoding, predict, resume's own reads.
      List<Example> examples = kind == SeqKind.TAGGER
          ? List.of(c.encoding().taggerExample(List.of("We", "want", "to", "eat", "7", "hens"), null))
          : List.of(c.encoding().classifierExample("the dog is not good", null),
          c.encoding().classifierExample("", null));
      Predictor.Result r = new Predictor(c.model(), 2).run(examples);
      assertEquals(examples.size(), r.labels().size(), what);
      c.run().position();
      loaded++;
    } catch (Throwable t) {
      throw new AssertionError(what + ": loaded, then failed: " + t, t);
    }
  }
}
