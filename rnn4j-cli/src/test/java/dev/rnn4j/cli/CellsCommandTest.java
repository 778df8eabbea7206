package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j cells} end to end on tiny models trained here, and every kind of bad input. */
class CellsCommandTest {
  @TempDir
  static Path shared;
  static Path text;
  static Path lstm;
  static Path rnn;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainTinyModels() throws IOException {
    text = CodeText.file(shared, "code.c", 6000, 1);
    Cli.Result r = Cli.run(Cli.train(text, shared.resolve("lstm"), "--model", "lstm"));
    assertEquals(0, r.status(), r::toString);
    lstm = shared.resolve("lstm").resolve("last.safetensors");
    r = Cli.run(Cli.train(text, shared.resolve("rnn")));
    assertEquals(0, r.status(), r::toString);
    rnn = shared.resolve("rnn").resolve("last.safetensors");
  }

  /** Runs cells on a tiny LSTM; shared with the browser test. */
  static Cli.Result cells(Path checkpoint, Path textFile, Path out, String... more) {
    return Cli.run(Cli.concat(new String[] {"cells", checkpoint.toString(), "--text", textFile.toString(), "--out",
        out.toString()}, more));
  }

  @Test
  void writesAReportAndPrintsTheBestUnitPerProbe() throws IOException {
    Path out = dir.resolve("report.html");
    Cli.Result r = cells(lstm, text, out, "--probe", "ret=return", "--cell", "0:3", "--cell", "0:h2", "--top", "2");
    assertEquals(0, r.status(), r::toString);
    assertEquals("", r.err());
    for (String probe : new String[] {"quote", "line-position", "bracket-depth", "comment", "if-condition",
        "indentation", "ret"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.matches("  " + probe + " +0:[hc]\\d+  (AUC 0\\.\\d{3}|r [+-][01]\\.\\d{3})")),
          () -> probe + " line in:\n" + r.out());
    }
    assertTrue(r.out().startsWith("cells: 6,"), r::toString);
    assertTrue(r.out().contains("searched in "), r::toString);
    assertTrue(r.out().contains("report: " + out), r::toString);
    String html = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!doctype html>"));
    assertTrue(html.contains("class=\"saturation\""), "gate plots");
    assertTrue(html.contains("id=\"probe-ret\""), "the user's probe has its section");
    assertTrue(html.contains("/return/"), "and its expression is shown");
    assertTrue(Pattern.compile("inside the parentheses of an if condition; scored outside comments and string "
        + "literals: [\\d,]+ of 6,\\d{3} characters").matcher(html).find(), "the probe's scope is shown");
    assertTrue(html.contains("data-unit=\"0:c3\"") && html.contains("data-unit=\"0:h2\""), "named units drawn");
    assertTrue(html.contains("const GUESSES = {"));
    // self-contained: nothing loaded from anywhere
    assertFalse(Pattern.compile("<(script|link|img)[^>]+(src|href)=", Pattern.CASE_INSENSITIVE).matcher(html).find());
    assertFalse(html.contains("@import") || html.contains("url("));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void runsInAFreshJvm() throws Exception {
    // a JVM where nothing has touched BLAS yet, as on the command line
    Path out = dir.resolve("fresh.html");
    Process p = Cli.child("cells", lstm.toString(), "--text", text.toString(), "--out", out.toString(), "--max-chars",
        "2000").redirectErrorStream(true).redirectOutput(dir.resolve("fresh.log").toFile()).start();
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "finished");
    String log = Files.readString(dir.resolve("fresh.log"));
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.startsWith("cells: 2,000 characters") && log.contains("report: "), log);
    assertTrue(Files.size(out) > 10_000);
  }

  @Test
  void aModelWithoutGatesGetsANoteInTheReportAndOnTheConsole() throws IOException {
    Path out = dir.resolve("rnn.html");
    Cli.Result r = cells(rnn, text, out);
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("note: no gate saturation plots: they need a cell with gates (lstm, gru, mut1-3), this model is rnn"),
        r::toString);
    String html = Files.readString(out);
    assertTrue(html.contains("id=\"gate-note\""));
    assertFalse(html.contains("class=\"saturation\""));
    assertTrue(r.out().lines().anyMatch(l -> l.matches("  quote +0:h\\d+  AUC 0\\.\\d{3}")), r::toString);
  }

  @Test
  void aLongTextGivesExcerptsNotOneSpanPerCharacter() throws IOException {
    Path big = CodeText.file(dir, "big.c", 300_000, 2);
    Path out = dir.resolve("big.html");
    Cli.Result r = cells(lstm, big, out);
    assertEquals(0, r.status(), r::toString);
    String html = Files.readString(out);
    Matcher m = Pattern.compile("<span class=\"ch").matcher(html);
    int spans = 0;
    while (m.find()) {
      spans++;
    }
    // 6 probes x 3 units x 2 excerpts + the predictions view, each excerpt about 400 characters
    assertTrue(spans > 1000 && spans < (6 * 3 * 2 + 12) * 520, "spans: " + spans);
    assertTrue(Files.size(out) < 4_000_000, "report of " + Files.size(out) + " bytes");
  }

  @Test
  void maxCharsCutsTheTextAndSaysSo() throws IOException {
    Path out = dir.resolve("cut.html");
    Cli.Result r = cells(lstm, text, out, "--max-chars", "1000");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().startsWith("cells: 1,000 characters"), r::toString);
    assertTrue(Files.readString(out).contains("Only the first 1,000 of"));
  }

  /** One line on stderr starting "rnn4j: " with every keyword, no stack trace, exit 1, no report. */
  private void refused(String[] more, Path textFile, Path checkpoint, String... keywords) {
    Path out = dir.resolve("bad.html");
    Cli.assertRefused(cells(checkpoint, textFile, out, more), 1, keywords);
    assertFalse(Files.exists(out), "no report for bad input");
  }

  @Test
  void charactersTheModelNeverSawAreListed() throws IOException {
    Path odd = dir.resolve("odd.c");
    Files.writeString(odd, "int x = 1; // Z\u20ac\n", StandardCharsets.UTF_8);
    refused(new String[0], odd, lstm, "odd.c", "lacks", "'Z'", "U+20AC");
  }

  @Test
  void anEmptyTextIsRefused() throws IOException {
    Path empty = dir.resolve("empty.c");
    Files.writeString(empty, "");
    refused(new String[0], empty, lstm, "empty.c", "empty");
  }

  @Test
  void aCellOutsideTheModelIsRefused() {
    refused(new String[] {"--cell", "5:1"}, text, lstm, "--cell", "5:c1", "layers 0..0", "units 0..15");
    refused(new String[] {"--cell", "0:16"}, text, lstm, "--cell", "0:c16");
    refused(new String[] {"--cell", "0:c1"}, text, rnn, "--cell", "h only");
    refused(new String[] {"--cell", "one:2"}, text, lstm, "--cell", "'one:2' is not LAYER:INDEX");
  }

  @Test
  void badProbesAreRefused() {
    refused(new String[] {"--probe", "digits"}, text, lstm, "--probe", "'digits' is not NAME=REGEX");
    refused(new String[] {"--probe", "d=[0-"}, text, lstm, "--probe", "'d=[0-'", "bad regular expression");
    refused(new String[] {"--probe", "comment=//"}, text, lstm, "--probe", "built-in");
    refused(new String[] {"--probe", "a=x", "--probe", "a=y"}, text, lstm, "--probe a is given twice");
  }

  @Test
  void badFlagsAndPathsAreRefused() {
    refused(new String[] {"--top", "0"}, text, lstm, "--top must be >= 1");
    refused(new String[0], dir.resolve("missing.c"), lstm, "missing.c", "no such file");
    refused(new String[0], text, dir.resolve("missing.safetensors"), "missing.safetensors");
    Cli.Result r = Cli.run("cells", lstm.toString(), "--text", text.toString(), "--out",
        dir.resolve("no/such/dir/r.html").toString());
    assertEquals(1, r.status(), r::toString);
    assertTrue(r.err().startsWith("rnn4j: --out") && r.err().contains("does not exist"), r::toString);
  }
}
