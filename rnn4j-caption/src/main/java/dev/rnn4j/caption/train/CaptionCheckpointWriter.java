package dev.rnn4j.caption.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code last.safetensors} after every validation and {@code best.safetensors} whenever it
 * improves; each write replaces the old file atomically.
 */
public final class CaptionCheckpointWriter implements CaptionTrainingListener {
  private final Path dir;

  public CaptionCheckpointWriter(Path dir) {
    this.dir = dir;
  }

  public Path last() {
    return dir.resolve("last.safetensors");
  }

  public Path best() {
    return dir.resolve("best.safetensors");
  }

  @Override
  public void onStart(CaptionTrainer trainer) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir)) {
      throw new UncheckedIOException(new IOException("output directory " + dir + " is not writable"));
    }
  }

  @Override
  public void onValidation(CaptionTrainer trainer, CaptionValidationReport report) {
    save(last(), trainer);
    if (report.improved()) {
      save(best(), trainer);
    }
  }

  private void save(Path file, CaptionTrainer trainer) {
    try {
      CaptionCheckpoint.save(file, trainer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }
}
