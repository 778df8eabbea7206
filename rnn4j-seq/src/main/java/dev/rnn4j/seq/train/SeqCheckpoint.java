package dev.rnn4j.seq.train;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.seq.model.InputKind;
import dev.rnn4j.seq.model.SeqConfig;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.model.SequenceModel;
import dev.rnn4j.train.CheckpointSchema;
import dev.rnn4j.train.CheckpointTensors;
import dev.rnn4j.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A classifier or tagger and everything needed to continue its training exactly, in one safetensors file of
 * format 1.0 under the core's rules ({@link CheckpointSchema}: named, bounded metadata fields, a checksum over
 * data and metadata, PyTorch's tensor names for RNN and LSTM layers, shapes checked before memory is
 * reserved).
 *
 * <p>Tensors: every parameter (bidirectional layers' second direction as PyTorch's {@code *_reverse}), the
 * optimizer's state, {@code rng.shuffle} and {@code rng.dropout} (I64, 4 each). Metadata, format 1.0:
 * <pre>
 * rnn4j.kind              "classify" | "tag"
 * seq.input               chars | words | both        seq.cell   rnn | lstm | gru | mut1 | mut2 | mut3
 * seq.layers              1..1024                     seq.hidden, seq.char_embedding  1..65536
 * seq.bidirectional       true | false                seq.dropout  [0, 1)
 * seq.word_vocab, seq.word_embedding, seq.char_hidden   0..  (0 where the input has none)
 * seq.char_vocab          1..2^21                     seq.pooling  last | mean | max
 * seq.classes             2..2^21                     seq.tag_column  upos | xpos ("" for a classifier)
 * seq.word_dropout        optional, default 0: [0, 1)
 * seq.word_init_scale     optional: the spread word embeddings started from (a record; a resumed run does not
 *                         draw again); default 1 with word input (what files without it drew), else 0
 * vocabulary.words        the word vocabulary's serial form ("" without word input)
 * vocabulary.chars        the character vocabulary's serial form
 * labels                  JSON list of the label names, by class id
 * training.batch          1..2^16
 * training.optimizer, training.lr, lr_decay, lr_decay_after, lr_warmup, lr_anneal, lr_floor   (as the core's)
 * training.clip_norm      >= 0                        training.max_epochs, max_iterations, max_seconds (0 = none)
 * training.seed           long                        training.eval_every  0 = every epoch
 * training.balanced       true | false (class weights by inverse frequency)
 * position.iteration, position.epoch, position.batch, position.train_size, position.optimizer_steps
 * position.best           best dev accuracy (NaN: none)
 * history                 JSON rows [iteration, epochs done, dev loss, dev accuracy]
 * </pre>
 * Golden files of format 1.0 (a classifier, a character classifier, a tagger) are in the tests'
 * {@code dev/rnn4j/seq/golden/1.0/} and must keep loading and predicting the same; their generator is
 * {@code SeqGoldenCheckpoints}.
 */
public final class SeqCheckpoint {
  private final Path file;
  private final SafeTensorsFile data;
  private final SequenceModel model;
  private final SeqEncoding encoding;
  private final String tagColumn;
  private final SeqTrainingConfig training;
  private final Position position;
  private final List<double[]> history;

  record Position(long iteration, int epoch, int batch, int trainSize, double best, long optimizerSteps) {}

  private SeqCheckpoint(Path file, SafeTensorsFile data, SequenceModel model, SeqEncoding encoding,
                        String tagColumn, SeqTrainingConfig training, Position position, List<double[]> history) {
    this.file = file;
    this.data = data;
    this.model = model;
    this.encoding = encoding;
    this.tagColumn = tagColumn;
    this.training = training;
    this.position = position;
    this.history = history;
  }

  static void write(Path file, SeqTask task, TrainingState loop, Optimizer opt) throws IOException {
    SequenceModel model = task.model();
    SeqConfig c = model.config();
    SeqPosition at = task.position();
    List<Tensor> tensors = new ArrayList<>();
    CheckpointTensors.addWeights(tensors, model.parameters(), c.cell());
    CheckpointTensors.addOptimizer(tensors, opt);
    tensors.add(Tensor.i64("rng.shuffle", at.epochStart()));
    tensors.add(Tensor.i64("rng.dropout", at.dropoutRng()));
    SeqEncoding e = task.encoding();
    SeqTrainingConfig t = task.config();
    MetadataFields m = MetadataFields.writer()
        .put(CheckpointSchema.KIND, c.kind().id())
        .put("seq.input", c.input().label())
        .put("seq.cell", c.cell().label())
        .put("seq.layers", c.layers())
        .put("seq.hidden", c.hidden())
        .put("seq.bidirectional", c.bidirectional())
        .put("seq.dropout", c.dropout())
        .put("seq.word_vocab", c.wordVocab())
        .put("seq.word_embedding", c.wordEmbedding())
        .put("seq.char_vocab", c.charVocab())
        .put("seq.char_embedding", c.charEmbedding())
        .put("seq.char_hidden", c.charHidden())
        .put("seq.pooling", c.pooling().label())
        .put("seq.classes", c.classes())
        .put("seq.word_dropout", c.wordDropout())
        .put("seq.word_init_scale", c.wordInitScale())
        .put("seq.tag_column", task.tagColumn())
        .put("vocabulary.words", e.wordsSerial())
        .put("vocabulary.chars", e.charsSerial())
        .put("labels", e.labelsSerial())
        .put("training.batch", t.batch());
    CheckpointSchema.writeOptimizer(m, "training.", t.optimizer(), t.learningRate());
    m.put("training.clip_norm", t.clipNorm())
        .put("training.max_epochs", t.maxEpochs())
        .put("training.max_iterations", t.maxIterations())
        .put("training.max_seconds", t.maxSeconds())
        .put("training.seed", t.seed())
        .put("training.eval_every", t.evalEvery())
        .put("training.balanced", t.balanced())
        .put("position.iteration", loop.iteration())
        .put("position.epoch", at.epoch())
        .put("position.batch", at.batch())
        .put("position.train_size", at.trainSize())
        .put("position.best", loop.best())
        .put("position.optimizer_steps", loop.optimizerSteps());
    CheckpointSchema.writeHistory(m, loop.history());
    SafeTensors.write(file, tensors, m.map());
  }

  /**
   * Reads a checkpoint of the {@code expected} kind and rebuilds its model. A missing, truncated, corrupted,
   * implausible or foreign file (another model kind's included) is refused with a one-line
   * {@link CheckpointException} naming the file.
   */
  public static SeqCheckpoint load(Path file, SeqKind expected) throws IOException {
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    MetadataFields m = MetadataFields.of(f);
    String kind = m.string(CheckpointSchema.KIND, 64, "");
    if (!kind.equals(expected.id())) {
      String what = expected == SeqKind.TAGGER ? "a tagger's" : "a classifier's";
      throw new CheckpointException(file, "is a '" + kind + "' checkpoint, not " + what
          + (kind.equals(SeqKind.CLASSIFIER.id()) ? " (use rnn4j classify)"
          : kind.equals(SeqKind.TAGGER.id()) ? " (use rnn4j tag)" : ""));
    }
    return CheckpointSchema.read(file, expected.id(), () -> load(f, m, expected));
  }

  private static SeqCheckpoint load(SafeTensorsFile f, MetadataFields m, SeqKind kind) throws CheckpointException {
    int maxWidth = CheckpointSchema.MAX_WIDTH;
    int maxVocab = CheckpointSchema.MAX_VOCABULARY;
    InputKind input = InputKind.parse(m.choice("seq.input", "chars", "words", "both"));
    SeqConfig config = new SeqConfig(kind, input, CheckpointSchema.cell(m, "seq.cell"),
        m.integer("seq.layers", 1, CheckpointSchema.MAX_LAYERS),
        m.integer("seq.hidden", 1, maxWidth),
        m.bool("seq.bidirectional"),
        m.real32("seq.dropout", 0, Math.nextDown(1.0)),
        m.integer("seq.word_vocab", 0, maxVocab),
        m.integer("seq.word_embedding", 0, maxWidth),
        m.integer("seq.char_vocab", 1, maxVocab),
        m.integer("seq.char_embedding", 1, maxWidth),
        m.integer("seq.char_hidden", 0, maxWidth),
        SequencePooling.Kind.parse(m.choice("seq.pooling", "last", "mean", "max")),
        m.integer("seq.classes", 2, maxVocab),
        m.real32("seq.word_dropout", 0, Math.nextDown(1.0), 0f),
        m.real32("seq.word_init_scale", 0, 1e6, input.usesWordEmbedding() ? 1f : 0f));
    String tagColumn = kind == SeqKind.TAGGER ? m.choice("seq.tag_column", "upos", "xpos") : "";
    SeqEncoding encoding = SeqEncoding.parse(kind, input, m.string("vocabulary.words", 64 << 20),
        m.string("vocabulary.chars", 64 << 20), m.string("labels", 64 << 20));
    if (encoding.wordVocabSize() != config.wordVocab() || encoding.charVocabSize() != config.charVocab()
        || encoding.labels().size() != config.classes()) {
      throw new CheckpointException(f.file(), "vocabularies or labels do not match the model's sizes");
    }
    SeqTrainingConfig training = new SeqTrainingConfig(m.integer("training.batch", 1, CheckpointSchema.MAX_WINDOW),
        CheckpointSchema.optimizer(m, "training."), CheckpointSchema.learningRate(m, "training."),
        m.real32("training.clip_norm", 0, Float.MAX_VALUE),
        m.integer("training.max_epochs", 0, Integer.MAX_VALUE),
        m.longValue("training.max_iterations", 0, Long.MAX_VALUE),
        m.real("training.max_seconds", 0, Double.MAX_VALUE, false),
        m.longValue("training.seed", Long.MIN_VALUE, Long.MAX_VALUE),
        m.integer("training.eval_every", 0, Integer.MAX_VALUE),
        m.bool("training.balanced"));
    Position position = new Position(m.longValue("position.iteration", 0, Long.MAX_VALUE),
        m.integer("position.epoch", 0, Integer.MAX_VALUE),
        m.integer("position.batch", 0, Integer.MAX_VALUE),
        m.integer("position.train_size", 0, Integer.MAX_VALUE),
        m.real("position.best", -Double.MAX_VALUE, Double.MAX_VALUE, true),
        m.longValue("position.optimizer_steps", 0, Long.MAX_VALUE));
    List<double[]> history = CheckpointSchema.readHistory(m, "[iteration, epochs, dev loss, dev accuracy]");
    // Read on resume only, but checked here: a file that loads is one that resumes (as the core's does).
    f.longs("rng.shuffle", 4);
    f.longs("rng.dropout", 4);
    CheckpointTensors.checkWeights(f, SequenceModel.declaredParameters(config), config.cell());
    SequenceModel model = new SequenceModel(config);
    CheckpointTensors.readWeights(f, model.parameters(), config.cell());
    return new SeqCheckpoint(f.file(), f, model, encoding, tagColumn, training, position, history);
  }

  /** Refuses another optimizer or batch than the saved run's: it would not continue exactly. */
  void checkResumable(Optimizer opt, SeqTrainingConfig config) {
    CheckpointTensors.checkOptimizer(opt, training.optimizer().label());
    if (config.batch() != training.batch()) {
      throw new IllegalArgumentException("resume with the checkpoint's batch " + training.batch()
          + " to continue exactly, not " + config.batch());
    }
  }

  SeqPosition position() throws CheckpointException {
    return new SeqPosition(position.epoch(), position.batch(), position.trainSize(), data.longs("rng.shuffle", 4),
        data.longs("rng.dropout", 4));
  }

  void readOptimizer(Optimizer opt) throws CheckpointException {
    CheckpointTensors.readOptimizer(data, opt, position.optimizerSteps());
  }

  /** The loop's part of the saved run (the smoothed loss restarts from {@code initialLoss}). */
  TrainingState trainingState(double initialLoss) {
    return new TrainingState(position.iteration(), initialLoss, position.best(), position.optimizerSteps(), history);
  }

  public Path file() {
    return file;
  }

  public SequenceModel model() {
    return model;
  }

  public SeqEncoding encoding() {
    return encoding;
  }

  /** A tagger's CoNLL-U column (upos or xpos); "" for a classifier. */
  public String tagColumn() {
    return tagColumn;
  }

  public SeqTrainingConfig trainingConfig() {
    return training;
  }

  public long iteration() {
    return position.iteration();
  }

  public int epoch() {
    return position.epoch();
  }

  /** The best dev accuracy (NaN: none measured). */
  public double best() {
    return position.best();
  }

  /** Rows of {iteration, epochs done, dev loss, dev accuracy}. */
  public List<double[]> history() {
    return history;
  }
}
