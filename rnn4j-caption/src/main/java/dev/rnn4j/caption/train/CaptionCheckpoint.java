package dev.rnn4j.caption.train;

import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.FeatureNormalization;
import dev.rnn4j.caption.model.ImageInjection;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.train.CheckpointSchema;
import dev.rnn4j.train.CheckpointTensors;
import dev.rnn4j.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A captioning model and everything needed to continue its training exactly, in one safetensors file of
 * format 1.0, under the rules of the core's {@code dev.rnn4j.train.Checkpoint}: named, bounded metadata
 * fields (the versioning rules are {@link CheckpointSchema}'s), weights named and shaped by
 * {@link CheckpointTensors} (PyTorch's names and 1-D biases for RNN and LSTM), a checksum over data and
 * metadata, tensor shapes checked against the config before the model's memory is reserved.
 *
 * <p>Tensors: every parameter, the optimizer's state ({@code optimizer.adam.m}, ...), the feature
 * standardisation when there is one ({@code features.mean}, {@code features.scale}, F each),
 * {@code rng.shuffle} (the shuffling generator before it drew the current epoch's order) and
 * {@code rng.dropout} (I64, 4 each). Metadata, format 1.0:
 * <pre>
 * rnn4j.kind                  "caption"
 * caption.cell                rnn | lstm | gru
 * caption.layers              1..1024            caption.hidden, caption.embedding, caption.feature_width  1..65536
 * caption.injection           the image injection's label
 * caption.dropout             [0, 1)             caption.vocab_size  4..2^21
 * training.batch              1..2^16            training.optimizer, lr, lr_decay, lr_decay_after (as the core's)
 * training.clip_norm          >= 0               training.max_epochs, max_iterations, max_seconds (0 = none)
 * training.seed               long               training.normalize_features  true | false
 * position.iteration, position.epoch, position.position, position.train_size, position.optimizer_steps
 * position.best               double (NaN: none)  position.score  the score's name ("" for perplexity)
 * vocabulary                  the word vocabulary, as the caller serialised it
 * history                     JSON rows [iteration, epochs done, validation perplexity, score]
 * </pre>
 */
public final class CaptionCheckpoint {
  static final String KIND = "caption";
  static final String VOCABULARY = "vocabulary";
  static final String FEATURE_MEAN = "features.mean";
  static final String FEATURE_SCALE = "features.scale";
  private static final int MAX_WIDTH = CheckpointSchema.MAX_WIDTH;

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
    CaptionConfig c = model.config();
    CaptionPosition at = task.position();
    List<Tensor> tensors = new ArrayList<>();
    CheckpointTensors.addWeights(tensors, model.parameters(), c.cell());
    CheckpointTensors.addOptimizer(tensors, opt);
    FeatureNormalization norm = model.featureNormalization();
    if (norm.active()) {
      int f = c.featureWidth();
      tensors.add(Tensor.f32(FEATURE_MEAN, new int[] {f}, norm.mean()));
      tensors.add(Tensor.f32(FEATURE_SCALE, new int[] {f}, norm.scale()));
    }
    tensors.add(Tensor.i64("rng.shuffle", at.epochStart()));
    tensors.add(Tensor.i64("rng.dropout", at.dropoutRng()));
    CaptionTrainingConfig t = task.config();
    MetadataFields m = MetadataFields.writer()
        .put(CheckpointSchema.KIND, KIND)
        .put("caption.cell", c.cell().label())
        .put("caption.layers", c.layers())
        .put("caption.hidden", c.hidden())
        .put("caption.embedding", c.embedding())
        .put("caption.feature_width", c.featureWidth())
        .put("caption.injection", c.injection().label())
        .put("caption.dropout", c.dropout())
        .put("caption.vocab_size", c.vocabSize())
        .put("training.batch", t.batch());
    CheckpointSchema.writeOptimizer(m, "training.", t.optimizer(), t.learningRate());
    m.put("training.clip_norm", t.clipNorm())
        .put("training.max_epochs", t.maxEpochs())
        .put("training.max_iterations", t.maxIterations())
        .put("training.max_seconds", t.maxSeconds())
        .put("training.seed", t.seed())
        .put("training.normalize_features", t.normalizeFeatures())
        .put("position.iteration", loop.iteration())
        .put("position.epoch", at.epoch())
        .put("position.position", at.position())
        .put("position.train_size", at.trainSize())
        .put("position.best", CaptionTrainer.bestAsReported(loop.best(), task.scoreName()))
        .put("position.score", task.scoreName() == null ? "" : task.scoreName())
        .put("position.optimizer_steps", loop.optimizerSteps())
        .put(VOCABULARY, task.vocabulary());
    CheckpointSchema.writeHistory(m, loop.history());
    SafeTensors.write(file, tensors, m.map());
  }

  /**
   * Reads a checkpoint and rebuilds its model. A missing, truncated, corrupted, implausible or foreign file
   * (a character model's included) is refused with a one-line {@link CheckpointException} naming the file.
   */
  public static CaptionCheckpoint load(Path file) throws IOException {
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    MetadataFields m = MetadataFields.of(f);
    String kind = m.string(CheckpointSchema.KIND, 64, "");
    if (!kind.equals(KIND)) {
      throw new CheckpointException(file, kind.equals(CheckpointSchema.KIND_CHAR_LM)
          ? "is a character-model checkpoint, not a captioning one" : "not a captioning checkpoint (rnn4j.kind '"
          + kind + "')");
    }
    return CheckpointSchema.read(file, "captioning", () -> load(f, m));
  }

  private static CaptionCheckpoint load(SafeTensorsFile f, MetadataFields m) throws CheckpointException {
    CaptionConfig config = CaptionConfig.builder(m.integer("caption.feature_width", 1, MAX_WIDTH),
            m.integer("caption.vocab_size", 1, CheckpointSchema.MAX_VOCABULARY))
        .cell(CheckpointSchema.cell(m, "caption.cell"))
        .layers(m.integer("caption.layers", 1, CheckpointSchema.MAX_LAYERS))
        .hidden(m.integer("caption.hidden", 1, MAX_WIDTH))
        .embedding(m.integer("caption.embedding", 1, MAX_WIDTH))
        .injection(ImageInjection.parse(m.string("caption.injection", 64)))
        .dropout(m.real32("caption.dropout", 0, Math.nextDown(1.0)))
        .build();
    CaptionTrainingConfig training = CaptionTrainingConfig.builder()
        .batch(m.integer("training.batch", 1, CheckpointSchema.MAX_WINDOW))
        .optimizer(CheckpointSchema.optimizer(m, "training."))
        .learningRate(CheckpointSchema.learningRate(m, "training."))
        .clipNorm(m.real32("training.clip_norm", 0, Float.MAX_VALUE))
        .maxEpochs(m.integer("training.max_epochs", 0, Integer.MAX_VALUE))
        .maxIterations(m.longValue("training.max_iterations", 0, Long.MAX_VALUE))
        .maxSeconds(m.real("training.max_seconds", 0, Double.MAX_VALUE, false))
        .seed(m.longValue("training.seed", Long.MIN_VALUE, Long.MAX_VALUE))
        .normalizeFeatures(m.bool("training.normalize_features"))
        .build();
    String score = m.string("position.score", 64);
    Position position = new Position(m.longValue("position.iteration", 0, Long.MAX_VALUE),
        m.integer("position.epoch", 0, Integer.MAX_VALUE),
        m.integer("position.position", 0, Integer.MAX_VALUE),
        m.integer("position.train_size", 0, Integer.MAX_VALUE),
        m.real("position.best", -Double.MAX_VALUE, Double.MAX_VALUE, true),
        score.isEmpty() ? null : score,
        m.longValue("position.optimizer_steps", 0, Long.MAX_VALUE));
    List<double[]> history = CheckpointSchema.readHistory(m, "[iteration, epochs, perplexity, score]");
    String vocabulary = m.string(VOCABULARY, 64 << 20);
    CheckpointTensors.checkWeights(f, CaptionModel.declaredParameters(config), config.cell());
    CaptionModel model = new CaptionModel(config);
    CheckpointTensors.readWeights(f, model.parameters(), config.cell());
    if (f.has(FEATURE_MEAN)) {
      int w = config.featureWidth();
      model.featureNormalization().set(f.floats(FEATURE_MEAN, w), f.floats(FEATURE_SCALE, w));
    }
    return new CaptionCheckpoint(f.file(), f, model, vocabulary, training, position, history);
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
