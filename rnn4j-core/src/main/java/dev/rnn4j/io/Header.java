package dev.rnn4j.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: encoded for the writer, parsed and checked for the reader.
 * The layout of the whole file is described in {@link SafeTensors}.
 */
final class Header {
  static final String METADATA = "__metadata__";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One tensor as the header describes it; offsets are relative to the start of the data section. */
  record Entry(String name, Tensor.DType dtype, int[] shape, int size, long begin, long end) {}

  final List<Entry> entries;
  final Map<String, String> metadata;
  /** Bytes the data section must hold: the end of the last tensor. */
  final long dataLength;

  private Header(List<Entry> entries, Map<String, String> metadata, long dataLength) {
    this.entries = entries;
    this.metadata = metadata;
    this.dataLength = dataLength;
  }

  /** The header for tensors laid out contiguously in list order, padded with spaces to a multiple of 8. */
  static byte[] encode(List<Tensor> tensors, Map<String, String> metadata) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode meta = root.putObject(METADATA);
    metadata.forEach(meta::put);
    long offset = 0;
    for (Tensor t : tensors) {
      ObjectNode e = root.putObject(t.name());
      e.put("dtype", t.dtype().name());
      ArrayNode shape = e.putArray("shape");
      for (int d : t.shape()) {
        shape.add(d);
      }
      e.putArray("data_offsets").add(offset).add(offset + t.byteSize());
      offset += t.byteSize();
    }
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a JSON tree", e);
    }
    // Padding keeps the data section 8-byte aligned, so readers that map the file can view it in place.
    byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
    Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    return padded;
  }

  /** Parses and checks a header: known dtypes, sizes that match shapes, offsets that tile the data. */
  static Header parse(Path file, byte[] bytes) throws CheckpointException {
    JsonNode root;
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      root = JSON.readTree(text);
    } catch (CharacterCodingException e) {
      throw new CheckpointException(file, "not a safetensors file: header is not UTF-8", e);
    } catch (JsonProcessingException e) {
      throw new CheckpointException(file, "not a safetensors file: header is not valid JSON ("
          + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw bad(file, "header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(METADATA)) {
        parseMetadata(file, field.getValue(), metadata);
      } else {
        entries.add(parseEntry(file, field.getKey(), field.getValue()));
      }
    }
    long dataLength = checkTiling(file, entries);
    return new Header(Collections.unmodifiableList(entries), Collections.unmodifiableMap(metadata), dataLength);
  }

  private static void parseMetadata(Path file, JsonNode node, Map<String, String> into) throws CheckpointException {
    if (!node.isObject()) {
      throw bad(file, METADATA + " is not an object");
    }
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      if (!f.getValue().isTextual()) {
        throw bad(file, METADATA + " value of '" + f.getKey() + "' is not a string");
      }
      into.put(f.getKey(), f.getValue().textValue());
    }
  }

  private static Entry parseEntry(Path file, String name, JsonNode node) throws CheckpointException {
    String where = "tensor '" + name + "'";
    if (!node.isObject()) {
      throw bad(file, where + " is not an object");
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw bad(file, where + " has no dtype");
    }
    Tensor.DType dtype;
    try {
      dtype = Tensor.DType.valueOf(dtypeNode.textValue());
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, where + " has unsupported dtype " + dtypeNode.textValue()
          + " (supported: " + Arrays.toString(Tensor.DType.values()) + ")");
    }
    long[] dims = longs(file, node.get("shape"), -1, where + " shape");
    int[] shape = new int[dims.length];
    long size = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > Integer.MAX_VALUE) {
        throw bad(file, where + " has a dimension too large: " + dims[i]);
      }
      shape[i] = (int) dims[i];
      size = Math.min(size * shape[i], (long) Integer.MAX_VALUE + 1);
    }
    if (size > Integer.MAX_VALUE) {
      throw bad(file, where + " has more than " + Integer.MAX_VALUE + " elements");
    }
    long[] offsets = longs(file, node.get("data_offsets"), 2, where + " data_offsets");
    if (offsets[1] < offsets[0]) {
      throw bad(file, where + " data_offsets end before they begin: " + Arrays.toString(offsets));
    }
    long bytes = size * dtype.bytes();
    if (offsets[1] - offsets[0] != bytes) {
      throw bad(file, where + " has " + (offsets[1] - offsets[0]) + " bytes of data but shape "
          + Arrays.toString(shape) + " of " + dtype + " needs " + bytes);
    }
    return new Entry(name, dtype, shape, (int) size, offsets[0], offsets[1]);
  }

  /** Non-negative integers of a JSON array, of the given length unless it is -1. */
  private static long[] longs(Path file, JsonNode node, int length, String what) throws CheckpointException {
    if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
      throw bad(file, what + (length >= 0 ? " is not an array of " + length + " integers" : " is not an array"));
    }
    long[] values = new long[node.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw bad(file, what + " holds " + v + ", not a non-negative integer");
      }
      values[i] = v.longValue();
    }
    return values;
  }

  /** Offsets must cover [0, end) exactly once, as every safetensors reader requires; returns end. */
  private static long checkTiling(Path file, List<Entry> entries) throws CheckpointException {
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long end = 0;
    Entry previous = null;
    for (Entry e : byOffset) {
      if (e.begin() < end) {
        throw bad(file, "data of tensors '" + previous.name() + "' and '" + e.name() + "' overlap");
      }
      if (e.begin() > end) {
        throw bad(file, "data_offsets leave a gap of " + (e.begin() - end) + " bytes before tensor '"
            + e.name() + "'");
      }
      end = e.end();
      previous = e;
    }
    return end;
  }

  private static CheckpointException bad(Path file, String problem) {
    return new CheckpointException(file, "invalid safetensors header: " + problem);
  }
}
