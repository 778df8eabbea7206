package dev.rnn4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code last.safetensors} after every validation and at the end, and {@code best.safetensors}
 * whenever validation improves. Each write replaces the old file atomically.
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

  @Override
  public void onStart(Trainer trainer) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new UncheckedIOException(new IOException("output directory " + dir + " is not writable"));
    }
  }

  @Override
  public void onValidation(Trainer trainer, ValidationReport report) {
    save(last(), trainer);
    if (report.improved()) {
      save(best(), trainer);
    }
  }

  private void save(Path file, Trainer trainer) {
    try {
      Checkpoint.save(file, trainer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }
}
