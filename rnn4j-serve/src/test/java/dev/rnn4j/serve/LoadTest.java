package dev.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.sample.Sampler;
import dev.rnn4j.sample.SamplingOptions;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.Checkpoint;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded load on loopback (a few seconds): many streams at once come back whole and unmixed, each equal
 * to the same request served alone; beyond the limit, 429; a client that leaves frees its place; a request
 * past its time ends with an error event.
 */
class LoadTest {
  static Checkpoint checkpoint;

  @BeforeAll
  static void load() throws Exception {
    checkpoint = Checkpoint.load(Fixtures.charModelDir().resolve("model.safetensors"));
  }

  static String request(int i, int length) {
    String prime = List.of("", "ROMEO:", "First Citizen:\n", "a", "KING").get(i % 5);
    return RequestBody.JSON.createObjectNode().put("prime", prime).put("length", length).put("seed", 1000 + i)
        .put("temperature", 0.5 + 0.1 * (i % 8)).put("top_k", i % 3 == 0 ? 5 : 0).toString();
  }

  static String alone(int i, int length) {
    JsonNode r;
    try {
      r = RequestBody.JSON.readTree(request(i, length));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    SamplingOptions o = new SamplingOptions((float) r.get("temperature").asDouble(), r.get("top_k").asInt(), false);
    return new Sampler(checkpoint.model()).sampleText(checkpoint.vocabulary(), r.get("prime").asText(), length, o,
        new Rng(r.get("seed").asLong()));
  }

  @Test
  void sixtyFourConcurrentStreamsEachEqualTheSameRequestServedAlone() throws Exception {
    int n = 64;
    try (RnnServer server = RnnServer.start(ModelCatalog.load(List.of(Fixtures.charModelDir())), null,
        ServeOptions.loopback(0))) {
      Http http = new Http(server);
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        List<Future<String>> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int k = i;
          texts.add(pool.submit(() -> Http.text(http.stream("/v1/models/model/sample", request(k, 300)))));
        }
        for (int i = 0; i < n; i++) {
          assertEquals(alone(i, 300), texts.get(i).get(), "stream " + i);
        }
      } finally {
        pool.shutdownNow();
      }
      String metrics = http.get("/metrics").body();
      double steps = value(metrics, "rnn4j_sampling_batch_size_count");
      double single = value(metrics, "rnn4j_sampling_batch_size_bucket{le=\"1.0\"}");
      assertTrue(steps - single > 100, "most steps batched several streams:\n" + metrics);
      assertEquals(0, http.get("/health").json().get("generations").asInt());
    }
  }

  static double value(String metrics, String name) {
    return Double.parseDouble(metrics.lines().filter(l -> l.startsWith(name + " ")).findFirst()
        .orElseThrow(() -> new AssertionError(name + " in\n" + metrics)).split(" ")[1]);
  }

  @Test
  void beyondTheLimitA429WithRetryAfterAndTheOthersComeBackWhole() throws Exception {
    int n = 12;
    try (RnnServer server = RnnServer.start(ModelCatalog.load(List.of(Fixtures.charModelDir())), null,
        new ServeOptions("127.0.0.1", 0, null, Limits.defaults().withMaxGenerations(2)))) {
      Http http = new Http(server);
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        List<Future<Http.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int k = i;
          replies.add(pool.submit(() -> http.post("/v1/models/model/sample",
              request(k, 4000).replace("}", ",\"stream\":false}"))));
        }
        int refused = 0;
        for (int i = 0; i < n; i++) {
          Http.Reply r = replies.get(i).get();
          if (r.status() == 429) {
            refused++;
            r.refused(429, null);
            assertEquals("1", r.response().headers().firstValue("Retry-After").orElse(""));
          } else {
            assertEquals(200, r.status(), r.body());
            assertEquals(alone(i, 4000), r.json().get("text").asText(), "request " + i);
          }
        }
        assertTrue(refused >= 1 && refused <= n - 2, "at most 2 at once: " + refused + " refused");
        assertTrue(http.get("/metrics").body().contains("rnn4j_rejected_total " + refused + ".0"));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aClientThatLeavesMidStreamFreesItsPlace() throws Exception {
    try (RnnServer server = RnnServer.start(ModelCatalog.load(List.of(Fixtures.charModelDir())), null,
        ServeOptions.loopback(0))) {
      Http http = new Http(server);
      HttpResponse<InputStream> resp = Http.CLIENT.send(http.request("/v1/models/model/sample")
              .POST(HttpRequest.BodyPublishers.ofString("{\"length\":10000,\"seed\":1}")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8));
      assertEquals(5, Http.events(in, 5).size());
      in.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (http.get("/health").json().get("generations").asInt() > 0) {
        assertTrue(System.nanoTime() < deadline, "the generation should leave the batch once the client is gone");
        Thread.sleep(20);
      }
      assertTrue(LoadTest.value(http.get("/metrics").body(), "rnn4j_generated_characters_total") < 10000,
          "it stopped before its 10,000 characters");
    }
  }

  @Test
  void aRequestPastItsTimeEndsWithAnErrorEvent() throws Exception {
    Limits d = Limits.defaults();
    Limits quick = new Limits(d.maxBodyBytes(), d.maxSampleLength(), d.maxTextLength(), d.maxGenerations(),
        d.maxAnalyses(), Duration.ofMillis(1));
    try (RnnServer server = RnnServer.start(ModelCatalog.load(List.of(Fixtures.charModelDir())), null,
        new ServeOptions("127.0.0.1", 0, null, quick))) {
      Http http = new Http(server);
      List<Http.Event> events = http.stream("/v1/models/model/sample", "{\"length\":10000,\"seed\":1}");
      Http.Event last = events.get(events.size() - 1);
      assertEquals("error", last.name());
      assertTrue(last.data().get("error").asText().contains("limit"), last.toString());
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (http.get("/health").json().get("generations").asInt() > 0) {
        assertTrue(System.nanoTime() < deadline);
        Thread.sleep(20);
      }
    }
  }
}
