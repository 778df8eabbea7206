package dev.rnn4j.io;

import dev.rnn4j.tensor.Matrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a safetensors file that has been read and verified: its tensors in header order and its
 * metadata, including the writer's own {@code format}, {@code format_version} and {@code checksum} keys.
 *
 * <p>The lookups throw {@link CheckpointException} naming the file when a tensor or key is missing or has
 * another dtype or shape than the caller expects, since that is a checkpoint that does not fit the model.
 */
public final class SafeTensorsFile {
  private final Path file;
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();
  private final Map<String, String> metadata;

  SafeTensorsFile(Path file, List<Tensor> tensors, Map<String, String> metadata) {
    this.file = file;
    for (Tensor t : tensors) {
      this.tensors.put(t.name(), t);
    }
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** Every tensor, in the order of the file's header. */
  public List<Tensor> tensors() {
    return List.copyOf(tensors.values());
  }

  /** Every metadata pair, in the order of the file's header; unmodifiable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The metadata value of {@code key}; a missing key is an error naming it. */
  public String metadata(String key) throws CheckpointException {
    String v = metadata.get(key);
    if (v == null) {
      throw new CheckpointException(file, "checkpoint has no metadata '" + key + "'");
    }
    return v;
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** The tensor called {@code name}; a missing one is an error naming it. */
  public Tensor tensor(String name) throws CheckpointException {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new CheckpointException(file, "checkpoint has no tensor '" + name + "'");
    }
    return t;
  }

  /** A copy of the values of the F32 tensor {@code name}, whatever its shape. */
  public float[] floats(String name) throws CheckpointException {
    return checked(name, Tensor.DType.F32, null).floats();
  }

  /** A copy of the values of the F32 tensor {@code name}, which must have exactly this shape. */
  public float[] floats(String name, int... shape) throws CheckpointException {
    return checked(name, Tensor.DType.F32, shape).floats();
  }

  /** A copy of the values of the I64 tensor {@code name}, whatever its shape. */
  public long[] longs(String name) throws CheckpointException {
    return checked(name, Tensor.DType.I64, null).longs();
  }

  /** A copy of the values of the I64 tensor {@code name}, which must have exactly this shape. */
  public long[] longs(String name, int... shape) throws CheckpointException {
    return checked(name, Tensor.DType.I64, shape).longs();
  }

  /**
   * Copies the F32 tensor {@code name}, which must have exactly {@code shape}, into {@code target}, which
   * must have as many elements; e.g. a PyTorch-style bias of shape {@code [H]} into a {@code 1 x H} view.
   */
  public void copyTo(String name, int[] shape, Matrix target) throws CheckpointException {
    Tensor t = checked(name, Tensor.DType.F32, shape);
    if (t.size() != target.size()) {
      throw new IllegalArgumentException("tensor '" + name + "' has " + t.size() + " values, target "
          + target + " holds " + target.size());
    }
    target.copyFrom(t.floatData());
  }

  private Tensor checked(String name, Tensor.DType dtype, int[] shape) throws CheckpointException {
    Tensor t = tensor(name);
    if (t.dtype() != dtype) {
      throw new CheckpointException(file, "tensor '" + name + "' is " + t.dtype() + ", expected " + dtype);
    }
    if (shape != null && !Arrays.equals(shape, t.shape())) {
      throw new CheckpointException(file, "tensor '" + name + "' has shape " + Arrays.toString(t.shape())
          + ", expected " + Arrays.toString(shape));
    }
    return t;
  }

  @Override
  public String toString() {
    return "SafeTensorsFile[" + file + ", " + tensors.size() + " tensors]";
  }
}
