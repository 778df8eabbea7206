package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.train.CheckpointSchema;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.StopReason;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import dev.rnn4j.train.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * What the page's training view shows: the loss and validation curves, characters per second, time left
 * and the latest samples. Fed live by a run in the same process ({@code rnn4j train --serve}: it is a
 * {@link TrainingListener}), or read from a run directory's {@code last.safetensors} each time the run
 * rewrites it ({@code rnn4j serve RUN_DIR}).
 */
public final class TrainingFeed implements TrainingListener {
  /** Loss points kept: beyond, every other one is dropped, so a long run still draws its whole curve. */
  static final int MAX_POINTS = 4000;
  private static final int SAMPLES = 5;

  private final String name;
  private final Path runDirectory;
  private final List<double[]> losses = new ArrayList<>();
  private final List<double[]> validations = new ArrayList<>();
  private final Deque<Object[]> samples = new ArrayDeque<>();
  private int stride = 1;
  private long seen;
  private IterationReport last;
  private String status = "starting";
  private long version;
  private FileTime readAt;
  private String readError;
  /** The iteration of the run directory's last checkpoint (when following one). */
  private long following = -1;

  private TrainingFeed(String name, Path runDirectory) {
    this.name = name;
    this.runDirectory = runDirectory;
  }

  /** A feed for a run in this process; register it as one of the run's listeners. */
  public static TrainingFeed live(String name) {
    return new TrainingFeed(name, null);
  }

  /** A feed that follows a run directory by re-reading its {@code last.safetensors} when it changes. */
  public static TrainingFeed following(Path runDirectory) {
    return new TrainingFeed(runDirectory.getFileName().toString(), runDirectory);
  }

  @Override
  public synchronized void onStart(TrainingLoop loop) {
    status = "training";
    version++;
  }

  @Override
  public synchronized void onIteration(TrainingLoop loop, IterationReport r) {
    last = r;
    if (seen++ % stride == 0) {
      losses.add(new double[] {r.iteration(), r.loss(), r.smoothLoss()});
      if (losses.size() > MAX_POINTS) {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < losses.size(); i += 2) {
          kept.add(losses.get(i));
        }
        losses.clear();
        losses.addAll(kept);
        stride *= 2;
      }
    }
    version++;
  }

  @Override
  public synchronized void onValidation(TrainingLoop loop, ValidationReport r) {
    validations.add(new double[] {r.iteration(), r.loss()});
    version++;
  }

  @Override
  public synchronized void onEnd(TrainingLoop loop, StopReason reason) {
    status = "finished (" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
    version++;
  }

  /** A sample the run wrote at {@code iteration} (the latest few are kept). */
  public synchronized void sample(long iteration, String text) {
    samples.addFirst(new Object[] {iteration, text});
    while (samples.size() > SAMPLES) {
      samples.removeLast();
    }
    version++;
  }

  /** The curves and figures as the page reads them. */
  synchronized ObjectNode snapshot() {
    if (runDirectory != null) {
      refreshFromDisk();
    }
    ObjectNode n = RequestBody.JSON.createObjectNode();
    n.put("name", name);
    n.put("status", status);
    n.put("version", version);
    if (readError != null) {
      n.put("error", readError);
    }
    if (last == null && following >= 0) {
      n.put("iteration", following);
    }
    if (last != null) {
      n.put("iteration", last.iteration());
      n.put("epochs", last.epochsDone());
      n.put("chars_per_second", last.tokensPerSecond());
      n.put("elapsed_seconds", last.elapsedSeconds());
      ServedModel.putFinite(n, "remaining_seconds", last.remainingSeconds());
      n.put("learning_rate", last.learningRate());
    }
    ArrayNode loss = n.putArray("loss");
    for (double[] p : losses) {
      ArrayNode a = loss.addArray();
      for (double v : p) {
        ServedModel.putFiniteIn(a, v);
      }
    }
    ArrayNode val = n.putArray("validation");
    for (double[] p : validations) {
      val.addArray().add(p[0]).add(p[1]);
    }
    ArrayNode s = n.putArray("samples");
    for (Object[] x : samples) {
      s.addObject().put("iteration", (Long) x[0]).put("text", (String) x[1]);
    }
    return n;
  }

  /**
   * Re-reads the history in the header of {@code last.safetensors} when its time stamp moved (a run
   * renames a new file over it); the weights are not read.
   */
  private void refreshFromDisk() {
    Path file = runDirectory.resolve("last.safetensors");
    try {
      FileTime t = Files.getLastModifiedTime(file);
      if (t.equals(readAt)) {
        return;
      }
      Map<String, String> meta = SafeTensors.readRnn4jMetadata(file);
      boolean charModel = CheckpointSchema.KIND_CHAR_LM.equals(meta.get(CheckpointSchema.KIND));
      List<double[]> history = CheckpointSchema.readHistory(MetadataFields.of(file, meta), "4 numbers");
      losses.clear();
      validations.clear();
      for (double[] row : history) {
        // char-lm rows: iteration, loss, smoothed loss, validation; the other kinds: iteration, epochs,
        // validation loss, validation score
        if (charModel) {
          losses.add(new double[] {row[0], row[1], row[2]});
        }
        double v = charModel ? row[3] : row[2];
        if (Double.isFinite(v)) {
          validations.add(new double[] {row[0], v});
        }
      }
      following = history.isEmpty() ? 0 : (long) history.get(history.size() - 1)[0];
      status = "following " + file.getFileName() + " (written at iteration " + following + ")";
      readAt = t;
      readError = null;
      version++;
    } catch (IOException | RuntimeException e) {
      readError = "cannot read " + file.getFileName() + " yet: " + e.getMessage();
    }
  }

}
