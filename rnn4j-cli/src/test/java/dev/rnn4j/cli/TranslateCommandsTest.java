package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * {@code translate} end to end on a toy language (each sentence reversed, in capitals): train with dev BLEU,
 * eval, predict from a file and from standard input with an attention page that Chromium renders, resume;
 * and every bad input a one-line refusal.
 */
class TranslateCommandsTest {
  static final String[] TINY = {"--embedding", "16", "--hidden", "24", "--batch", "16", "--threads", "1",
      "--min-count", "1", "--dropout", "0", "--lr", "1e-2", "--anneal", "none"};

  @TempDir
  static Path dir;
  static Path src;
  static Path tgt;
  static Path devSrc;
  static Path devTgt;
  static Path model;
  static Cli.Result training;

  static List<String[]> reversals(int n, long seed) {
    Random rng = new Random(seed);
    String[] symbols = "a b c d e f".split(" ");
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 1 + rng.nextInt(5);
      List<String> s = new ArrayList<>();
      for (int k = 0; k < len; k++) {
        s.add(symbols[rng.nextInt(symbols.length)]);
      }
      List<String> r = new ArrayList<>(s);
      java.util.Collections.reverse(r);
      out.add(new String[] {String.join(" ", s) + " .", String.join(" ", r).toUpperCase() + " ."});
    }
    return out;
  }

  static Path[] write(String name, List<String[]> pairs) throws Exception {
    Path s = Files.write(dir.resolve(name + ".src"), pairs.stream().map(p -> p[0]).toList());
    Path t = Files.write(dir.resolve(name + ".tgt"), pairs.stream().map(p -> p[1]).toList());
    return new Path[] {s, t};
  }

  @BeforeAll
  static void train() throws Exception {
    Path[] train = write("train", reversals(1500, 1));
    Path[] dev = write("dev", reversals(60, 2));
    src = train[0];
    tgt = train[1];
    devSrc = dev[0];
    devTgt = dev[1];
    training = Cli.run(args("translate", "train", "--src", src.toString(), "--tgt", tgt.toString(), "--dev-src",
        devSrc.toString(), "--dev-tgt", devTgt.toString(), "--epochs", "10", "--out", dir.resolve("m").toString()));
    assertEquals(0, training.status(), training::toString);
    model = dir.resolve("m/best.safetensors");
  }

  static String[] args(String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(TINY));
    return all.toArray(new String[0]);
  }

  @Test
  void trainingReportsTheTokenisationModelAndDevBleuPerEpoch() {
    String out = training.out();
    assertTrue(out.contains("data: 1,500 sentence pairs, 60 dev | lower-cased"), out);
    assertTrue(out.contains("attention general"), out);
    assertEquals(10, out.lines().filter(l -> l.matches("epoch \\d+\\.00 \\(iteration \\d+\\): dev loss .*"
        + "dev BLEU-4 \\d+\\.\\d\\d.*")).count(), out);
    assertTrue(out.contains("best dev BLEU-4 100.00"), "the toy is learned exactly: " + out);
  }

  @Test
  void evalPrintsBleuOneToFourAndPerplexity() {
    Cli.Result r = Cli.run("translate", "eval", model.toString(), "--src", devSrc.toString(), "--ref",
        devTgt.toString(), "--show", "2");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("60 sentences, beam 5"), r::toString);
    assertTrue(r.out().contains("BLEU-1 1.0000, BLEU-2 1.0000, BLEU-3 1.0000, BLEU-4 1.0000"), r::toString);
    assertTrue(r.out().matches("(?s).*perplexity of the references: 1\\.0\\d\\d .*"), r::toString);
    Cli.Result greedy = Cli.run("translate", "eval", model.toString(), "--src", devSrc.toString(), "--ref",
        devTgt.toString(), "--greedy");
    assertTrue(greedy.out().contains("greedy") && greedy.out().contains("BLEU-4 1.0000"), greedy::toString);
  }

  @Test
  void predictStreamsOneLineOutPerLineInAndDrawsTheAttention() throws Exception {
    Path page = dir.resolve("attention.html");
    InputStream oldIn = System.in;
    Cli.Result r;
    try {
      System.setIn(new ByteArrayInputStream("a b c d .\n\nf e a .\n".getBytes(StandardCharsets.UTF_8)));
      r = Cli.run("translate", "predict", model.toString(), "--attention", page.toString());
    } finally {
      System.setIn(oldIn);
    }
    assertEquals(0, r.status(), r::toString);
    assertEquals(List.of("d c b a .", "", "a e f ."), r.out().lines().toList(), r::toString);
    assertTrue(r.err().contains("wrote the attention of 2 sentences"), r::toString);
    try (HeadlessChromium browser = new HeadlessChromium(dir.resolve("profile"))) {
      browser.open(page);
      assertEquals(List.of(), browser.consoleErrors());
      List<WebElement> tables = browser.findAll("table.attention");
      assertEquals(2, tables.size());
      WebElement first = tables.get(0);
      assertEquals(5 * 6, first.findElements(By.cssSelector("td.w")).size(), "a b c d . by d c b a . <END>");
      assertEquals(List.of("a", "b", "c", "d", "."), texts(browser, first, "th.src"));
      assertEquals(List.of("d", "c", "b", "a", ".", "<END>"), texts(browser, first, "th.tgt"));
      Path png = Path.of("target", "screenshots", "translate-attention.png");
      browser.screenshot(png);
      assertTrue(Files.size(png) > 5_000);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(HeadlessChromium browser, WebElement within, String css) {
    return (List<String>) browser.script(
        "return [...arguments[0].querySelectorAll(arguments[1])].map(e => e.textContent);", within, css);
  }

  @Test
  void predictSamplesAndSearchesAsAsked() throws Exception {
    Path in = Files.writeString(dir.resolve("in.txt"), "b b a .\n");
    Cli.Result greedy = Cli.run("translate", "predict", model.toString(), in.toString(), "--greedy");
    assertEquals("a b b .", greedy.out().strip(), greedy::toString);
    Cli.Result sampled = Cli.run("translate", "predict", model.toString(), in.toString(), "--temperature", "0.5",
        "--seed", "3");
    assertEquals(0, sampled.status(), sampled::toString);
    assertEquals(1, sampled.out().lines().count(), sampled::toString);
  }

  @Test
  void resumesFromItsCheckpoint() {
    Cli.Result r = Cli.run("translate", "train", "--src", src.toString(), "--tgt", tgt.toString(), "--resume",
        dir.resolve("m/last.safetensors").toString(), "--epochs", "11", "--out", dir.resolve("resumed").toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("epoch 11.00"), r::toString);
    Cli.assertRefused(Cli.run("translate", "train", "--src", src.toString(), "--tgt", tgt.toString(), "--resume",
        dir.resolve("m/last.safetensors").toString(), "--hidden", "8"), 1, "--resume");
  }

  @Test
  void badInputIsOneLine() throws Exception {
    Path shorter = Files.write(dir.resolve("short.tgt"), List.of("A .", "B ."));
    Cli.assertRefused(Cli.run(args("translate", "train", "--src", src.toString(), "--tgt", shorter.toString())), 1,
        "train.src", "1500 lines", "short.tgt", "2");
    Path empty = Files.write(dir.resolve("gap.src"), List.of("a .", "", "b ."));
    Path three = Files.write(dir.resolve("three.tgt"), List.of("A .", "X .", "B ."));
    Cli.assertRefused(Cli.run(args("translate", "train", "--src", empty.toString(), "--tgt", three.toString())), 1,
        "gap.src", "2", "empty");
    Path longLine = Files.write(dir.resolve("long.src"), List.of("a .", "a b c d e f a b c d e f a", "b ."));
    Cli.assertRefused(Cli.run(args("translate", "train", "--src", longLine.toString(), "--tgt", three.toString(),
        "--max-length", "12")), 1, "long.src", "2", "13 words", "12");
    Cli.assertRefused(Cli.run("translate", "eval", model.toString(), "--src", longLine.toString(), "--ref",
        three.toString(), "--max-length", "12"), 1, "long.src", "2", "--max-length");
    Cli.assertRefused(Cli.run("translate", "predict", model.toString(), longLine.toString(), "--max-length", "12"), 1,
        "long.src", "2", "13 words");
    Path charLm = Cli.trainSmall(Files.createDirectories(dir.resolve("charlm")));
    Cli.assertRefused(Cli.run("translate", "predict", charLm.toString(), src.toString()), 1, "char-lm",
        "not a translator's");
    Cli.assertRefused(Cli.run("sample", model.toString()), 1, "translate");
    Cli.assertRefused(Cli.run(args("translate", "train", "--src", src.toString(), "--tgt", tgt.toString(),
        "--attention", "cosine")), 1, "cosine");
    Cli.assertRefused(Cli.run(args("translate", "train", "--src", src.toString(), "--tgt", tgt.toString(),
        "--dev-src", devSrc.toString())), 1, "--dev-tgt");
    Cli.assertRefused(Cli.run("translate", "predict", model.toString(), dir.resolve("missing.txt").toString()), 1,
        "missing.txt");
    Cli.assertRefused(Cli.run("translate", "eval", model.toString(), "--src", src.toString(), "--ref",
        devTgt.toString()), 1, "lines");
  }
}
