package dev.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.inspect.CellSearch;
import dev.rnn4j.inspect.Probes;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.sample.Sampler;
import dev.rnn4j.sample.SamplingOptions;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import dev.rnn4j.train.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint against a small trained model, and every bad input the API promises to refuse. */
class ServerApiTest {
  static Checkpoint checkpoint;
  static TrainingFeed feed;
  static RnnServer server;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Fixtures.charModelDir();
    checkpoint = Checkpoint.load(dir.resolve("model.safetensors"));
    feed = TrainingFeed.live("test run");
    server = RnnServer.start(ModelCatalog.load(List.of(dir)), feed, ServeOptions.loopback(0));
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthModelsAndTheOpenApiDocumentOfEveryRoute() {
    JsonNode health = http.get("/health").json();
    assertEquals("ok", health.get("status").asText());
    assertEquals(1, health.get("models").asInt());
    JsonNode models = http.get("/v1/models").json().get("models");
    assertEquals(1, models.size());
    JsonNode m = models.get(0);
    assertEquals("model", m.get("id").asText());
    assertEquals("char-lm", m.get("kind").asText());
    assertEquals(checkpoint.vocabulary().size(), m.get("vocabulary_size").asInt());
    assertEquals("lstm", m.at("/config/cell").asText());
    assertEquals(32, m.at("/config/hidden").asInt());
    assertEquals(40, m.get("iteration").asLong());
    assertEquals(checkpoint.history().size(), m.get("history").size());
    assertEquals(m, http.get("/v1/models/model").json());
    JsonNode api = http.get("/openapi.json").json();
    assertEquals("3.1.0", api.get("openapi").asText());
    for (String path : List.of("/health", "/metrics", "/v1/models", "/v1/models/{id}", "/v1/models/{id}/sample",
        "/v1/models/{id}/analyze", "/v1/models/{id}/eval", "/v1/models/{id}/predict", "/v1/training")) {
      assertTrue(api.get("paths").has(path), "documented: " + path);
    }
    JsonNode sampleFields = api.at("/components/schemas/SampleRequest/properties");
    for (String f : RnnServer.SAMPLE_FIELDS) {
      assertTrue(sampleFields.has(f), "documented sample field " + f);
    }
  }

  @Test
  void aStreamedSampleIsTheSamplersTextWithEachCharactersProbabilityGuessesAndUnits() {
    List<Http.Event> events = http.stream("/v1/models/model/sample",
        "{\"prime\":\"ROMEO:\",\"length\":120,\"temperature\":0.8,\"seed\":7,\"top\":5,\"units\":[\"1:c3\",\"0:h5\"]}");
    assertEquals("start", events.get(0).name());
    assertEquals(7, events.get(0).data().get("seed").asLong());
    assertEquals("end", events.get(events.size() - 1).name());
    assertEquals(120, events.get(events.size() - 1).data().get("generated").asInt());
    String expected = new Sampler(checkpoint.model()).sampleText(checkpoint.vocabulary(), "ROMEO:", 120,
        new SamplingOptions(0.8f, 0, false), new Rng(7));
    assertEquals(expected, Http.text(events));
    List<Http.Event> chars = events.subList(1, events.size() - 1);
    assertEquals(126, chars.size());
    assertTrue(chars.get(0).data().get("p").isNull(), "nothing predicts the first character");
    for (int i = 0; i < chars.size(); i++) {
      JsonNode e = chars.get(i).data();
      assertEquals(i, e.get("i").asInt());
      assertEquals(i < 6, e.get("primed").asBoolean());
      assertEquals(2, e.get("u").size());
      for (JsonNode u : e.get("u")) {
        assertTrue(u.asDouble() >= -1 && u.asDouble() <= 1, "tanh(c) and h lie in [-1, 1]");
      }
      if (i > 0) {
        double p = e.get("p").asDouble();
        assertTrue(p > 0 && p <= 1, e.toString());
        JsonNode top = e.get("top");
        assertEquals(5, top.size());
        for (int k = 1; k < 5; k++) {
          assertTrue(top.get(k - 1).get(1).asDouble() >= top.get(k).get(1).asDouble(), "most likely first");
        }
        assertTrue(p <= top.get(0).get(1).asDouble() + 1e-6, "nothing beats the first guess");
      }
    }
  }

  @Test
  void theWholeAnswerEqualsTheStreamAndTheSameSeedGivesTheSameText() {
    String req = "{\"prime\":\"First\",\"length\":80,\"seed\":11,\"top_k\":10";
    String streamed = Http.text(http.stream("/v1/models/model/sample", req + "}"));
    JsonNode whole = http.post("/v1/models/model/sample", req + ",\"stream\":false}").json();
    assertEquals(streamed, whole.get("text").asText());
    assertEquals(85, whole.get("characters").size());
    assertEquals(80, whole.get("generated").asInt());
    JsonNode other = http.post("/v1/models/model/sample", "{\"prime\":\"First\",\"length\":80,\"seed\":12,\"stream\":false}")
        .json();
    assertFalse(streamed.equals(other.get("text").asText()), "another seed, another text");
    JsonNode noSeed = http.post("/v1/models/model/sample", "{\"length\":5,\"stream\":false}").json();
    assertTrue(noSeed.get("seed").asLong() >= 0, "a random seed is sent back so the text can be reproduced");
  }

  @Test
  void analyzeGivesEachCharactersLossAndGuessesAndTheProbesUnits() {
    String text = "ROMEO:\nWhat, ho! my lord.\nJULIET:\nAy, my lord; I come.\nROMEO:\nSo soon?\n";
    JsonNode a = http.post("/v1/models/model/analyze",
        RequestBody.JSON.createObjectNode().put("text", text).toString()).json();
    assertEquals(text.length(), a.get("chars").size());
    assertTrue(a.get("loss").get(0).isNull());
    assertEquals(0, a.get("guesses").get(0).size());
    double[] reference = serialLosses(checkpoint.model(), checkpoint.vocabulary().encode(text));
    double sum = 0;
    for (int t = 1; t < text.length(); t++) {
      assertEquals(reference[t], a.get("loss").get(t).asDouble(), 1e-4, "loss of character " + t);
      assertEquals(5, a.get("guesses").get(t).size());
      sum += reference[t];
    }
    assertEquals(sum / (text.length() - 1), a.get("nats_per_char").asDouble(), 1e-4);
    JsonNode probes = a.get("probes");
    assertTrue(probes.size() >= 4, probes.toString());
    JsonNode linePosition = null;
    for (JsonNode p : probes) {
      if (p.get("probe").asText().equals("line-position")) {
        linePosition = p;
      }
    }
    assertNotNull(linePosition);
    assertTrue(linePosition.get("units").size() > 0, "some unit follows the line position");
    String unit = linePosition.get("units").get(0).get("unit").asText();
    // the probes read the characters themselves (not vocabulary ids): the same ranking as rnn4j cells
    int[] ids = checkpoint.vocabulary().encode(text);
    CellSearch.Result cells = CellSearch.run(checkpoint.model(), checkpoint.vocabulary(), ids,
        Probes.builtIn(text.codePoints().toArray()), new CellSearch.Options(3, text.length(), 1, List.of(), 256, 1));
    for (CellSearch.Ranking r : cells.rankings()) {
      if (r.probe().name().equals("line-position")) {
        assertEquals(r.top().get(0).unit().toString(), unit);
      }
    }
    assertEquals(text.length(), a.get("units").get(unit).size(), "its values come with the analysis");
    JsonNode e = http.post("/v1/models/model/eval", RequestBody.JSON.createObjectNode().put("text", text).toString())
        .json();
    assertEquals(sum / (text.length() - 1), e.get("nats_per_char").asDouble(), 1e-4);
    assertEquals(e.get("nats_per_char").asDouble() / Math.log(2), e.get("bits_per_char").asDouble(), 1e-9);
    JsonNode only = http.post("/v1/models/model/analyze", "{\"text\":\"abc\",\"units\":[\"0:c1\"],\"probes\":false}")
        .json();
    assertFalse(only.has("probes"));
    assertEquals(Set.of("0:c1"), Set.copyOf(iterable(only.get("units").fieldNames())));
  }

  /** -log p of each character, feeding a batch-1 twin one character at a time (NaN for the first). */
  static double[] serialLosses(LanguageModel model, int[] ids) {
    LanguageModel twin = model.twin();
    twin.ensureCapacity(1, 1);
    twin.resetState();
    double[] loss = new double[ids.length];
    loss[0] = Double.NaN;
    double[] p = new double[model.config().vocabSize()];
    for (int t = 0; t + 1 < ids.length; t++) {
      Matrix logits = twin.logits(new int[] {ids[t]}, 1);
      SoftmaxCrossEntropy.softmax(logits, 0, 1f, p);
      loss[t + 1] = -Math.log(p[ids[t + 1]]);
    }
    return loss;
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void badInputIsA4xxNamingTheFieldNeverAStackTrace() {
    String s = "/v1/models/model/sample";
    http.post(s, "{\"length\":").refused(400, "body");
    http.post(s, "[1,2]").refused(400, "body");
    http.post(s, "{\"length\":\"ten\"}").refused(400, "length");
    http.post(s, "{\"length\":1.5}").refused(400, "length");
    http.post(s, "{\"length\":100000000}").refused(400, "length");
    http.post(s, "{\"length\":-1}").refused(400, "length");
    http.post(s, "{\"temprature\":1}").refused(400, "temprature");
    http.post(s, "{\"temperature\":0}").refused(400, "temperature");
    http.post(s, "{\"temperature\":\"hot\"}").refused(400, "temperature");
    http.post(s, "{\"top_k\":1000}").refused(400, "top_k");
    http.post(s, "{\"seed\":\"x\"}").refused(400, "seed");
    http.post(s, "{\"argmax\":1}").refused(400, "argmax");
    http.post(s, "{\"top\":50}").refused(400, "top");
    http.post(s, "{\"units\":\"1:c3\"}").refused(400, "units");
    http.post(s, "{\"units\":[\"9:c3\"]}").refused(400, "units");
    http.post(s, "{\"units\":[\"0:c999\"]}").refused(400, "units");
    http.post(s, "{\"units\":[\"cell\"]}").refused(400, "units");
    assertEquals(0, http.get("/health").json().get("generations").asInt(), "a refused request holds no place");
    JsonNode unknown = http.post(s, "{\"prime\":\"caf\u00e9 \u20ac\"}").refused(400, "prime");
    assertTrue(unknown.get("error").asText().contains("U+20AC"), unknown.toString());
    http.post("/v1/models/nope/sample", "{}").refused(404, null);
    http.post("/v1/models/model/analyze", "{}").refused(400, "text");
    http.post("/v1/models/model/analyze", "{\"text\":\"\"}").refused(400, "text");
    http.post("/v1/models/model/analyze", "{\"text\":\"" + "a".repeat(20_001) + "\"}").refused(400, "text");
    http.post("/v1/models/model/analyze", "{\"text\":\"\u20ac\"}").refused(400, "text");
    http.post("/v1/models/model/analyze", "{\"text\":\"ab\",\"probes\":\"yes\"}").refused(400, "probes");
    http.post("/v1/models/model/eval", "{\"text\":\"a\"}").refused(400, "text");
    http.post("/v1/models/model/eval", "{\"text\":5}").refused(400, "text");
    http.post("/v1/models/model/predict", "{\"text\":\"hello\"}").refused(400, null);
    http.post(s, "{\"prime\":\"" + "a".repeat(1_100_000) + "\"}").refused(413, "body");
    http.get("/v1/models/model/sample").refused(405, null);
    http.get("/no/such/page").refused(404, null);
    Http.send(http.request("/v1/models").DELETE().build()).refused(405, null);
  }

  @Test
  void anOversizedBodyIsAnsweredEveryTimeNotCutOff() {
    // The server refuses on the declared length; the client may still be writing when it does, and must
    // still read the 413 rather than a reset connection (CI once saw "header parser received no bytes").
    String big = "{\"prime\":\"" + "a".repeat(1_100_000) + "\"}";
    for (int i = 0; i < 60; i++) {
      http.post("/v1/models/model/sample", big).refused(413, "body");
    }
    assertEquals("ok", http.get("/health").json().get("status").asText());
  }

  @Test
  void theTrainingViewFollowsTheFeed() {
    feed.onStart(null);
    for (int i = 1; i <= 30; i++) {
      feed.onIteration(null, new IterationReport(i, 0, i / 100.0, 4.0 - i * 0.05, 4.0 - i * 0.04, 1e-2f, 1.0,
          5000, i, 30 - i));
    }
    feed.onValidation(null, new ValidationReport(30, 0.3, 2.9, 2.9, 2.9, true));
    feed.sample(30, "ROMEO: hello");
    JsonNode t = http.get("/v1/training").json();
    assertEquals("test run", t.get("name").asText());
    assertEquals("training", t.get("status").asText());
    assertEquals(30, t.get("iteration").asInt());
    assertEquals(30, t.get("loss").size());
    assertEquals(2.5, t.get("loss").get(29).get(1).asDouble(), 1e-9);
    assertEquals(2.9, t.get("validation").get(0).get(1).asDouble(), 1e-9);
    assertEquals("ROMEO: hello", t.get("samples").get(0).get("text").asText());
    long version = t.get("version").asLong();
    feed.onIteration(null, new IterationReport(31, 0, 0.31, 2.5, 2.5, 1e-2f, 1.0, 5000, 31, 29));
    assertTrue(http.get("/v1/training").json().get("version").asLong() > version);
  }

  @Test
  void followingARunDirectoryRedrawsWhenTheRunRewritesItsCheckpoint(@TempDir Path run) throws Exception {
    Path last = run.resolve("last.safetensors");
    Files.copy(Fixtures.charModelDir().resolve("model.safetensors"), last);
    try (RnnServer watching = RnnServer.start(ModelCatalog.load(List.of(run)), TrainingFeed.following(run),
        ServeOptions.loopback(0))) {
      Http h = new Http(watching);
      JsonNode t = h.get("/v1/training").json();
      assertEquals(40, t.get("iteration").asLong());
      assertTrue(t.get("status").asText().startsWith("following last.safetensors"), t.toString());
      assertEquals(checkpoint.history().size(), t.get("loss").size());
      long finite = checkpoint.history().stream().filter(r -> Double.isFinite(r[3])).count();
      assertEquals(finite, t.get("validation").size());
      long version = t.get("version").asLong();
      Corpus corpus = Corpus.builtIn();
      Trainer more = Trainer.create(checkpoint.model().config(), corpus,
          TrainingConfig.defaults().withWindow(8, 25).withLimits(60, 0, 0));
      more.run();
      Path next = run.resolve("next.tmp");
      Checkpoint.save(next, more);
      Files.move(next, last, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.setLastModifiedTime(last, FileTime.fromMillis(System.currentTimeMillis() + 5000));
      JsonNode after = h.get("/v1/training").json();
      assertEquals(60, after.get("iteration").asLong(), after.toString());
      assertTrue(after.get("version").asLong() > version);
      Thread.sleep(ModelCatalog.RECHECK_NANOS / 1_000_000 + 50);
      assertEquals(60, h.get("/v1/models/last").json().get("iteration").asLong(), "the model is reloaded too");
      String expected = new Sampler(more.model()).sampleText(more.vocabulary(), "A", 50, SamplingOptions.defaults(),
          new Rng(3));
      assertEquals(expected, h.post("/v1/models/last/sample", "{\"prime\":\"A\",\"length\":50,\"seed\":3,"
          + "\"stream\":false}").json().get("text").asText(), "and samples come from the new weights");
    }
  }

  @Test
  void metricsCountRequestsCharactersAndLatencies() {
    http.post("/v1/models/model/sample", "{\"length\":25,\"seed\":1,\"stream\":false}");
    http.post("/v1/models/model/sample", "{\"length\":\"x\"}");
    Http.Reply r = http.get("/metrics");
    assertEquals(200, r.status());
    assertTrue(r.response().headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    String m = r.body();
    assertTrue(m.contains("rnn4j_requests_total{route=\"/v1/models/{id}/sample\",status=\"200\"}"), m);
    assertTrue(m.contains("rnn4j_requests_total{route=\"/v1/models/{id}/sample\",status=\"400\"}"), m);
    assertTrue(m.contains("rnn4j_request_duration_seconds_bucket{route=\"/v1/models/{id}/sample\""), m);
    double chars = Double.parseDouble(m.lines().filter(l -> l.startsWith("rnn4j_generated_characters_total "))
        .findFirst().orElseThrow().split(" ")[1]);
    assertTrue(chars >= 25, m);
    assertTrue(m.contains("rnn4j_generations_active 0"), m);
  }

  @Test
  void withATokenTheApiNeedsItAndThePageAndHealthDoNot() throws Exception {
    try (RnnServer locked = RnnServer.start(ModelCatalog.load(List.of(Fixtures.charModelDir())), null,
        new ServeOptions("127.0.0.1", 0, "s3cret", Limits.defaults()))) {
      Http anonymous = new Http(locked);
      Http wrong = new Http(locked, "guess");
      Http right = new Http(locked, "s3cret");
      Http.Reply r = anonymous.get("/v1/models");
      r.refused(401, null);
      assertEquals("Bearer", r.response().headers().firstValue("WWW-Authenticate").orElse(""));
      wrong.get("/v1/models").refused(401, null);
      anonymous.post("/v1/models/model/sample", "{}").refused(401, null);
      anonymous.get("/metrics").refused(401, null);
      assertEquals(200, right.get("/v1/models").status());
      assertEquals(200, anonymous.get("/health").status());
      assertEquals(200, anonymous.get("/").status());
      assertTrue(locked.url().toString().endsWith("/#token=s3cret"), locked.url().toString());
      right.get("/v1/training").refused(404, null);
    }
  }
}
