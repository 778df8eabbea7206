package dev.rnn4j.caption.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.text.Tokenizer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes scenes and their {@code dataset.json}; see {@link SceneGenerator#write}. */
final class SceneFiles {
  static final String CAPTIONS = "dataset.json";

  private SceneFiles() {}

  static Path write(Path dir, int count, long seed) throws IOException {
    if (count < 1) {
      throw new IllegalArgumentException("scene count must be positive, got " + count);
    }
    prepare(dir);
    SceneGenerator gen = new SceneGenerator(seed);
    int test = count / 10;
    int val = count / 10;
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("dataset", "rnn4j-scenes");
    root.put("seed", seed);
    ArrayNode images = root.putArray("images");
    for (int i = 0; i < count; i++) {
      SceneGenerator.Scene scene = gen.next();
      String name = String.format(Locale.ROOT, "scene-%05d.png", i);
      if (!ImageIO.write(scene.image(), "png", dir.resolve(name).toFile())) {
        throw new IOException(dir + ": no PNG writer available");
      }
      ObjectNode img = images.addObject();
      img.put("filename", name);
      img.put("imgid", i);
      img.put("split", i >= count - test ? "test" : i >= count - test - val ? "val" : "train");
      ArrayNode sentences = img.putArray("sentences");
      for (String s : scene.alternatives()) {
        ObjectNode sentence = sentences.addObject();
        sentence.put("raw", s);
        ArrayNode tokens = sentence.putArray("tokens");
        Tokenizer.tokenize(s).forEach(tokens::add);
      }
    }
    Path target = dir.resolve(CAPTIONS);
    Path tmp = Files.createTempFile(dir, "." + CAPTIONS, ".tmp");
    try {
      json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  /** Creates {@code dir}, or checks it is an empty directory: scenes never overwrite other files. */
  private static void prepare(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IOException(dir + ": exists and is not a directory");
      }
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(dir + ": directory is not empty; scenes go to a new or empty directory");
        }
      }
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (AccessDeniedException e) {
      throw new IOException(dir + ": cannot create directory (permission denied)", e);
    } catch (IOException e) {
      throw new IOException(dir + ": cannot create directory (" + e.getMessage() + ")", e);
    }
  }
}
