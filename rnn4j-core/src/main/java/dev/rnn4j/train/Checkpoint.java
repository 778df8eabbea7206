package dev.rnn4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.io.CheckpointException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model and everything needed to continue its training exactly, in one safetensors file.
 *
 * <p>Tensors: every parameter under its PyTorch-style name ({@code rnn.weight_ih_l0}, ...), the optimizer's
 * state ({@code optimizer.adam.m}, ...; each as long as the parameter arena), the carried hidden state of
 * every training stream ({@code state.0}, {@code state.1}, ...: h, then c for an LSTM, layer by layer,
 * each {@code B x H}) and the generators' states ({@code rng.dropout} {@code [B, 4]}: one per stream;
 * {@code rng.sample} {@code [4]}; I64). Metadata (JSON strings):
 * {@code rnn4j.model} ({@link ModelConfig}), {@code rnn4j.training} ({@link TrainingConfig}),
 * {@code rnn4j.vocabulary}, {@code rnn4j.position} (iteration, stream position, smoothed loss, best
 * validation loss, optimizer steps, corpus name and length) and {@code rnn4j.history} (loss rows).
 * The file format layer adds a CRC-32C of the data and writes atomically.
 */
public final class Checkpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final SafeTensorsFile data;
  private final LanguageModel model;
  private final Vocabulary vocabulary;
  private final TrainingConfig training;
  private final Position position;
  private final List<double[]> history;

  /** Where training stood. */
  record Position(long iteration, long streamPosition, double smoothLoss, double bestValidation,
                  long optimizerSteps, String corpus, int corpusLength) {}

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
    CheckpointTensors.addWeights(tensors, model.parameters());
    CheckpointTensors.addOptimizer(tensors, opt);
    List<Matrix> states = stream.carried();
    for (int i = 0; i < states.size(); i++) {
      tensors.add(Tensor.f32("state." + i, states.get(i)));
    }
    tensors.add(Tensor.i64("rng.dropout", new int[] {stream.dropoutRngs().length / 4, 4}, stream.dropoutRngs()));
    tensors.add(Tensor.i64("rng.sample", stream.sampleRng()));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("rnn4j.model", json(model.config()));
    meta.put("rnn4j.training", json(task.config()));
    meta.put("rnn4j.vocabulary", task.vocabulary().serialize());
    meta.put("rnn4j.position", json(new Position(loop.iteration(), stream.window(), loop.smoothLoss(), loop.best(),
        loop.optimizerSteps(), task.corpusName(), task.corpusLength())));
    meta.put("rnn4j.history", json(loop.history()));
    SafeTensors.write(file, tensors, meta);
  }

  /**
   * Reads a checkpoint and rebuilds its model. A missing, truncated, corrupted or foreign file is refused
   * with a {@link CheckpointException} whose message says which and names the file.
   */
  public static Checkpoint load(Path file) throws IOException {
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    try {
      ModelConfig config = JSON.readValue(f.metadata("rnn4j.model"), ModelConfig.class);
      Vocabulary vocabulary = Vocabulary.parse(f.metadata("rnn4j.vocabulary"));
      TrainingConfig training = JSON.readValue(f.metadata("rnn4j.training"), TrainingConfig.class);
      Position position = JSON.readValue(f.metadata("rnn4j.position"), Position.class);
      double[][] rows = JSON.readValue(f.metadata("rnn4j.history"), double[][].class);
      if (vocabulary.size() != config.vocabSize()) {
        throw new CheckpointException(file, "vocabulary of " + vocabulary.size() + " symbols does not match the model's "
            + config.vocabSize());
      }
      LanguageModel model = new LanguageModel(config);
      CheckpointTensors.readWeights(f, model.parameters());
      return new Checkpoint(file, f, model, vocabulary, training, position, new ArrayList<>(List.of(rows)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CheckpointException(file, "unreadable rnn4j metadata: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
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

  /** Where the saved run stood in its text; {@code shapes} gives the carried state tensors to fill. */
  StreamPosition streamPosition(List<Matrix> shapes, int batch) throws CheckpointException {
    for (int i = 0; i < shapes.size(); i++) {
      Matrix m = shapes.get(i);
      data.copyTo("state." + i, new int[] {m.rows(), m.cols()}, m);
    }
    return new StreamPosition(position.streamPosition(), shapes, data.longs("rng.dropout", batch, 4),
        data.longs("rng.sample"));
  }

  /** The loop's part of the saved run. */
  TrainingState trainingState() {
    return new TrainingState(position.iteration(), position.smoothLoss(), position.bestValidation(),
        position.optimizerSteps(), history);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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

  public String corpusName() {
    return position.corpus();
  }

  /** Rows of {iteration, train loss, smoothed train loss, validation loss}. */
  public List<double[]> history() {
    return history;
  }
}
