package dev.rnn4j.caption.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads Karpathy's {@code dataset.json}; see {@link CaptionSet#readKarpathyJson}. */
final class KarpathyJsonReader {
  private KarpathyJsonReader() {}

  static CaptionSet read(Path file) throws IOException {
    JsonNode root;
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not a dataset.json file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    }
    try {
      root = new ObjectMapper().readTree(bytes);
    } catch (JacksonException e) {
      throw new IOException(file + ": not valid JSON (" + firstLine(e.getOriginalMessage()) + " at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
    }
    JsonNode images = root == null ? null : root.get("images");
    if (images == null || !images.isArray()) {
      throw new IOException(file + ": not a Karpathy dataset.json (no \"images\" array)");
    }
    Map<Subset, List<Caption>> captions = new EnumMap<>(Subset.class);
    int empty = 0;
    for (int i = 0; i < images.size(); i++) {
      JsonNode img = images.get(i);
      String name = text(file, i, img, "filename");
      Subset subset = subset(file, i, name, text(file, i, img, "split"));
      JsonNode sentences = img.get("sentences");
      if (sentences == null || !sentences.isArray()) {
        throw new IOException(file + ": image " + i + " (" + name + ") has no \"sentences\" array");
      }
      for (int j = 0; j < sentences.size(); j++) {
        List<String> tokens = tokens(file, i, name, j, sentences.get(j));
        if (tokens.isEmpty()) {
          empty++;
        } else {
          captions.computeIfAbsent(subset, k -> new ArrayList<>()).add(new Caption(name, tokens));
        }
      }
    }
    return new CaptionSet(captions, empty, Set.of());
  }

  private static List<String> tokens(Path file, int i, String name, int j, JsonNode sentence) throws IOException {
    JsonNode tokens = sentence.get("tokens");
    List<String> words = new ArrayList<>();
    if (tokens != null && tokens.isArray()) {
      for (JsonNode t : tokens) {
        if (!t.isTextual()) {
          throw new IOException(file + ": image " + i + " (" + name + ") sentence " + j + ": token " + t
              + " is not a string");
        }
        words.addAll(Tokenizer.tokenize(t.asText()));
      }
      return words;
    }
    JsonNode raw = sentence.get("raw");
    if (raw == null || !raw.isTextual()) {
      throw new IOException(file + ": image " + i + " (" + name + ") sentence " + j
          + " has neither \"tokens\" nor \"raw\"");
    }
    return Tokenizer.tokenize(raw.asText());
  }

  private static String text(Path file, int i, JsonNode img, String field) throws IOException {
    JsonNode v = img == null ? null : img.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IOException(file + ": image " + i + " has no \"" + field + "\" string");
    }
    return v.asText();
  }

  private static Subset subset(Path file, int i, String name, String split) throws IOException {
    return switch (split) {
      case "train", "restval" -> Subset.TRAIN;
      case "val" -> Subset.VAL;
      case "test" -> Subset.TEST;
      default -> throw new IOException(file + ": image " + i + " (" + name + ") has split '" + split
          + "' (expected train, restval, val or test)");
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
