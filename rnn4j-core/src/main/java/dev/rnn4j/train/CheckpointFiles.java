package dev.rnn4j.train;

import dev.rnn4j.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two checkpoints a run keeps in its output directory: {@code last.safetensors}, replaced after every
 * validation, and {@code best.safetensors}, replaced whenever validation improves. Shared by every
 * trainer's checkpoint listener (character models, captioning); what goes into a file is the caller's.
 */
public final class CheckpointFiles {
  /** Writes one checkpoint file (atomically, as every checkpoint format here does). */
  public interface Writer {
    void write(Path file) throws IOException;
  }

  private final Path dir;

  public CheckpointFiles(Path dir) {
    this.dir = dir;
  }

  public Path last() {
    return dir.resolve("last.safetensors");
  }

  public Path best() {
    return dir.resolve("best.safetensors");
  }

  /**
   * Creates the directory if needed and checks that it can be written, before any training is spent; removes
   * the temporary files a killed run left beside {@code last} and {@code best}.
   */
  public void prepare() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new UncheckedIOException(new IOException("output directory " + dir + " is not writable"));
    }
    try {
      AtomicFile.removeLeftovers(last());
      AtomicFile.removeLeftovers(best());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** Writes {@link #last()}, and {@link #best()} too when this validation improved on the best so far. */
  public void save(boolean improved, Writer writer) {
    write(last(), writer);
    if (improved) {
      write(best(), writer);
    }
  }

  private static void write(Path file, Writer writer) {
    try {
      writer.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }
}
