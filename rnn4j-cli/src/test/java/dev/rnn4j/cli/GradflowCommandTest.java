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

/** {@code rnn4j gradflow}: the printed table and the report, on tiny models trained here; and bad input. */
class GradflowCommandTest {
  /** Small enough to run in about a second. */
  static final String[] SMALL = {"--steps", "60", "--hidden", "20", "--trials", "2", "--rho", "0.5,1.0,2.0"};

  @TempDir
  static Path shared;
  static Path text;
  static Path rnn;
  static Path lstm;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainModels() throws IOException {
    trainModels(shared);
  }

  /** Trains a 1-layer rnn and a 2-layer lstm for a few iterations under {@code shared}. */
  static void trainModels(Path shared) throws IOException {
    text = Cli.textFile(shared, "small.txt", 4000);
    Cli.Result a = Cli.run(Cli.train(text, shared.resolve("rnn")));
    assertEquals(0, a.status(), a::toString);
    Cli.Result b = Cli.run(Cli.train(text, shared.resolve("lstm"), "--model", "lstm", "--layers", "2"));
    assertEquals(0, b.status(), b::toString);
    rnn = shared.resolve("rnn/last.safetensors");
    lstm = shared.resolve("lstm/last.safetensors");
  }

  /** Runs gradflow on the two models with {@link #SMALL} settings, writing {@code out}. */
  static Cli.Result gradflow(Path out, String... more) {
    String[] args = Cli.concat(new String[] {"gradflow", "--out", out.toString(), "--model", rnn.toString(),
        "--model", lstm.toString(), "--text", text.toString()}, SMALL);
    return Cli.run(Cli.concat(args, more));
  }

  @Test
  void printsTheNormsOfEveryCurveAndWritesTheReport() throws IOException {
    Path out = dir.resolve("gradflow.html");
    Cli.Result r = gradflow(out);
    assertEquals(0, r.status(), r::toString);
    assertEquals("", r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).matches("gradient norm, k steps back +k=1 +k=10 +k=50 +k=100"), lines.get(0));
    // 3 nonlinearities x 3 radii, then the rnn's one layer and the lstm's two.
    List<String> rows = lines.stream().filter(l -> l.matches(".*(rho=|layer ).*")).toList();
    assertEquals(12, rows.size(), r::toString);
    Pattern row = Pattern.compile("(.+?) +([0-9.e+-]+) +([0-9.e+-]+) +([0-9.e+-]+) +(-)");
    for (String l : rows) {
      Matcher m = row.matcher(l);
      assertTrue(m.matches(), "k=1, 10, 50 measured, k=100 beyond --steps 60: " + l);
    }
    assertTrue(value(rows, "linear, rho=0.5", 2) < 1e-2, "linear rho=0.5 at k=10: " + rows);
    assertTrue(value(rows, "linear, rho=2.0", 3) > 1e9, "linear rho=2 explodes by k=50: " + rows);
    assertTrue(value(rows, "tanh, rho=0.5", 3) < 1e-6, "tanh rho=0.5 has vanished by k=50: " + rows);
    assertTrue(rows.stream().anyMatch(l -> l.startsWith("rnn/last layer 1 (h) ")), rows::toString);
    assertTrue(rows.stream().anyMatch(l -> l.startsWith("lstm/last layer 2 (h, c) ")), rows::toString);
    assertTrue(r.out().matches("(?s).*rnn/last: loss [0-9.]+ nats, \\|dL/dtheta\\| [0-9.e+-]+, clip factor .*"),
        r::toString);
    assertTrue(lines.get(lines.size() - 1).equals("report: " + out), r::toString);

    String html = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!doctype html>"));
    assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
        "nothing fetched: no URL but the SVG namespace");
    assertFalse(html.contains("https://"), "nothing fetched");
    assertFalse(html.contains("<link") || html.contains(" src="), "no external resources");
    // 3 state plots, 3 clipping plots, 2 layer plots (the lstm has two layers)
    assertEquals(8, count(html, "<svg class=\"plot\""));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void withoutModelsTheReportSaysHowToAddThem() throws IOException {
    Path out = dir.resolve("r.html");
    Cli.Result r = Cli.run(Cli.concat(new String[] {"gradflow", "--out", out.toString()}, SMALL));
    assertEquals(0, r.status(), r::toString);
    String html = Files.readString(out);
    assertEquals(6, count(html, "<svg class=\"plot\""));
    assertTrue(html.contains("--model CKPT"), "says how to add models");
  }

  @Test
  void aTightClipScalesTheModelCurvesAndDrawsThemDashed() throws IOException {
    Path out = dir.resolve("clip.html");
    Cli.Result r = gradflow(out, "--clip", "1e-6");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().matches("(?s).*rnn/last: loss [0-9.]+ nats, \\|dL/dtheta\\| [0-9.e+-]+, clip factor "
        + "[0-9.]+e-0[5-9].*"), r::toString);
    String html = Files.readString(out);
    assertTrue(html.contains("data-label=\"rnn/last, clipped\""), "a dashed clipped rnn curve");
    assertTrue(html.contains("data-label=\"lstm/last, clipped\""), "a dashed clipped lstm curve");
  }

  @Test
  void badInputIsOneLineAndNothingIsWritten() throws IOException {
    Path out = dir.resolve("bad.html");
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    Path unknown = Files.writeString(dir.resolve("unknown.txt"), "THE QUICK FOX ".repeat(40));
    Path corrupt = dir.resolve("corrupt.safetensors");
    Files.write(corrupt, Files.readAllBytes(rnn));
    byte[] bytes = Files.readAllBytes(corrupt);
    bytes[bytes.length - 10] ^= 0x55;
    Files.write(corrupt, bytes);
    Path shortText = Files.writeString(dir.resolve("short.txt"), Cli.text(60, 3));
    String o = out.toString();
    refused(new String[] {"gradflow", "--out", o, "--model", dir.resolve("missing.safetensors").toString()},
        "missing.safetensors");
    refused(new String[] {"gradflow", "--out", o, "--model", corrupt.toString()}, "corrupt.safetensors");
    refused(new String[] {"gradflow", "--out", o, "--model", rnn.toString(), "--text", empty.toString()}, "empty");
    refused(new String[] {"gradflow", "--out", o, "--model", rnn.toString(), "--text", unknown.toString()},
        "unknown.txt");
    refused(new String[] {"gradflow", "--out", o, "--model", rnn.toString(), "--text", shortText.toString()},
        "short.txt", "needs at least");
    refused(new String[] {"gradflow", "--out", o, "--text", text.toString()}, "--text", "--model");
    refused(new String[] {"gradflow", "--out", o, "--rho", "0.5,,1"}, "--rho", "empty value");
    refused(new String[] {"gradflow", "--out", o, "--rho", "abc"}, "--rho", "'abc' is not a number");
    refused(new String[] {"gradflow", "--out", o, "--rho", "-1"}, "--rho", "outside");
    refused(new String[] {"gradflow", "--out", o, "--rho", "0"}, "--rho", "outside");
    refused(new String[] {"gradflow", "--out", o, "--rho", "0.5,0.5"}, "--rho", "twice");
    refused(new String[] {"gradflow", "--out", o, "--rho", "50", "--steps", "1000"}, "--rho 50", "--steps 1000");
    refused(new String[] {"gradflow", "--out", o, "--steps", "0"}, "--steps");
    refused(new String[] {"gradflow", "--out", o, "--steps", "5000"}, "--steps");
    refused(new String[] {"gradflow", "--out", o, "--hidden", "-3"}, "--hidden");
    refused(new String[] {"gradflow", "--out", o, "--trials", "0"}, "--trials");
    refused(new String[] {"gradflow", "--out", o, "--clip", "0"}, "--clip");
    refused(new String[] {"gradflow", "--out", o, "--clip", "NaN"}, "--clip");
    refused(new String[] {"gradflow", "--out", dir.resolve("no/such/dir/r.html").toString()}, "--out", "does not exist");
    refused(new String[] {"gradflow", "--out", dir.toString()}, "--out", "is a directory");
    Cli.Result usage = Cli.run("gradflow");
    assertEquals(Main.USAGE, usage.status(), usage::toString);
    assertTrue(usage.err().startsWith("rnn4j: Missing required option: '--out=FILE'"), usage::toString);
    assertFalse(Files.exists(out), "nothing written");
  }

  private static void refused(String[] args, String... keywords) {
    Cli.Result r = Cli.assertRefused(Cli.run(args), Main.FAILED, keywords);
    assertEquals("", r.out(), r::toString);
  }

  private static double value(List<String> rows, String label, int column) {
    String row = rows.stream().filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow();
    return Double.parseDouble(row.substring(label.length()).trim().split(" +")[column - 1]);
  }

  static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
