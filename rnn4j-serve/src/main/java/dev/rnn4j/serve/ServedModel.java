package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint the server was given, loaded once at start: its id in URLs, its kind ({@code char-lm},
 * {@code caption}, {@code classify}, {@code tag}, {@code translate}) and what {@code GET /v1/models}
 * says about it. Kinds other than the character model answer {@code POST /v1/models/{id}/predict}.
 */
abstract class ServedModel {
  private final String id;
  private final Path file;

  ServedModel(String id, Path file) {
    this.id = id;
    this.file = file;
  }

  String id() {
    return id;
  }

  Path file() {
    return file;
  }

  /** The checkpoint's file name (never its directory: the page needs no more of the server's layout). */
  String fileName() {
    return file.getFileName().toString();
  }

  abstract String kind();

  /** Config, vocabulary sizes, best validation score, history: what {@code GET /v1/models} lists. */
  ObjectNode describe() {
    ObjectNode n = RequestBody.JSON.createObjectNode();
    n.put("id", id);
    n.put("kind", kind());
    n.put("file", fileName());
    describeInto(n);
    return n;
  }

  abstract void describeInto(ObjectNode n);

  /** One prediction for a posted request; the character model has its own endpoints instead. */
  ObjectNode predict(RequestBody body, Limits limits) {
    throw new ApiException(400, null, "model " + id + " is a character model: use /sample, /analyze or /eval");
  }

  /** The fields {@link #predict} accepts. */
  java.util.Set<String> predictFields() {
    return java.util.Set.of();
  }

  static ArrayNode history(List<double[]> rows, ObjectNode into, String... columns) {
    ArrayNode names = into.putArray("history_columns");
    for (String c : columns) {
      names.add(c);
    }
    ArrayNode h = into.putArray("history");
    for (double[] row : rows) {
      ArrayNode r = h.addArray();
      for (double v : row) {
        putFiniteIn(r, v);
      }
    }
    return h;
  }

  static void putFiniteIn(ArrayNode a, double v) {
    if (Double.isFinite(v)) {
      a.add(v);
    } else {
      a.addNull();
    }
  }

  static void putFinite(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }
}
