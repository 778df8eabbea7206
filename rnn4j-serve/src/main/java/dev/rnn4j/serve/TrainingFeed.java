package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        if (Double.isFinite(v)) {
          a.add(v);
        } else {
          a.addNull();
        }
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

  /** Re-reads {@code last.safetensors} when its time stamp moved (a run renames a new file over it). */
  private void refreshFromDisk() {
    Path file = runDirectory.resolve("last.safetensors");
    try {
      FileTime t = Files.getLastModifiedTime(file);
      if (t.equals(readAt)) {
        return;
      }
      ServedModel m = ModelCatalog.open("last", file);
      ObjectNode d = m.describe();
      losses.clear();
      validations.clear();
      for (var row : d.withArray("history")) {
        double it = row.get(0).asDouble();
        double v = row.size() > 3 && !row.get(3).isNull() ? row.get(3).asDouble() : Double.NaN;
        if (d.get("kind").asText().equals("char-lm")) {
          losses.add(new double[] {it, value(row, 1), value(row, 2)});
          if (Double.isFinite(v)) {
            validations.add(new double[] {it, v});
          }
        } else {
          double devLoss = value(row, 2);
          if (Double.isFinite(devLoss)) {
            validations.add(new double[] {it, devLoss});
          }
        }
      }
      status = "following " + file.getFileName() + " (" + d.path("iteration").asLong() + " iterations)";
      readAt = t;
      readError = null;
      version++;
    } catch (IOException | RuntimeException e) {
      readError = "cannot read " + file.getFileName() + " yet: " + e.getMessage();
    }
  }

  private static double value(com.fasterxml.jackson.databind.JsonNode row, int i) {
    return row.size() > i && !row.get(i).isNull() ? row.get(i).asDouble() : Double.NaN;
  }
}
