package dev.rnn4j.caption.train;

import dev.rnn4j.train.CheckpointFiles;
import java.nio.file.Path;

/**
 * Writes {@code last.safetensors} after every validation and {@code best.safetensors} whenever it
 * improves ({@link CheckpointFiles}); each write replaces the old file atomically.
 */
public final class CaptionCheckpointWriter implements CaptionTrainingListener {
  private final CheckpointFiles files;

  public CaptionCheckpointWriter(Path dir) {
    this.files = new CheckpointFiles(dir);
  }

  public Path last() {
    return files.last();
  }

  public Path best() {
    return files.best();
  }

  @Override
  public void onStart(CaptionTrainer trainer) {
    files.prepare();
  }

  @Override
  public void onValidation(CaptionTrainer trainer, CaptionValidationReport report) {
    files.save(report.improved(), file -> CaptionCheckpoint.save(file, trainer));
  }
}
