package dev.rnn4j.serve;

import dev.rnn4j.caption.train.CaptionCheckpoint;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import dev.rnn4j.seq.translate.TranslationCheckpoint;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.CheckpointSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The checkpoints given at start, each loaded once with the reader of its kind. A directory contributes
 * every {@code .safetensors} file in it and in its subdirectories (a runs folder: {@code run/best}). Ids are
 * the paths below the given directory without the extension, {@code /} written {@code .}: they name a
 * loaded model, never a file (no request ever reaches the file system).
 */
public final class ModelCatalog {
  /** How often, at most, the files are looked at for a newer checkpoint. */
  static final long RECHECK_NANOS = 1_000_000_000L;

  private final Map<String, ServedModel> models;
  /** Ids in the order the models were given. */
  private final List<String> order;
  /** Where each model loaded from a file came from, and that file's time stamp when it was read. */
  private final Map<String, Path> files = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, java.nio.file.attribute.FileTime> stamps = new java.util.concurrent.ConcurrentHashMap<>();
  private long checkedAt = System.nanoTime();

  private ModelCatalog(Map<String, ServedModel> models) {
    this.models = new java.util.concurrent.ConcurrentHashMap<>(models);
    this.order = new ArrayList<>(models.keySet());
  }

  /**
   * Loads every checkpoint under {@code paths}. A path that is missing, or a directory without any
   * checkpoint, or a file that is not an rnn4j checkpoint of a known kind, is an error naming it.
   */
  public static ModelCatalog load(List<Path> paths) throws IOException {
    Map<String, ServedModel> models = new LinkedHashMap<>();
    for (Path root : paths) {
      if (Files.isDirectory(root)) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root, 3)) {
          files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(p))
              .sorted().toList();
        }
        if (files.isEmpty()) {
          throw new IllegalArgumentException(root + ": no .safetensors checkpoints in this directory");
        }
        for (Path f : files) {
          String rel = root.relativize(f).toString().replace('\\', '/');
          add(models, idOf(rel), f);
        }
      } else if (Files.exists(root)) {
        add(models, idOf(root.getFileName().toString()), root);
      } else {
        throw new IllegalArgumentException(root + ": no such file or directory");
      }
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no checkpoints to serve");
    }
    ModelCatalog catalog = new ModelCatalog(models);
    for (ServedModel m : models.values()) {
      catalog.files.put(m.id(), m.file());
      catalog.stamps.put(m.id(), Files.getLastModifiedTime(m.file()));
    }
    return catalog;
  }

  /**
   * Reloads a checkpoint that a run has rewritten since it was read (a run directory's {@code last} and
   * {@code best}), at most once a second; one that cannot be read now keeps its model. Generations in
   * flight finish on the model they started with.
   */
  synchronized void refresh() {
    if (System.nanoTime() - checkedAt < RECHECK_NANOS) {
      return;
    }
    checkedAt = System.nanoTime();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      try {
        java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(e.getValue());
        if (!t.equals(stamps.get(e.getKey()))) {
          models.put(e.getKey(), open(e.getKey(), e.getValue()));
          stamps.put(e.getKey(), t);
        }
      } catch (IOException | RuntimeException unreadable) {
        // mid-rename or gone: keep serving what was loaded
      }
    }
  }

  /**
   * A catalog of one character model training in this process, served as {@code id} while it learns
   * (sampling reads the weights between updates without stopping the run).
   */
  public static ModelCatalog live(String id, dev.rnn4j.model.LanguageModel model, dev.rnn4j.text.Vocabulary vocabulary) {
    Map<String, ServedModel> models = new LinkedHashMap<>();
    models.put(id, new ServedCharModel(id, model, vocabulary));
    return new ModelCatalog(models);
  }

  static String idOf(String relativePath) {
    String s = relativePath.endsWith(".safetensors")
        ? relativePath.substring(0, relativePath.length() - ".safetensors".length()) : relativePath;
    return s.replace('/', '.').replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void add(Map<String, ServedModel> models, String id, Path file) throws IOException {
    String unique = id;
    for (int i = 2; models.containsKey(unique); i++) {
      unique = id + "-" + i;
    }
    models.put(unique, open(unique, file));
  }

  /** Reads the kind from the header, then the whole checkpoint with its own reader. */
  static ServedModel open(String id, Path file) throws IOException {
    Map<String, String> meta = SafeTensors.readRnn4jMetadata(file);
    String kind = meta.getOrDefault(CheckpointSchema.KIND, "");
    switch (kind) {
      case CheckpointSchema.KIND_CHAR_LM:
        return new ServedCharModel(id, Checkpoint.load(file));
      case "caption":
        return new ServedCaptioner(id, CaptionCheckpoint.load(file));
      case "classify":
        return new ServedSeqModel(id, SeqCheckpoint.load(file, SeqKind.CLASSIFIER), SeqKind.CLASSIFIER);
      case "tag":
        return new ServedSeqModel(id, SeqCheckpoint.load(file, SeqKind.TAGGER), SeqKind.TAGGER);
      case TranslationCheckpoint.KIND:
        return new ServedTranslator(id, TranslationCheckpoint.load(file));
      default:
        throw new CheckpointException(file, "is a '" + kind + "' checkpoint, which the server cannot serve");
    }
  }

  ServedModel get(String id) {
    refresh();
    ServedModel m = models.get(id);
    if (m == null) {
      throw ApiException.notFound("no model '" + id + "' (GET /v1/models lists them)");
    }
    return m;
  }

  ServedCharModel charModel(String id) {
    ServedModel m = get(id);
    if (!(m instanceof ServedCharModel c)) {
      throw new ApiException(400, null, "model " + id + " is a '" + m.kind()
          + "' model; POST /v1/models/" + id + "/predict");
    }
    return c;
  }

  /** Every model, in the order they were given. */
  Collection<ServedModel> all() {
    refresh();
    List<ServedModel> out = new ArrayList<>();
    for (String id : order) {
      out.add(models.get(id));
    }
    return out;
  }

  /** Ids in order. */
  public List<String> ids() {
    return List.copyOf(order);
  }
}
