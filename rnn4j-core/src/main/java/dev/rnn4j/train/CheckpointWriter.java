package dev.rnn4j.train;

import java.nio.file.Path;

/**
 * Writes {@code last.safetensors} after every validation and {@code best.safetensors} whenever validation
 * improves ({@link CheckpointFiles}). Each write replaces the old file atomically.
 */
public final class CheckpointWriter implements TrainingListener {
  private final CheckpointFiles files;

  public CheckpointWriter(Path dir) {
    this.files = new CheckpointFiles(dir);
  }

  public Path last() {
    return files.last();
  }

  public Path best() {
    return files.best();
  }

  @Override
  public void onStart(Trainer trainer) {
    files.prepare();
  }

  @Override
  public void onValidation(Trainer trainer, ValidationReport report) {
    files.save(report.improved(), file -> Checkpoint.save(file, trainer));
  }
}
