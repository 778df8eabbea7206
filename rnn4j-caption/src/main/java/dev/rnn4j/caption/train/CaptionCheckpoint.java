package dev.rnn4j.caption.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.FeatureNormalization;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.train.CheckpointTensors;
import dev.rnn4j.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A captioning model and everything needed to continue its training exactly, in one safetensors file
 * (the conventions of the core's {@code dev.rnn4j.train.Checkpoint}; the file layer adds a CRC-32C of the
 * data and writes atomically).
 *
 * <p>Tensors: every parameter under its PyTorch-style name, the optimizer's state
 * ({@code optimizer.adam.m}, ...), the feature standardisation when there is one ({@code features.mean},
 * {@code features.scale}, F each), {@code rng.shuffle} (the shuffling generator before it drew the current
 * epoch's order) and {@code rng.dropout} (I64, 4 each). Metadata (JSON strings): {@code rnn4j.caption.model}
 * ({@link CaptionConfig}), {@code rnn4j.caption.training} ({@link CaptionTrainingConfig}),
 * {@code rnn4j.vocabulary} (the word vocabulary, as the caller serialised it), {@code rnn4j.caption.position}
 * and {@code rnn4j.caption.history}.
 */
public final class CaptionCheckpoint {
  static final String MODEL = "rnn4j.caption.model";
  static final String TRAINING = "rnn4j.caption.training";
  static final String VOCABULARY = "rnn4j.vocabulary";
  static final String POSITION = "rnn4j.caption.position";
  static final String HISTORY = "rnn4j.caption.history";
  static final String FEATURE_MEAN = "features.mean";
  static final String FEATURE_SCALE = "features.scale";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final SafeTensorsFile data;
  private final CaptionModel model;
  private final String vocabulary;
  private final CaptionTrainingConfig training;
  private final Position position;
  private final List<double[]> history;

  /** Where training stood: updates, epochs, captions consumed in this epoch, and the best value. */
  record Position(long iteration, int epoch, int position, int trainSize, double best, String scoreName,
                  long optimizerSteps) {}

  private CaptionCheckpoint(Path file, SafeTensorsFile data, CaptionModel model, String vocabulary,
                            CaptionTrainingConfig training, Position position, List<double[]> history) {
    this.file = file;
    this.data = data;
    this.model = model;
    this.vocabulary = vocabulary;
    this.training = training;
    this.position = position;
    this.history = history;
  }

  /** Writes a run: the task's model and position, the loop's state and the optimizer's moments. */
  static void write(Path file, CaptionTask task, TrainingState loop, Optimizer opt) throws IOException {
    CaptionModel model = task.model();
    CaptionPosition at = task.position();
    List<Tensor> tensors = new ArrayList<>();
    CheckpointTensors.addWeights(tensors, model.parameters());
    CheckpointTensors.addOptimizer(tensors, opt);
    FeatureNormalization norm = model.featureNormalization();
    if (norm.active()) {
      int f = model.config().featureWidth();
      tensors.add(Tensor.f32(FEATURE_MEAN, new int[] {f}, norm.mean()));
      tensors.add(Tensor.f32(FEATURE_SCALE, new int[] {f}, norm.scale()));
    }
    tensors.add(Tensor.i64("rng.shuffle", at.epochStart()));
    tensors.add(Tensor.i64("rng.dropout", at.dropoutRng()));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(MODEL, json(model.config()));
    meta.put(TRAINING, json(task.config()));
    meta.put(VOCABULARY, task.vocabulary());
    meta.put(POSITION, json(new Position(loop.iteration(), at.epoch(), at.position(), at.trainSize(),
        CaptionTrainer.bestAsReported(loop.best(), task.scoreName()), task.scoreName(), loop.optimizerSteps())));
    meta.put(HISTORY, json(loop.history()));
    SafeTensors.write(file, tensors, meta);
  }

  /**
   * Reads a checkpoint and rebuilds its model. A missing, truncated, corrupted or foreign file (a character
   * model's included) is refused with a {@link CheckpointException} that names the file.
   */
  public static CaptionCheckpoint load(Path file) throws IOException {
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    if (!f.metadata().containsKey(MODEL)) {
      throw new CheckpointException(file, f.metadata().containsKey("rnn4j.model")
          ? "is a character-model checkpoint, not a captioning one" : "not a captioning checkpoint (no " + MODEL + ")");
    }
    try {
      CaptionConfig config = JSON.readValue(f.metadata(MODEL), CaptionConfig.class);
      CaptionTrainingConfig training = JSON.readValue(f.metadata(TRAINING), CaptionTrainingConfig.class);
      Position position = JSON.readValue(f.metadata(POSITION), Position.class);
      double[][] rows = JSON.readValue(f.metadata(HISTORY), double[][].class);
      CaptionModel model = new CaptionModel(config);
      CheckpointTensors.readWeights(f, model.parameters());
      if (f.has(FEATURE_MEAN)) {
        int w = config.featureWidth();
        model.featureNormalization().set(f.floats(FEATURE_MEAN, w), f.floats(FEATURE_SCALE, w));
      }
      return new CaptionCheckpoint(file, f, model, f.metadata(VOCABULARY), training, position,
          new ArrayList<>(List.of(rows)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CheckpointException(file, "unreadable captioning metadata: " + firstLine(e.getMessage()));
    }
  }

  /** Refuses another optimizer or batch than the saved run's: it would not continue exactly. */
  void checkResumable(Optimizer opt, CaptionTrainingConfig config) {
    CheckpointTensors.checkOptimizer(opt, training.optimizer().label());
    if (config.batch() != training.batch()) {
      throw new IllegalArgumentException("resume with the checkpoint's batch " + training.batch()
          + " to continue exactly, not " + config.batch());
    }
  }

  /** Where the saved run stood in its data. */
  CaptionPosition position() throws CheckpointException {
    return new CaptionPosition(position.epoch(), position.position(), position.trainSize(),
        data.longs("rng.shuffle", 4), data.longs("rng.dropout", 4));
  }

  void readOptimizer(Optimizer opt) throws CheckpointException {
    CheckpointTensors.readOptimizer(data, opt, position.optimizerSteps());
  }

  /**
   * The loop's part of the saved run. The file keeps no smoothed loss (it restarts from
   * {@code initialLoss}), and keeps the best as perplexity where the loop keeps nats.
   */
  TrainingState trainingState(double initialLoss) {
    double best = position.scoreName() != null ? position.best() : Math.log(position.best());
    return new TrainingState(position.iteration(), initialLoss, best, position.optimizerSteps(), history);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public Path file() {
    return file;
  }

  /** The model, with its trained weights. */
  public CaptionModel model() {
    return model;
  }

  /** The word vocabulary as the training run serialised it. */
  public String vocabulary() {
    return vocabulary;
  }

  public CaptionTrainingConfig trainingConfig() {
    return training;
  }

  public long iteration() {
    return position.iteration();
  }

  public int epoch() {
    return position.epoch();
  }

  /** The best validation value (the score named by {@link #scoreName}, or perplexity when that is null). */
  public double best() {
    return position.best();
  }

  public String scoreName() {
    return position.scoreName();
  }

  /** Rows of {iteration, epochs done, validation perplexity, score}. */
  public List<double[]> history() {
    return history;
  }
}
