package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands' happy paths: train, sample, eval and resume on a tiny model. */
class CommandsTest {
  @TempDir
  static Path shared;
  private static Path text;
  private static Path run;
  private static Cli.Result trained;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainOnce() throws IOException {
    text = Cli.textFile(shared, "small.txt", 4000);
    run = shared.resolve("run");
    trained = Cli.run(Cli.train(text, run));
    assertEquals(0, trained.status(), trained::toString);
  }

  @Test
  void trainWritesLastAndBestCheckpoints() throws IOException {
    assertEquals("", trained.err());
    Checkpoint last = Checkpoint.load(run.resolve("last.safetensors"));
    Checkpoint best = Checkpoint.load(run.resolve("best.safetensors"));
    assertEquals(20, last.iteration());
    assertTrue(best.iteration() == 10 || best.iteration() == 20, "best at a validation: " + best.iteration());
    assertTrue(Double.isFinite(last.bestValidation()));
    assertEquals(last.bestValidation(), best.bestValidation());
    assertEquals(16, last.model().config().hiddenSize());
    assertTrue(trained.out().contains("stopped (iterations) after iteration 20"), trained::toString);
    assertTrue(trained.out().contains(run.resolve("last.safetensors").toString()), trained::toString);
  }

  @Test
  void trainPrintsPlainProgressLinesWhenNotOnATerminal() {
    String out = trained.out();
    assertFalse(out.contains("\r"), "no carriage returns off a terminal");
    assertFalse(out.contains("\033["), "no escape sequences off a terminal");
    List<String> progress = out.lines().filter(l -> l.contains("chars/s")).toList();
    assertFalse(progress.isEmpty(), () -> "a progress line with chars/s:\n" + out);
    for (String l : progress) {
      assertTrue(l.startsWith("iter "), l);
      assertTrue(l.contains("| val "), l);
      assertTrue(l.matches(".*\\| [0-9.]+k? chars/s.*"), l);
    }
    assertTrue(out.lines().anyMatch(l -> l.matches("iter 10: validation loss [0-9.]+ nats/char .*")), out);
  }

  /** The profile's parts and what no part covered add up to the threads' time. */
  @Test
  void benchProfileAccountsForTheThreadsTime() {
    Cli.Result r = Cli.run("bench", "--only", "D", "--seconds", "1", "--threads", "1", "--profile");
    assertEquals(0, r.status(), r::toString);
    String out = r.out();
    assertTrue(out.contains("where the time went, core-ms per wall second (1 threads: 1000)"), out);
    double sum = 0;
    int parts = 0;
    for (String line : out.lines().filter(l -> l.matches("    \\S.* +-?\\d+ +-?\\d+%")).toList()) {
      String[] words = line.trim().split(" +");
      sum += Double.parseDouble(words[words.length - 2]);
      parts++;
    }
    assertTrue(out.contains("BLAS matrix products") && out.contains("optimizer update") && out.contains("softmax"), out);
    assertTrue(parts >= 5, out);
    assertEquals(1000, sum, parts, out);
  }

  @Test
  void minCharRnnPresetPrintsIterLossLines() {
    Path small = shared.resolve("small.txt");
    Cli.Result r = Cli.run("train", small.toString(), "--preset", "min-char-rnn", "--iters", "200",
        "--sample-every", "0", "--threads", "1", "--out", dir.resolve("min").toString());
    assertEquals(0, r.status(), r::toString);
    List<String> lines = r.out().lines().filter(l -> l.startsWith("iter ") && l.contains(", loss ")).toList();
    assertEquals(2, lines.size(), r::toString);
    assertTrue(lines.get(0).matches("iter 100, loss [0-9]+\\.[0-9]+"), lines.get(0));
    assertTrue(lines.get(1).matches("iter 200, loss [0-9]+\\.[0-9]+"), lines.get(1));
    // The smoothed loss summed over the 25-step window starts near 25 ln(vocab) and falls.
    double l100 = Double.parseDouble(lines.get(0).substring("iter 100, loss ".length()));
    double l200 = Double.parseDouble(lines.get(1).substring("iter 200, loss ".length()));
    assertTrue(l200 < l100, lines::toString);
    assertTrue(l100 > 10 && l100 < 25 * Math.log(100), lines::toString);
    assertFalse(r.out().contains("chars/s"), r::toString);
  }

  @Test
  void sampleStreamsTheRequestedLengthAfterThePrime() {
    Cli.Result r = Cli.run("sample", last(), "--length", "120", "--prime", "the fox ", "--seed", "3");
    assertEquals(0, r.status(), r::toString);
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("the fox "), r.out());
    assertTrue(r.out().endsWith("\n"), r.out());
    String generated = r.out().substring("the fox ".length(), r.out().length() - 1);
    assertEquals(120, generated.codePointCount(0, generated.length()), r.out());
    String vocabulary = Cli.text(4000, 7);
    generated.codePoints().forEach(c -> assertTrue(vocabulary.indexOf(c) >= 0, "symbol from the text: " + c));

    Cli.Result none = Cli.run("sample", last(), "--length", "0", "--prime", "dog");
    assertEquals(0, none.status(), none::toString);
    assertEquals("dog\n", none.out());
  }

  @Test
  void sameSeedSameTextOtherSeedOtherText() {
    Cli.Result a = Cli.run("sample", last(), "-n", "200", "--seed", "11");
    Cli.Result b = Cli.run("sample", last(), "-n", "200", "--seed", "11");
    Cli.Result c = Cli.run("sample", last(), "-n", "200", "--seed", "12");
    assertEquals(0, a.status(), a::toString);
    assertEquals(a.out(), b.out());
    assertNotEquals(a.out(), c.out());
  }

  @Test
  void countWritesTheTextsOfConsecutiveSeedsGeneratedAsOneBatch() {
    Cli.Result batch = Cli.run("sample", last(), "-n", "150", "--seed", "21", "--prime", "the ", "--temperature", "0.8",
        "--count", "4");
    assertEquals(0, batch.status(), batch::toString);
    String[] texts = batch.out().split("\n----\n");
    assertEquals(4, texts.length, batch::toString);
    for (int i = 0; i < 4; i++) {
      Cli.Result alone = Cli.run("sample", last(), "-n", "150", "--seed", "" + (21 + i), "--prime", "the ",
          "--temperature", "0.8", "--weights", "float32");
      assertEquals(alone.out().strip(), texts[i].strip(), "text " + i + " is --seed " + (21 + i) + " alone");
    }
    assertNotEquals(texts[0], texts[1]);
    Cli.assertRefused(Cli.run("sample", last(), "--count", "0"), 1, "--count");
  }

  @Test
  void argmaxIsDeterministicWhateverTheSeed() {
    Cli.Result a = Cli.run("sample", last(), "-n", "100", "--argmax", "--seed", "1", "--prime", "the ");
    Cli.Result b = Cli.run("sample", last(), "-n", "100", "--argmax", "--seed", "999", "--prime", "the ");
    Cli.Result hot = Cli.run("sample", last(), "-n", "100", "--seed", "1", "--prime", "the ");
    assertEquals(0, a.status(), a::toString);
    assertEquals(a.out(), b.out());
    assertNotEquals(a.out(), hot.out());
  }

  @Test
  void evalPrintsNatsAndBitsPerChar() {
    Cli.Result r = Cli.run("eval", last(), text.toString(), "--batch", "4", "--seq", "16");
    assertEquals(0, r.status(), r::toString);
    Matcher m = Pattern.compile(": ([0-9.]+) nats/char, ([0-9.]+) bits/char over ([0-9,]+) characters")
        .matcher(r.out());
    assertTrue(m.find(), r.out());
    double nats = Double.parseDouble(m.group(1));
    double bits = Double.parseDouble(m.group(2));
    assertEquals(nats / Math.log(2), bits, 1e-3);
    int symbols = (int) Cli.text(4000, 7).chars().distinct().count();
    assertTrue(nats > 0.5 && nats < Math.log(symbols) + 0.5, "about uniform after 20 steps: " + nats);
    assertEquals(Cli.text(4000, 7).length(), Integer.parseInt(m.group(3).replace(",", "")));
  }

  /** Sampling's integer weights cost nothing visible next to float: eval reads the text each way. */
  @Test
  void evalReadsTheTextAsSamplingDoesInEveryWeightFormat() {
    String[] formats = {"float32", "int16", "int8"};
    double[] nats = new double[formats.length];
    for (int i = 0; i < formats.length; i++) {
      Cli.Result r = Cli.run("eval", last(), text.toString(), "--weights", formats[i]);
      assertEquals(0, r.status(), r::toString);
      Matcher m = Pattern.compile(": ([0-9.]+) nats/char").matcher(r.out());
      assertTrue(m.find(), r.out());
      nats[i] = Double.parseDouble(m.group(1));
    }
    for (int i = 1; i < formats.length; i++) {
      assertEquals(nats[0], nats[i], 1e-3, "float32 " + nats[0] + ", " + formats[i] + " " + nats[i]);
    }
    Cli.Result threads = Cli.run("sample", last(), "-n", "200", "--seed", "4", "--threads", "1");
    Cli.Result both = Cli.run("sample", last(), "-n", "200", "--seed", "4", "--threads", "2");
    assertEquals(0, threads.status(), threads::toString);
    assertEquals(threads.out(), both.out(), "the same text on one core or two");
  }

  @Test
  void resumeContinuesFromTheCheckpointsIteration() throws IOException {
    Path out = dir.resolve("more");
    Cli.Result r = Cli.run("train", text.toString(), "--resume", last(), "--iters", "35", "--threads", "1",
        "--out", out.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("resuming at iteration 20"), r::toString);
    assertTrue(r.out().contains("iter 30: validation loss"), r::toString);
    assertFalse(r.out().contains("iter 10: validation loss"), r::toString);
    assertTrue(r.out().contains("stopped (iterations) after iteration 35"), r::toString);
    Checkpoint c = Checkpoint.load(out.resolve("last.safetensors"));
    assertEquals(35, c.iteration());
    assertEquals(16, c.model().config().hiddenSize());
    // History carries on from the first run: validations at 10, 20, 30, and the final one at 35.
    assertEquals(List.of(10.0, 20.0, 30.0, 35.0), c.history().stream().map(h -> h[0]).toList());
  }

  private static String last() {
    return run.resolve("last.safetensors").toString();
  }
}
