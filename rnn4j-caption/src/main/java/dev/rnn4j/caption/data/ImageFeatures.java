package dev.rnn4j.caption.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One feature vector per image, all of the same width, looked up by the image's name (e.g. a CNN's 4096
 * fc7 activations for {@code 1000268201_693b08cb0e.jpg}). Immutable.
 *
 * <p>Files, chosen by extension in {@link #read}:
 * <ul>
 *   <li>{@code .tsv}: one line per image, {@code name<TAB>f1<TAB>f2...} (values separated by tabs or
 *       spaces);
 *   <li>{@code .npy}: a float32 or float64 array {@code [N, D]}, with the names one per line in the sibling
 *       {@code <stem>.names.txt}, or else {@code tasks.txt} (neuraltalk's example layout);
 *   <li>{@code .safetensors}: an F32 tensor {@code features [N, D]} and the metadata key {@code names}, a
 *       JSON array of N strings; {@link #write} writes this form.
 * </ul>
 * Rows of another width, non-finite values, duplicate names and unparsable numbers are refused with a
 * one-line message that names the file and line (or row).
 */
public final class ImageFeatures {
  /** Tensor name of the matrix in a safetensors features file. */
  public static final String TENSOR = "features";
  /** Metadata key of the names in a safetensors features file. */
  public static final String NAMES_KEY = "names";

  private final List<String> names;
  private final Map<String, Integer> rows = new HashMap<>();
  private final float[] data;
  private final int width;

  /** Takes ownership of {@code data} ({@code names.size() x width}, row-major). */
  ImageFeatures(List<String> names, float[] data, int width, String source) {
    this.names = List.copyOf(names);
    this.data = data;
    this.width = width;
    for (int i = 0; i < this.names.size(); i++) {
      Integer before = rows.put(this.names.get(i), i);
      if (before != null) {
        throw new IllegalArgumentException(source + ": image '" + this.names.get(i) + "' has two feature vectors"
            + " (rows " + (before + 1) + " and " + (i + 1) + ")");
      }
    }
  }

  /** Features of the given images, row i for name i; every vector must have the same width. */
  public static ImageFeatures of(List<String> names, float[][] vectors) {
    if (names.size() != vectors.length) {
      throw new IllegalArgumentException(names.size() + " names for " + vectors.length + " feature vectors");
    }
    int width = vectors.length == 0 ? 0 : vectors[0].length;
    float[] data = new float[Math.multiplyExact(vectors.length, width)];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != width) {
        throw new IllegalArgumentException("feature vector of '" + names.get(i) + "' has " + vectors[i].length
            + " values, the first has " + width);
      }
      System.arraycopy(vectors[i], 0, data, i * width, width);
    }
    return new ImageFeatures(names, data, width, "features");
  }

  /**
   * Reads a {@code .tsv}, {@code .npy} or {@code .safetensors} features file (see the class comment).
   *
   * @throws IOException when the file is missing, of another extension, or malformed; the message is one
   *     line naming the file
   */
  public static ImageFeatures read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".tsv")) {
      return FeatureTsv.read(file);
    }
    if (name.endsWith(".npy")) {
      return Npy.readFeatures(file);
    }
    if (name.endsWith(".safetensors")) {
      return readSafeTensors(file);
    }
    throw new IOException(file + ": unknown features format (expected .tsv, .npy or .safetensors)");
  }

  /** Writes the features as {@code .safetensors} (see the class comment), replacing {@code file} atomically. */
  public void write(Path file) throws IOException {
    String json;
    try {
      json = new ObjectMapper().writeValueAsString(names);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write image names", e);
    }
    SafeTensors.write(file, List.of(Tensor.f32(TENSOR, new int[] {count(), width}, data)),
        Map.of(NAMES_KEY, json));
  }

  private static ImageFeatures readSafeTensors(Path file) throws IOException {
    var st = SafeTensors.read(file);
    if (!st.has(TENSOR)) {
      throw new IOException(file + ": no tensor '" + TENSOR + "' (expected image features [N, D])");
    }
    Tensor t = st.tensor(TENSOR);
    int[] shape = t.shape();
    if (t.dtype() != Tensor.DType.F32 || shape.length != 2) {
      throw new IOException(file + ": tensor '" + TENSOR + "' is " + t.dtype() + " " + java.util.Arrays.toString(shape)
          + ", expected F32 [N, D]");
    }
    String json = st.metadata().get(NAMES_KEY);
    if (json == null) {
      throw new IOException(file + ": no metadata '" + NAMES_KEY + "' (a JSON array of image names)");
    }
    String[] names;
    try {
      names = new ObjectMapper().readValue(json, String[].class);
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": metadata '" + NAMES_KEY + "' is not a JSON array of strings", e);
    }
    if (names == null || names.length != shape[0]) {
      throw new IOException(file + ": " + (names == null ? 0 : names.length) + " names for " + shape[0]
          + " feature vectors");
    }
    float[] data = t.floats();
    checkFinite(file, data, shape[1], names);
    return create(file, List.of(names), data, shape[1]);
  }

  /** Features from a reader, turning a duplicate name into an error about the file. */
  static ImageFeatures create(Path file, List<String> names, float[] data, int width) throws IOException {
    try {
      return new ImageFeatures(names, data, width, file.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static void checkFinite(Path file, float[] data, int width, String[] names) throws IOException {
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new IOException(file + ": feature " + (i % width) + " of '" + names[i / width] + "' is " + data[i]);
      }
    }
  }

  /** Values per vector. */
  public int width() {
    return width;
  }

  /** Number of images. */
  public int count() {
    return names.size();
  }

  /** A copy of the vector of {@code name}, or {@code null} when it has none. */
  public float[] get(String name) {
    Integer row = rows.get(name);
    if (row == null) {
      return null;
    }
    float[] v = new float[width];
    System.arraycopy(data, row * width, v, 0, width);
    return v;
  }

  /** Whether {@code name} has a vector. */
  public boolean contains(String name) {
    return rows.containsKey(name);
  }

  /** The image names, in file order. */
  public List<String> names() {
    return names;
  }

  /**
   * Which of {@code images} have a vector: captions of images without one cannot be trained or scored,
   * which the caller reports and skips (not an error).
   */
  public MatchReport match(Collection<String> images) {
    List<String> missing = new ArrayList<>();
    int matched = 0;
    for (String image : images) {
      if (rows.containsKey(image)) {
        matched++;
      } else {
        missing.add(image);
      }
    }
    return new MatchReport(matched, Collections.unmodifiableList(missing));
  }

  /**
   * Refuses features of another width than a model expects.
   *
   * @throws IllegalArgumentException naming both widths
   */
  public void requireWidth(int expected) {
    if (width != expected) {
      throw new IllegalArgumentException("image features have width " + width + ", the model expects " + expected);
    }
  }

  @Override
  public String toString() {
    return "ImageFeatures[" + count() + " x " + width + "]";
  }
}
