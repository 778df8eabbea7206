package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a checkpoint may hold and when the command line refuses one: no directory of the user's machine
 * inside it, an edited header refused, resume on other data refused unless asked for, leftovers of a
 * killed run cleared, and {@code sample | head} that stops when head does.
 */
class CheckpointRulesTest {
  @TempDir
  static Path shared;
  private static Path text;
  private static Path checkpoint;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainOnce() throws IOException {
    checkpoint = Cli.trainSmall(shared);
    text = shared.resolve("small.txt");
  }

  private static String metadata(Path file, String key) throws IOException {
    return SafeTensors.readRnn4j(file).metadata(key);
  }

  private Path otherText() throws IOException {
    Path other = dir.resolve("other.txt");
    Files.writeString(other, Cli.text(4000, 8), StandardCharsets.UTF_8);
    return other;
  }

  private String[] resume(Path file, Path out, String... more) {
    return Cli.concat(new String[] {"train", file.toString(), "--resume", checkpoint.toString(), "--iters", "25",
        "--threads", "1", "--sample-every", "0", "--out", out.toString()}, more);
  }

  @Test
  void storesTheTextsFileNameAndHashNotWhereItLies() throws IOException {
    assertEquals("small.txt", metadata(checkpoint, "corpus.name"));
    assertTrue(metadata(checkpoint, "corpus.sha256").matches("[0-9a-f]{64}"));
    String bytes = new String(Files.readAllBytes(checkpoint), StandardCharsets.ISO_8859_1);
    assertFalse(bytes.contains(shared.toString()), "no directory of this machine in the checkpoint");
  }

  @Test
  void anEditedLearningRateIsRefused() throws IOException {
    String bytes = new String(Files.readAllBytes(checkpoint), StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher lr = java.util.regex.Pattern.compile("\"training\\.lr\":\"([0-9.eE-]+)\"").matcher(bytes);
    assertTrue(lr.find(), bytes.substring(0, 400));
    // Same length, another last digit: the header keeps its size, only the checksum can tell.
    String value = lr.group(1);
    char last = value.charAt(value.length() - 1);
    String other = value.substring(0, value.length() - 1) + (last == '9' ? '8' : (char) (last + 1));
    Path edited = dir.resolve("edited.safetensors");
    Files.write(edited, bytes.replace(lr.group(), "\"training.lr\":\"" + other + "\"")
        .getBytes(StandardCharsets.ISO_8859_1));
    Cli.assertRefused(Cli.run("sample", edited.toString()), 1, "edited.safetensors", "checksum");
  }

  @Test
  void resumeOnAnotherTextIsRefusedWithTheWayOut() throws IOException {
    Path out = dir.resolve("out");
    Cli.assertRefused(Cli.run(resume(otherText(), out)), 1, "another text", "small.txt", "other.txt",
        "without --resume", "--allow-new-data");
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void resumeWithAnotherValidationFractionIsRefused() {
    Path out = dir.resolve("out");
    Cli.assertRefused(Cli.run(resume(text, out, "--val-frac", "0.2")), 1, "--val-frac", "0.1", "0.2",
        "--allow-new-data");
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void allowNewDataFineTunesFromTheStartOfTheNewText() throws IOException {
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(resume(otherText(), out, "--allow-new-data"));
    assertEquals(0, r.status(), r::toString);
    Path last = out.resolve("last.safetensors");
    assertEquals("25", metadata(last, "position.iteration"), "the iteration count carries over");
    assertEquals("5", metadata(last, "position.stream"), "the stream restarted: 5 windows since");
    assertEquals("other.txt", metadata(last, "corpus.name"));
    SafeTensorsFile f = SafeTensors.readRnn4j(last);
    String history = f.metadata("history");
    String lastValidation = history.substring(history.lastIndexOf(',') + 1, history.length() - 2);
    assertEquals(Double.parseDouble(lastValidation), Double.parseDouble(f.metadata("position.best_validation")),
        "the best validation is the new text's, not the old record: " + history);
  }

  @Test
  void theSameTextElsewhereIsTheSameText() throws IOException {
    Path moved = Files.copy(text, Files.createDirectories(dir.resolve("moved")).resolve("renamed.txt"));
    Cli.Result r = Cli.run(resume(moved, dir.resolve("out")));
    assertEquals(0, r.status(), r::toString);
    assertEquals("25", metadata(dir.resolve("out/last.safetensors"), "position.stream"), "continued, not restarted");
  }

  @Test
  void allowNewDataNeedsResume() {
    Cli.assertRefused(Cli.run(Cli.concat(Cli.train(text, dir.resolve("out")), "--allow-new-data")), 1,
        "--allow-new-data", "--resume");
  }

  @Test
  void leftoversOfAKilledRunAreRemovedAtTheNextStart() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path stale = Files.writeString(out.resolve(".last.safetensors.tmp-1f2e3d4c5b6a7980"), "half a checkpoint");
    Path staleBest = Files.writeString(out.resolve(".best.safetensors.tmp-42"), "half a checkpoint");
    Path unrelated = Files.writeString(out.resolve(".notes.tmp-1"), "mine");
    Cli.Result r = Cli.run(Cli.train(text, out));
    assertEquals(0, r.status(), r::toString);
    assertFalse(Files.exists(stale));
    assertFalse(Files.exists(staleBest));
    assertTrue(Files.exists(unrelated), "only the checkpoints' temporary files are touched");
  }

  @Test
  void sampleStopsAtOnceWhenItsOutputIsClosed() throws Exception {
    // 50 million characters would take minutes; | head -c 100 must end it at once.
    Process p = Cli.child("sample", checkpoint.toString(), "--length", "50000000").redirectErrorStream(false).start();
    try {
      InputStream in = p.getInputStream();
      byte[] head = in.readNBytes(100);
      assertEquals(100, head.length);
      in.close();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "sample kept running after its output was closed");
      assertEquals(0, p.exitValue());
      assertArrayEquals(new byte[0], p.getErrorStream().readAllBytes(), "quietly");
    } finally {
      p.destroyForcibly();
    }
  }
}
