package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.Evaluator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An rnn4j checkpoint loads into PyTorch as it is: {@code rnn4j export --format pytorch} writes the script,
 * Debian's python3-torch runs it ({@code load_state_dict(strict=True)} into nn.Embedding/one-hot + nn.LSTM
 * or nn.RNN + nn.Linear), and PyTorch's cross-entropy on a text equals rnn4j's to 1e-4.
 */
class PyTorchExportTest {
  private static final Pattern LOSS = Pattern.compile("([0-9.]+) nats/char");

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}x16, embedding {2}")
  @CsvSource({"lstm, 2, 0", "lstm, 1, 8", "rnn, 2, 0"})
  void pytorchComputesTheSameLossAsRnn4j(String cell, int layers, int embedding) throws Exception {
    Path text = Cli.textFile(dir, "train.txt", 4000);
    Path out = dir.resolve("run");
    Cli.Result trained = Cli.run(Cli.train(text, out, "--model", cell, "--layers", Integer.toString(layers),
        "--embedding", Integer.toString(embedding), "--dropout", layers > 1 ? "0.2" : "0",
        // trained well away from the uniform guess, so a wrong gate order or a missing bias would show
        "--iters", "200", "--lr", "0.01", "--eval-every", "100"));
    assertEquals(0, trained.status(), trained::toString);
    Path ckpt = out.resolve("last.safetensors");
    Path script = dir.resolve("load_rnn4j.py");
    Cli.Result exported = Cli.run("export", ckpt.toString(), "--format", "pytorch", "--out", script.toString());
    assertEquals(0, exported.status(), exported::toString);
    assertTrue(exported.err().contains("python3 " + script), exported::toString);

    Path eval = dir.resolve("eval.txt");
    Files.writeString(eval, Cli.text(600, 99), StandardCharsets.UTF_8);
    double torch = pytorchLoss(script, ckpt, eval);
    Checkpoint c = Checkpoint.load(ckpt);
    double rnn4j = Evaluator.crossEntropy(c.model(), Corpus.load(eval, c.vocabulary()).all(), 1, 50, null);
    assertEquals(rnn4j, torch, 1e-4, "PyTorch vs rnn4j, nats/char");
    assertTrue(rnn4j < 0.8 * Math.log(c.vocabulary().size()), "a trained model, not a uniform guess: " + rnn4j);

    Cli.Result cli = Cli.run("eval", ckpt.toString(), eval.toString(), "--batch", "1");
    assertEquals(0, cli.status(), cli::toString);
    Matcher m = LOSS.matcher(cli.out());
    assertTrue(m.find(), cli::toString);
    assertEquals(Double.parseDouble(m.group(1)), torch, 1e-4 + 5e-5, "rnn4j eval prints 4 decimals");
  }

  @Test
  void exportWritesTheScriptToStandardOutput() throws Exception {
    Path text = Cli.textFile(dir, "train.txt", 4000);
    Cli.Result trained = Cli.run(Cli.train(text, dir.resolve("run"), "--model", "lstm"));
    assertEquals(0, trained.status(), trained::toString);
    Cli.Result r = Cli.run("export", dir.resolve("run/last.safetensors").toString(), "--format", "pytorch");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().startsWith("#!/usr/bin/env python3"), r::toString);
    assertTrue(r.out().contains("load_state_dict(weights, strict=True)"), r::toString);
  }

  @Test
  void theReadmesSnippetIsWhatTheScriptDoes() throws Exception {
    String script;
    try (var in = PyTorchExportTest.class.getResourceAsStream(ExportCommand.SCRIPT)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("### Loading into PyTorch");
    assertTrue(section > 0, "README has the section");
    int from = readme.indexOf("```python\n", section) + "```python\n".length();
    String snippet = readme.substring(from, readme.indexOf("```", from));
    for (String line : snippet.strip().split("\n")) {
      String code = line.replaceAll("\\s+#.*$", "").strip();
      assertTrue(script.contains(code), "README line not in the script: " + code);
    }
  }

  @Test
  void aGruHasNoPyTorchModuleAndIsRefused() throws Exception {
    Path text = Cli.textFile(dir, "train.txt", 4000);
    Cli.Result trained = Cli.run(Cli.train(text, dir.resolve("run"), "--model", "gru"));
    assertEquals(0, trained.status(), trained::toString);
    Cli.assertRefused(Cli.run("export", dir.resolve("run/last.safetensors").toString(), "--format", "pytorch"), 1,
        "gru", "only rnn and lstm");
    Cli.assertRefused(Cli.run("export", dir.resolve("run/last.safetensors").toString(), "--format", "onnx"), 1,
        "--format", "onnx", "pytorch");
  }

  private static double pytorchLoss(Path script, Path ckpt, Path text) throws Exception {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p = new ProcessBuilder(List.of(python, script.toString(), ckpt.toString(), text.toString()))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      fail(String.format(Locale.ROOT, "%s failed; it needs torch (scripts/setup-debian.sh installs python3-torch):%n%s",
          script, output));
    }
    Matcher m = LOSS.matcher(output);
    assertTrue(m.find(), output);
    return Double.parseDouble(m.group(1));
  }
}
