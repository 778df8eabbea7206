package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.inspect.UnitId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a sample reaches the client: as server-sent events, one per character as soon as it is drawn
 * ({@code stream: true}, the default), or as one JSON object at the end.
 */
abstract class SampleWriter {
  abstract String contentType();

  abstract void start(OutputStream out, String model, long seed, List<UnitId> units) throws IOException;

  abstract void symbol(OutputStream out, SamplingService.Event e) throws IOException;

  abstract void end(OutputStream out, int generated, double seconds) throws IOException;

  abstract void error(OutputStream out, String message) throws IOException;

  /** Sends what was written so far (the event stream flushes; the whole answer waits for its end). */
  void flush(OutputStream out) throws IOException {}

  /** One event's JSON: {@code i}, {@code c}, {@code primed}, {@code p}, {@code top}, {@code u}. */
  static ObjectNode eventJson(SamplingService.Event e) {
    ObjectNode n = RequestBody.JSON.createObjectNode();
    n.put("i", e.position());
    n.put("c", e.text());
    n.put("primed", e.primed());
    if (Double.isFinite(e.probability())) {
      n.put("p", (float) e.probability());
    } else {
      n.putNull("p");
    }
    if (e.guesses().length > 0) {
      ArrayNode top = n.putArray("top");
      for (int k = 0; k < e.guesses().length; k++) {
        top.addArray().add(e.guesses()[k]).add(e.guessProbs()[k]);
      }
    }
    if (e.units().length > 0) {
      ArrayNode u = n.putArray("u");
      for (float v : e.units()) {
        u.add(v);
      }
    }
    return n;
  }

  static ObjectNode startJson(String model, long seed, List<UnitId> units) {
    ObjectNode n = RequestBody.JSON.createObjectNode();
    n.put("model", model);
    n.put("seed", seed);
    ArrayNode u = n.putArray("units");
    units.forEach(x -> u.add(x.toString()));
    return n;
  }

  /** {@code text/event-stream}: events {@code start}, then one unnamed per character, then {@code end} or {@code error}. */
  static final class EventStream extends SampleWriter {
    @Override
    String contentType() {
      return "text/event-stream; charset=utf-8";
    }

    private static void send(OutputStream out, String event, String data) throws IOException {
      String s = (event != null ? "event: " + event + "\n" : "") + "data: " + data + "\n\n";
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    void flush(OutputStream out) throws IOException {
      out.flush();
    }

    @Override
    void start(OutputStream out, String model, long seed, List<UnitId> units) throws IOException {
      send(out, "start", startJson(model, seed, units).toString());
      out.flush(); // the client knows at once that its request was taken
    }

    @Override
    void symbol(OutputStream out, SamplingService.Event e) throws IOException {
      send(out, null, eventJson(e).toString());
    }

    @Override
    void end(OutputStream out, int generated, double seconds) throws IOException {
      send(out, "end", RequestBody.JSON.createObjectNode().put("generated", generated).put("seconds", seconds)
          .toString());
    }

    @Override
    void error(OutputStream out, String message) throws IOException {
      send(out, "error", RequestBody.JSON.createObjectNode().put("error", message).toString());
      out.flush();
    }
  }

  /** {@code application/json}: the whole text, and the per-character detail when top or units were asked. */
  static final class Whole extends SampleWriter {
    private ObjectNode root;
    private ArrayNode chars;
    private final StringBuilder text = new StringBuilder();

    @Override
    String contentType() {
      return "application/json";
    }

    @Override
    void start(OutputStream out, String model, long seed, List<UnitId> units) {
      root = startJson(model, seed, units);
      chars = root.putArray("characters");
    }

    @Override
    void symbol(OutputStream out, SamplingService.Event e) {
      text.append(e.text());
      chars.add(eventJson(e));
    }

    @Override
    void end(OutputStream out, int generated, double seconds) throws IOException {
      root.put("text", text.toString());
      root.put("generated", generated);
      root.put("seconds", seconds);
      out.write(root.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    void error(OutputStream out, String message) throws IOException {
      root.put("text", text.toString());
      root.put("error", message);
      out.write(root.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
