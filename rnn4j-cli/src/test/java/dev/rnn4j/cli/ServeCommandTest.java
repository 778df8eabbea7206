package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.serve.Limits;
import dev.rnn4j.serve.ModelCatalog;
import dev.rnn4j.serve.RnnServer;
import dev.rnn4j.serve.ServeOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn4j serve} over checkpoints of every kind the project has: each predicts as its own command
 * does; the command refuses bad paths in one line; a server killed mid-stream comes back and serves the same
 * text, having written nothing; {@code train --serve} shows the run's curves while it trains.
 */
class ServeCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir
  static Path dir;
  static Path models;

  @BeforeAll
  static void trainOneOfEachKind() throws Exception {
    models = dir.resolve("models");
    Path text = Cli.textFile(dir, "small.txt", 4000);
    run(Cli.train(text, models.resolve("char")));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      lines.add((i % 2 == 0 ? "a fine good film " : "a dull bad film ") + i + "\t" + (i % 2 == 0 ? "pos" : "neg"));
    }
    Path tsv = Files.write(dir.resolve("train.tsv"), lines);
    run(Cli.concat(new String[] {"classify", "train", tsv.toString(), "--epochs", "3", "--out",
        models.resolve("cls").toString()}, SeqCommandsTest.TINY));
    StringBuilder c = new StringBuilder();
    for (int s = 0; s < 30; s++) {
      c.append("1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n");
      c.append("2\t").append(s % 2 == 0 ? "cat" : "dog").append("\t_\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n");
      c.append("3\truns\trun\tVERB\tVBZ\t_\t0\troot\t_\t_\n\n");
    }
    Path conllu = Files.writeString(dir.resolve("train.conllu"), c);
    run(Cli.concat(new String[] {"tag", "train", conllu.toString(), "--epochs", "3", "--out",
        models.resolve("tag").toString()}, SeqCommandsTest.TINY));
    List<String[]> pairs = TranslateCommandsTest.reversals(300, 1);
    Path src = Files.write(dir.resolve("tr.src"), pairs.stream().map(p -> p[0]).toList());
    Path tgt = Files.write(dir.resolve("tr.tgt"), pairs.stream().map(p -> p[1]).toList());
    run(Cli.concat(new String[] {"translate", "train", "--src", src.toString(), "--tgt", tgt.toString(), "--epochs",
        "2", "--out", models.resolve("tr").toString()}, TranslateCommandsTest.TINY));
    Path scenes = dir.resolve("scenes");
    run(new String[] {"caption", "scenes", "--count", "20", "--out", scenes.toString(), "--seed", "4"});
    run(new String[] {"caption", "train", "--captions", scenes.resolve("dataset.json").toString(), "--features",
        "none", "--epochs", "1", "--hidden", "16", "--embedding", "8", "--batch", "8", "--min-count", "1", "--out",
        models.resolve("cap").toString()});
  }

  static Cli.Result run(String[] args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.status(), r::toString);
    return r;
  }

  static JsonNode post(int port, String path, String body, int status) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  static String stdinRun(String input, String... args) throws Exception {
    Process p = Cli.child(args).redirectErrorStream(true).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void everyKindPredictsAsItsOwnCommandDoes() throws Exception {
    try (RnnServer server = RnnServer.start(ModelCatalog.load(List.of(models)), null, ServeOptions.loopback(0))) {
      int port = server.port();
      HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> kinds = new TreeMap<>();
      for (JsonNode m : JSON.readTree(list.body()).get("models")) {
        kinds.put(m.get("id").asText(), m.get("kind").asText());
      }
      assertEquals("char-lm", kinds.get("char.last"), kinds.toString());
      assertEquals("classify", kinds.get("cls.best"));
      assertEquals("tag", kinds.get("tag.last"));
      assertEquals("translate", kinds.get("tr.last"));
      assertEquals("caption", kinds.get("cap.last"));

      JsonNode cls = post(port, "/v1/models/cls.best/predict", "{\"text\":\"a fine good film 3\"}", 200);
      String cli = Cli.run("classify", "predict", models.resolve("cls/best.safetensors").toString(),
          Files.writeString(dir.resolve("one.txt"), "a fine good film 3\n").toString()).out();
      assertEquals(cli.split("\t")[0], cls.get("label").asText());
      assertEquals(Double.parseDouble(cli.split("\t")[1].strip()), cls.get("probability").asDouble(), 1e-4);

      JsonNode tags = post(port, "/v1/models/tag.last/predict", "{\"tokens\":[\"the\",\"cat\",\"runs\"]}", 200);
      assertEquals(3, tags.get("tags").size());
      String conllu = Cli.run("tag", "predict", models.resolve("tag/last.safetensors").toString(),
          Files.writeString(dir.resolve("tokens.txt"), "the cat runs\n").toString()).out();
      List<String> cliTags = conllu.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\t")).map(f -> f[3].equals("_") ? f[4] : f[3]).toList();
      List<String> served = new ArrayList<>();
      tags.get("tags").forEach(t -> served.add(t.asText()));
      assertEquals(cliTags, served);
      assertEquals(tags, post(port, "/v1/models/tag.last/predict", "{\"text\":\"the cat runs\"}", 200));

      JsonNode tr = post(port, "/v1/models/tr.last/predict", "{\"text\":\"a b c .\",\"attention\":true}", 200);
      String cliTr = stdinRun("a b c .\n", "translate", "predict", models.resolve("tr/last.safetensors").toString());
      assertEquals(cliTr.strip(), tr.get("translation").asText());
      JsonNode a = tr.get("attention");
      assertEquals(a.get("target").size(), a.get("weights").size());
      assertEquals(a.get("source").size(), a.get("weights").get(0).size());
      double rowSum = 0;
      for (JsonNode w : a.get("weights").get(0)) {
        rowSum += w.asDouble();
      }
      assertEquals(1, rowSum, 1e-4, "attention weights of a target word sum to 1");

      JsonNode cap = post(port, "/v1/models/cap.last/predict", "{\"features\":[0]}", 200);
      String cliCap = Cli.run("caption", "predict", models.resolve("cap/last.safetensors").toString(), "--features",
          "none", "--count", "1").out();
      assertEquals(cliCap.split("\t")[1].strip(), cap.get("caption").asText());

      post(port, "/v1/models/cap.last/predict", "{\"features\":[0,1]}", 400);
      post(port, "/v1/models/cap.last/predict", "{\"features\":[0],\"beam\":2,\"temperature\":1}", 400);
      post(port, "/v1/models/cls.best/predict", "{\"text\":\"\"}", 400);
      post(port, "/v1/models/cls.best/predict", "{\"sentence\":\"a\"}", 400);
      post(port, "/v1/models/tag.last/predict", "{\"tokens\":[1,2]}", 400);
      post(port, "/v1/models/tr.last/predict", "{\"text\":\"" + "a ".repeat(500) + "\"}", 400);
      assertEquals("text", post(port, "/v1/models/cls.best/predict", "{\"text\":7}", 400).get("field").asText());
      post(port, "/v1/models/cls.best/sample", "{}", 400);
      post(port, "/v1/models/tr.last/analyze", "{\"text\":\"a\"}", 400);
      post(port, "/v1/models/char.last/predict", "{\"text\":\"a\"}", 400);
    }
  }

  @Test
  void badPathsAreOneLineRefusals() throws Exception {
    Cli.assertRefused(Cli.run("serve", dir.resolve("missing.safetensors").toString()), 1, "missing.safetensors",
        "no such file");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Cli.assertRefused(Cli.run("serve", empty.toString()), 1, "no .safetensors");
    Cli.assertRefused(Cli.run("serve", dir.resolve("small.txt").toString()), 1, "small.txt");
    Cli.assertRefused(Cli.run("serve", models.toString(), "--port", "70000"), 1, "--port");
  }

  private static String readUrl(Process p, BufferedReader out, String marker) throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      int at = line.indexOf(marker);
      if (at >= 0) {
        return line.substring(line.indexOf("http://", at)).strip();
      }
    }
    throw new AssertionError("no '" + marker + "' line; exit " + (p.isAlive() ? "running" : p.exitValue()));
  }

  private static Map<Path, String> snapshot(Path root) throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(f), Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f));
      }
    }
    return files;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aServerKilledMidStreamComesBackServingTheSameTextAndNeverWrote() throws Exception {
    Path run = models.resolve("char");
    Map<Path, String> before = snapshot(run);
    String expected = Cli.run("sample", run.resolve("last.safetensors").toString(), "--prime", "the ", "-n", "300",
        "--seed", "5", "--weights", "float32").out().stripTrailing();
    for (int round = 0; round < 2; round++) {
      Process p = Cli.child("serve", run.toString(), "--port", "0").redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String url = readUrl(p, out, "rnn4j serve:");
        URI sample = URI.create(url + "v1/models/last/sample");
        HttpResponse<String> whole = HTTP.send(HttpRequest.newBuilder(sample).POST(HttpRequest.BodyPublishers
            .ofString("{\"prime\":\"the \",\"length\":300,\"seed\":5,\"stream\":false}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, JSON.readTree(whole.body()).get("text").asText().stripTrailing(),
            "the server writes what sample writes");
        if (round == 0) {
          HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(sample).POST(HttpRequest.BodyPublishers
              .ofString("{\"length\":10000,\"seed\":1}")).build(), HttpResponse.BodyHandlers.ofInputStream());
          BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
          assertTrue(events.readLine().startsWith("event: start"));
          p.destroyForcibly(); // SIGKILL mid-stream
          assertTrue(p.waitFor(10, TimeUnit.SECONDS));
          boolean ended = false;
          try {
            for (String line; (line = events.readLine()) != null; ) {
              ended |= line.startsWith("event: end");
            }
          } catch (IOException cut) {
            // the connection was reset: the client sees the stream cut, not an end event
          }
          assertFalse(ended, "a killed stream must not look finished");
        }
      } finally {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    assertEquals(before, snapshot(run), "the server never writes a file");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void trainServeShowsTheRunsCurvesWhileItTrains() throws Exception {
    Path out = dir.resolve("served-run");
    Process p = Cli.child(Cli.train(dir.resolve("small.txt"), out, "--iters", "3000", "--eval-every", "50",
        "--sample-every", "100", "--serve", "0")).redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String url = readUrl(p, lines, "serving the run at");
      Thread drain = new Thread(() -> lines.lines().forEach(l -> { }));
      drain.setDaemon(true);
      drain.start();
      JsonNode t = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "v1/training")).build(),
            HttpResponse.BodyHandlers.ofString());
        t = JSON.readTree(r.body());
        if (t.path("validation").size() >= 2 && t.path("samples").size() >= 1) {
          break;
        }
        Thread.sleep(100);
      }
      assertTrue(t.get("validation").size() >= 2, t::toString);
      assertTrue(t.get("loss").size() >= 100, t::toString);
      assertTrue(t.get("chars_per_second").asDouble() > 0);
      assertFalse(t.get("samples").get(0).get("text").asText().isEmpty());
      JsonNode live = post(URI.create(url).getPort(), "/v1/models/live/sample", "{\"length\":20,\"stream\":false}", 200);
      assertEquals(20, live.get("generated").asInt());
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the run ends");
      assertEquals(0, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void withoutAPathTheNewestRunIsServed() throws Exception {
    Path runs = Files.createDirectories(dir.resolve("runs"));
    Path older = Files.createDirectories(runs.resolve("20260101-000000"));
    Path newer = Files.createDirectories(runs.resolve("20250101-000000"));
    Files.copy(models.resolve("char/last.safetensors"), older.resolve("last.safetensors"));
    Files.copy(models.resolve("char/last.safetensors"), newer.resolve("last.safetensors"));
    Files.setLastModifiedTime(older.resolve("last.safetensors"), java.nio.file.attribute.FileTime.fromMillis(1000));
    Files.createDirectories(runs.resolve("empty"));
    assertEquals(newer, ServeCommand.newestRun(runs), "by the time its checkpoint was written, not by name");
    IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ServeCommand.newestRun(dir.resolve("no-runs")));
    assertTrue(none.getMessage().contains("rnn4j train"), none.getMessage());
  }

  @Test
  void theServersLimitsComeFromTheCommandLine() {
    Cli.assertRefused(Cli.run("serve", models.toString(), "--max-generations", "0"), 1, "--max-generations");
    Cli.assertRefused(Cli.run("serve", models.toString(), "--request-time", "soon"), 1, "--request-time");
    assertEquals(128, Limits.defaults().maxGenerations());
  }
}
