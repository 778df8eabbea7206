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
 training.*, position.*, history     the run ({@link SavedRun}); the score is the dev accuracy
 * </pre>
 * Golden files of format 1.0 (a classifier, a character classifier, a tagger) are in the tests'
 * {@code dev/rnn4j/seq/golden/1.0/} and must keep loading and predicting the same; their generator is
 * {@code SeqGoldenCheckpoints}.
 */
public final class SeqCheckpoint {
  private final Path file;
  private final SequenceModel model;
  private final SeqEncoding encoding;
  private final String tagColumn;
  private final SavedRun run;

  private SeqCheckpoint(Path file, SequenceModel model, SeqEncoding encoding, String tagColumn, SavedRun run) {
    this.file = file;
    this.model = model;
    this.encoding = encoding;
    this.tagColumn = tagColumn;
    this.run = run;
  }

  static void write(Path file, SeqTask task, TrainingState loop, Optimizer opt) throws IOException {
    SequenceModel model = task.model();
    SeqConfig c = model.config();
    SeqPosition at = task.position();
    List<Tensor> tensors = new ArrayList<>();
    CheckpointTensors.addWeights(tensors, model.parameters(), c.cell());
    CheckpointTensors.addOptimizer(tensors, opt);
    SeqEncoding e = task.encoding();
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
        .put("labels", e.labelsSerial());
    SavedRun.write(tensors, m, task.config(), at, loop);
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
    SavedRun run = SavedRun.read(f, m, "[iteration, epochs, dev loss, dev accuracy]");
    CheckpointTensors.checkWeights(f, SequenceModel.declaredParameters(config), config.cell());
    SequenceModel model = new SequenceModel(config);
    CheckpointTensors.readWeights(f, model.parameters(), config.cell());
    return new SeqCheckpoint(f.file(), model, encoding, tagColumn, run);
  }

  /** The run: its training config, where it stood, its history; what resuming it needs. */
  public SavedRun run() {
    return run;
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
    return run.trainingConfig();
  }

  public long iteration() {
    return run.iteration();
  }

  /** The best dev accuracy (NaN: none measured). */
  public double best() {
    return run.best();
  }

  /** Rows of {iteration, epochs done, dev loss, dev accuracy}. */
  public List<double[]> history() {
    return run.history();
  }
}
