package dev.rnn4j.train;

import dev.rnn4j.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkpoints a run keeps in its output directory, for every model kind: {@code last.safetensors},
 * replaced after every validation, and {@code best.safetensors}, replaced whenever validation improves.
 * Each write replaces the old file atomically; what goes into a file is the task's
 * ({@link TrainingTask#writeCheckpoint}).
 */
public final class CheckpointWriter implements TrainingListener {
  private final Path dir;

  public CheckpointWriter(Path dir) {
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
  @Override
  public void onStart(TrainingLoop loop) {
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

  @Override
  public void onValidation(TrainingLoop loop, ValidationReport report) {
    write(last(), loop);
    if (report.improved()) {
      write(best(), loop);
    }
  }

  private static void write(Path file, TrainingLoop loop) {
    try {
      loop.writeCheckpoint(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }
}
