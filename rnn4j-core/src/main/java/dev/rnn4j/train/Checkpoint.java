package dev.rnn4j.train;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model and everything needed to continue its training exactly, in one safetensors file of
 * format 1.0 ({@link CheckpointSchema} lists every metadata key; {@link CheckpointTensors} the weights'
 * names and shapes, PyTorch's for RNN and LSTM).
 *
 * <p>Tensors: every parameter, the optimizer's state ({@code optimizer.adam.m}, ...; each as long as the
 * parameter arena), the carried hidden state of every training stream ({@code state.0}, {@code state.1},
 * ...: h, then c for an LSTM, layer by layer, each {@code B x H}) and the generators' states
 * ({@code rng.dropout} {@code [B, 4]}: one per stream; {@code rng.sample} {@code [4]}; I64). The file layer
 * adds a CRC-32C over the data and the metadata and writes atomically.
 *
 * <p>Loading checks before it trusts: every metadata field is bounded, and the tensors' shapes must match
 * the model the metadata describes before the model's memory is reserved, so a damaged or crafted file is
 * refused with one line instead of reserving gigabytes.
 */
public final class Checkpoint {
  private final Path file;
  private final SafeTensorsFile data;
  private final LanguageModel model;
  private final Vocabulary vocabulary;
  private final TrainingConfig training;
  private final Position position;
  private final List<double[]> history;

  /** Where training stood, and on which text. */
  record Position(long iteration, long streamPosition, double smoothLoss, double bestValidation,
                  long optimizerSteps, String corpus, String corpusSha256, int corpusLength) {}

  private Checkpoint(Path file, SafeTensorsFile data, LanguageModel model, Vocabulary vocabulary,
                     TrainingConfig training, Position position, List<double[]> history) {
    this.file = file;
    this.data = data;
    this.model = model;
    this.vocabulary = vocabulary;
    this.training = training;
    this.position = position;
    this.history = history;
  }

  /** Writes the trainer's whole state to {@code file}, atomically. */
  public static void save(Path file, Trainer trainer) throws IOException {
    trainer.loop().writeCheckpoint(file);
  }

  /** Writes a run: the task's model and position, the loop's state and the optimizer's moments. */
  static void write(Path file, LanguageModelTask task, TrainingState loop, Optimizer opt) throws IOException {
    LanguageModel model = task.model();
    StreamPosition stream = task.position();
    List<Tensor> tensors = new ArrayList<>();
    CheckpointTensors.addWeights(tensors, model.parameters(), model.config().cell());
    CheckpointTensors.addOptimizer(tensors, opt);
    List<Matrix> states = stream.carried();
    for (int i = 0; i < states.size(); i++) {
      tensors.add(Tensor.f32("state." + i, states.get(i)));
    }
    tensors.add(Tensor.i64("rng.dropout", new int[] {stream.dropoutRngs().length / 4, 4}, stream.dropoutRngs()));
    tensors.add(Tensor.i64("rng.sample", stream.sampleRng()));
    MetadataFields m = MetadataFields.writer();
    m.put(CheckpointSchema.KIND, CheckpointSchema.KIND_CHAR_LM);
    CheckpointSchema.writeModel(m, model.config());
    CheckpointSchema.writeTraining(m, task.config());
    m.put("position.iteration", loop.iteration())
        .put("position.stream", stream.window())
        .put("position.smooth_loss", loop.smoothLoss())
        .put("position.best_validation", loop.best())
        .put("position.optimizer_steps", loop.optimizerSteps())
        .put("corpus.name", fileName(task.corpusName()))
        .put("corpus.sha256", task.corpusSha256())
        .put("corpus.length", task.corpusLength())
        .put("vocabulary", task.vocabulary().serialize());
    CheckpointSchema.writeHistory(m, loop.history());
    SafeTensors.write(file, tensors, m.map());
  }

  /** The last element of a path, so no directory of the user's machine is stored. */
  static String fileName(String corpusName) {
    int slash = Math.max(corpusName.lastIndexOf('/'), corpusName.lastIndexOf('\\'));
    return corpusName.substring(slash + 1);
  }

  /**
   * Reads a checkpoint and rebuilds its model. A missing, truncated, corrupted, foreign or implausible file
   * is refused with a {@link CheckpointException} whose one-line message says which and names the file.
   */
  public static Checkpoint load(Path file) throws IOException {
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    return CheckpointSchema.read(file, "rnn4j", () -> load(f));
  }

  private static Checkpoint load(SafeTensorsFile f) throws CheckpointException {
    Path file = f.file();
    MetadataFields m = MetadataFields.of(f);
    String kind = m.string(CheckpointSchema.KIND, 64);
    if (!kind.equals(CheckpointSchema.KIND_CHAR_LM)) {
      throw new CheckpointException(file, "is a '" + kind + "' checkpoint, not a character model's");
    }
    ModelConfig config = CheckpointSchema.readModel(m);
    Vocabulary vocabulary = Vocabulary.parse(m.string("vocabulary", 64 << 20));
    if (vocabulary.size() != config.vocabSize()) {
      throw new CheckpointException(file, "vocabulary of " + vocabulary.size() + " symbols does not match the model's "
          + config.vocabSize());
    }
    TrainingConfig training = CheckpointSchema.readTraining(m);
    Position position = new Position(m.longValue("position.iteration", 0, Long.MAX_VALUE),
        m.longValue("position.stream", 0, Long.MAX_VALUE),
        m.real("position.smooth_loss", -Double.MAX_VALUE, Double.MAX_VALUE, true),
        m.real("position.best_validation", -Double.MAX_VALUE, Double.MAX_VALUE, true),
        m.longValue("position.optimizer_steps", 0, Long.MAX_VALUE),
        m.string("corpus.name", 4096), m.string("corpus.sha256", 64),
        m.integer("corpus.length", 0, Integer.MAX_VALUE));
    List<double[]> history = CheckpointSchema.readHistory(m, "[iteration, loss, smoothed loss, validation loss]");
    f.longs("rng.dropout", training.batch(), 4); // B as the metadata says, bounded by the file's own size
    CheckpointTensors.checkWeights(f, LanguageModel.declaredParameters(config), config.cell());
    LanguageModel model = new LanguageModel(config);
    CheckpointTensors.readWeights(f, model.parameters(), config.cell());
    return new Checkpoint(file, f, model, vocabulary, training, position, history);
  }

  /**
   * Refuses to continue on other data than the checkpoint's: another text (by content hash) or another
   * validation fraction would move the stream position and the best-validation record onto a different
   * split without a word. With {@code allowNewData} it accepts, and returns whether the data is new: the
   * resumed run then starts the stream over ({@link #streamPosition}) and forgets the best validation
   * ({@link #trainingState}).
   *
   * @return whether the data differs from the checkpoint's (only ever true with {@code allowNewData})
   */
  boolean checkSameData(String corpusName, String corpusSha256, double valFraction, boolean allowNewData) {
    boolean otherText = !position.corpusSha256().equals(corpusSha256);
    boolean otherSplit = Double.compare(training.valFraction(), valFraction) != 0;
    if (allowNewData) {
      return otherText || otherSplit;
    }
    String fresh = "; to start fresh, train without --resume, or to fine-tune on this data on purpose add"
        + " --allow-new-data (it restarts the stream and the best-validation record)";
    if (otherText) {
      throw new IllegalArgumentException("the checkpoint was trained on another text (" + position.corpus()
          + ", sha256 " + abbreviate(position.corpusSha256()) + ") than " + fileName(corpusName) + " (sha256 "
          + abbreviate(corpusSha256) + ")" + fresh);
    }
    if (otherSplit) {
      throw new IllegalArgumentException("the checkpoint was trained with --val-frac " + training.valFraction()
          + ", not " + valFraction + ": another split of the text" + fresh);
    }
    return false;
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "..." : hash;
  }

  /** Refuses another optimizer than the saved one, then puts the saved moments into {@code opt}. */
  void readOptimizer(Optimizer opt) throws CheckpointException {
    CheckpointTensors.checkOptimizer(opt, training.optimizer().label());
    CheckpointTensors.readOptimizer(data, opt, position.optimizerSteps());
  }

  /** Refuses to continue with other windows than the saved run's (the stream position would mean another text). */
  void checkWindow(TrainingConfig config) {
    if (config.batch() != training.batch() || config.steps() != training.steps()) {
      throw new IllegalArgumentException("resume with the checkpoint's batch " + training.batch() + " and window "
          + training.steps() + " to continue exactly");
    }
  }

  /**
   * Where the saved run stood in its text; {@code shapes} gives the carried state tensors (zero in a fresh
   * task) to fill. With {@code newData} (fine-tuning on other data) the stream starts at its beginning with
   * the zero states; the generators carry over.
   */
  StreamPosition streamPosition(List<Matrix> shapes, int batch, boolean newData) throws CheckpointException {
    if (!newData) {
      for (int i = 0; i < shapes.size(); i++) {
        Matrix m = shapes.get(i);
        data.copyTo("state." + i, new int[] {m.rows(), m.cols()}, m);
      }
    }
    return new StreamPosition(newData ? 0 : position.streamPosition(), shapes, data.longs("rng.dropout", batch, 4),
        data.longs("rng.sample", 4));
  }

  /**
   * The loop's part of the saved run. With {@code newData} there is no best validation yet; weights,
   * optimizer state, iteration count and history carry over.
   */
  TrainingState trainingState(boolean newData) {
    return new TrainingState(position.iteration(), position.smoothLoss(),
        newData ? Double.NaN : position.bestValidation(), position.optimizerSteps(), history);
  }

  public Path file() {
    return file;
  }

  /** The model, with its trained weights. */
  public LanguageModel model() {
    return model;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** How it was trained (the config of the run that wrote it). */
  public TrainingConfig trainingConfig() {
    return training;
  }

  public long iteration() {
    return position.iteration();
  }

  public double bestValidation() {
    return position.bestValidation();
  }

  /** The file name of the text it was trained on (never a directory). */
  public String corpusName() {
    return position.corpus();
  }

  /** SHA-256 (hex) of the bytes of the text it was trained on. */
  public String corpusSha256() {
    return position.corpusSha256();
  }

  /** Rows of {iteration, train loss, smoothed train loss, validation loss}. */
  public List<double[]> history() {
    return history;
  }
}
