package dev.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A client of a server under test: JSON requests, and server-sent events read as they come. */
final class Http {
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final String base;
  private final String token;

  Http(RnnServer server) {
    this(server, null);
  }

  Http(RnnServer server, String token) {
    this.base = "http://127.0.0.1:" + server.port();
    this.token = token;
  }

  record Reply(int status, String body, HttpResponse<?> response) {
    JsonNode json() {
      try {
        return RequestBody.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    /** A refusal: the status, a JSON error naming the field (when one is given), no stack trace. */
    JsonNode refused(int expected, String field) {
      assertEquals(expected, status, body);
      JsonNode j = json();
      assertTrue(j.has("error"), body);
      assertEquals(expected, j.get("status").asInt(), body);
      assertTrue(!body.contains("\tat ") && !body.contains("Exception:"), body);
      if (field != null) {
        assertEquals(field, j.path("field").asText(), body);
      }
      return j;
    }
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  Reply get(String path) {
    return send(request(path).GET().build());
  }

  Reply post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  static Reply send(HttpRequest r) {
    try {
      HttpResponse<String> resp = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
      return new Reply(resp.statusCode(), resp.body(), resp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** One server-sent event. */
  record Event(String name, JsonNode data) {}

  /** A sample streamed to its end: every event, in order. */
  List<Event> stream(String path, String json) {
    try {
      HttpResponse<InputStream> resp = CLIENT.send(request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, resp.statusCode(), () -> "stream refused: " + readAll(resp.body()));
      assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
        return events(in, Integer.MAX_VALUE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Reads up to {@code max} events (all, to the end of the stream, with MAX_VALUE). */
  static List<Event> events(BufferedReader in, int max) throws IOException {
    List<Event> out = new ArrayList<>();
    String name = null;
    String data = null;
    for (String line; out.size() < max && (line = in.readLine()) != null; ) {
      if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = line.substring(6);
      } else if (line.isEmpty() && data != null) {
        out.add(new Event(name, RequestBody.JSON.readTree(data)));
        name = null;
        data = null;
      }
    }
    return out;
  }

  /** The text of a finished stream's character events (prime included). */
  static String text(List<Event> events) {
    StringBuilder s = new StringBuilder();
    for (Event e : events) {
      if (e.name() == null) {
        s.append(e.data().get("c").asText());
      }
    }
    return s.toString();
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
