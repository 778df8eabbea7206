package dev.rnn4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A JSON object posted to the API, read field by field with types and bounds checked: every refusal is a
 * 400 naming the field. Unknown fields are refused too (a misspelt {@code temprature} would otherwise be
 * silently ignored).
 */
final class RequestBody {
  static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode root;

  private RequestBody(JsonNode root) {
    this.root = root;
  }

  /** Parses {@code body}; empty means {@code {}}. Allows only the {@code known} fields. */
  static RequestBody parse(String body, Set<String> known) {
    JsonNode node;
    if (body == null || body.isBlank()) {
      node = JSON.createObjectNode();
    } else {
      try {
        node = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new ApiException(400, "body", "body: malformed JSON (" + firstLine(e.getOriginalMessage()) + ")");
      }
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(400, "body", "body: expected a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw ApiException.badField(name, "unknown field (expected one of " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
    return new RequestBody(node);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  boolean has(String field) {
    return root.has(field) && !root.get(field).isNull();
  }

  String string(String field, String fallback, int maxLength) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode n = root.get(field);
    if (!n.isTextual()) {
      throw ApiException.badField(field, "expected a string");
    }
    String s = n.asText();
    if (s.codePointCount(0, s.length()) > maxLength) {
      throw ApiException.badField(field, "longer than the limit of " + maxLength + " characters");
    }
    return s;
  }

  int integer(String field, int fallback, int min, int max) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode n = root.get(field);
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw ApiException.badField(field, "expected an integer");
    }
    int v = n.asInt();
    if (v < min || v > max) {
      throw ApiException.badField(field, "must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  long longValue(String field, long fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode n = root.get(field);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw ApiException.badField(field, "expected an integer");
    }
    return n.asLong();
  }

  double real(String field, double fallback, double minExclusive, double max) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode n = root.get(field);
    if (!n.isNumber()) {
      throw ApiException.badField(field, "expected a number");
    }
    double v = n.asDouble();
    if (!(v > minExclusive) || v > max) {
      throw ApiException.badField(field, "must be > " + minExclusive + " and <= " + max + ", got " + v);
    }
    return v;
  }

  boolean bool(String field, boolean fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode n = root.get(field);
    if (!n.isBoolean()) {
      throw ApiException.badField(field, "expected true or false");
    }
    return n.asBoolean();
  }

  List<String> strings(String field, int maxCount, int maxLength) {
    if (!has(field)) {
      return List.of();
    }
    JsonNode n = root.get(field);
    if (!n.isArray()) {
      throw ApiException.badField(field, "expected an array of strings");
    }
    if (n.size() > maxCount) {
      throw ApiException.badField(field, "more than the limit of " + maxCount + " entries");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw ApiException.badField(field, "expected an array of strings");
      }
      if (e.asText().length() > maxLength) {
        throw ApiException.badField(field, "an entry is longer than " + maxLength + " characters");
      }
      out.add(e.asText());
    }
    return out;
  }

  float[] floats(String field, int maxCount) {
    if (!has(field)) {
      throw ApiException.badField(field, "required");
    }
    JsonNode n = root.get(field);
    if (!n.isArray()) {
      throw ApiException.badField(field, "expected an array of numbers");
    }
    if (n.size() > maxCount) {
      throw ApiException.badField(field, "more than the limit of " + maxCount + " numbers");
    }
    float[] out = new float[n.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode e = n.get(i);
      if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
        throw ApiException.badField(field, "entry " + i + " is not a finite number");
      }
      out[i] = (float) e.asDouble();
    }
    return out;
  }

  String required(String field, int maxLength) {
    if (!has(field)) {
      throw ApiException.badField(field, "required");
    }
    return string(field, null, maxLength);
  }
}
