package dev.rnn4j.seq.translate;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.nn.Attention;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.seq.train.SavedRun;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.train.CheckpointSchema;
import dev.rnn4j.train.CheckpointTensors;
import dev.rnn4j.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A translator and everything needed to continue its training exactly, in one safetensors file of format
 * 1.0 under the core's rules ({@link CheckpointSchema}: named, bounded metadata fields, a checksum over data
 * and metadata, PyTorch's tensor names for RNN and LSTM layers, shapes checked before memory is reserved).
 *
 * <p>Tensors: every parameter ({@code encoder.rnn.*}, {@code decoder.rnn.*} with PyTorch's names for RNN
 * and LSTM, {@code encoder.rnn4j_gru.*} for the lecture's GRU), the optimizer's state, and the run's
 * generators. Metadata, format 1.0:
 * <pre>
 * rnn4j.kind                 "translate"
 * translate.cell             rnn | lstm | gru | mut1 | mut2 | mut3
 * translate.source_vocab, translate.target_vocab         5..2^21
 * translate.embedding, translate.hidden, translate.decoder_hidden   1..65536
 * translate.encoder_layers, translate.decoder_layers     1..1024
 * translate.bidirectional    true | false
 * translate.attention        none | dot | general | additive     translate.attention_width  0..65536
 * translate.dropout          [0, 1)
 * translate.max_length       the data's limit in words, 1..2^16 (also caps a translation's length)
 * encoding.lowercase         true | false
 * vocabulary.source, vocabulary.target     the vocabularies' serial forms
 * bpe.source, bpe.target     the learned merges' serial forms ("" for whole words)
 * training.*, position.*, history     the run ({@link SavedRun}); the score is the dev BLEU-4
 * </pre>
 */
public final class TranslationCheckpoint {
  /** The {@code rnn4j.kind} of a translator's checkpoint. */
  public static final String KIND = "translate";

  private final Path file;
  private final Translator model;
  private final TranslationEncoding encoding;
  private final int maxLength;
  private final SavedRun run;

  private TranslationCheckpoint(Path file, Translator model, TranslationEncoding encoding, int maxLength,
                                SavedRun run) {
    this.file = file;
    this.model = model;
    this.encoding = encoding;
    this.maxLength = maxLength;
    this.run = run;
  }

  static void write(Path file, TranslationTask task, TrainingState loop, Optimizer opt) throws IOException {
    Translator model = task.model();
    TranslationConfig c = model.config();
    List<Tensor> tensors = new ArrayList<>();
    CheckpointTensors.addWeights(tensors, model.parameters(), c.cell());
    CheckpointTensors.addOptimizer(tensors, opt);
    TranslationEncoding e = task.encoding();
    MetadataFields m = MetadataFields.writer()
        .put(CheckpointSchema.KIND, KIND)
        .put("translate.cell", c.cell().label())
        .put("translate.source_vocab", c.sourceVocab())
        .put("translate.target_vocab", c.targetVocab())
        .put("translate.embedding", c.embedding())
        .put("translate.hidden", c.hidden())
        .put("translate.encoder_layers", c.encoderLayers())
        .put("translate.bidirectional", c.bidirectional())
        .put("translate.decoder_hidden", c.decoderHidden())
        .put("translate.decoder_layers", c.decoderLayers())
        .put("translate.attention", c.attentionLabel())
        .put("translate.attention_width", c.attentionWidth())
        .put("translate.dropout", c.dropout())
        .put("translate.max_length", task.maxLength())
        .put("encoding.lowercase", e.lowercase())
        .put("vocabulary.source", e.sourceVocabulary().serialize())
        .put("vocabulary.target", e.targetVocabulary().serialize())
        .put("bpe.source", e.sourceBpeSerial())
        .put("bpe.target", e.targetBpeSerial());
    SavedRun.write(tensors, m, task.config(), task.position(), loop);
    SafeTensors.write(file, tensors, m.map());
  }

  /**
   * Reads a translator's checkpoint and rebuilds its model. A missing, truncated, corrupted, implausible or
   * foreign file (another model kind's included) is refused with a one-line {@link CheckpointException}
   * naming the file.
   */
  public static TranslationCheckpoint load(Path file) throws IOException {
    SafeTensorsFile f = SafeTensors.readRnn4j(file);
    MetadataFields m = MetadataFields.of(f);
    String kind = m.string(CheckpointSchema.KIND, 64, "");
    if (!kind.equals(KIND)) {
      throw new CheckpointException(file, "is a '" + kind + "' checkpoint, not a translator's"
          + (kind.equals("classify") ? " (use rnn4j classify)" : kind.equals("tag") ? " (use rnn4j tag)"
          : kind.equals("caption") ? " (use rnn4j caption)"
          : kind.equals(CheckpointSchema.KIND_CHAR_LM) ? " (use rnn4j sample or eval)" : ""));
    }
    return CheckpointSchema.read(file, KIND, () -> load(f, m));
  }

  private static TranslationCheckpoint load(SafeTensorsFile f, MetadataFields m) throws CheckpointException {
    int maxWidth = CheckpointSchema.MAX_WIDTH;
    int maxVocab = CheckpointSchema.MAX_VOCABULARY;
    String attention = m.choice("translate.attention", "none", "dot", "general", "additive");
    TranslationConfig config;
    try {
      config = new TranslationConfig(CheckpointSchema.cell(m, "translate.cell"),
          m.integer("translate.source_vocab", 5, maxVocab),
          m.integer("translate.target_vocab", 5, maxVocab),
          m.integer("translate.embedding", 1, maxWidth),
          m.integer("translate.hidden", 1, maxWidth),
          m.integer("translate.encoder_layers", 1, CheckpointSchema.MAX_LAYERS),
          m.bool("translate.bidirectional"),
          m.integer("translate.decoder_hidden", 1, maxWidth),
          m.integer("translate.decoder_layers", 1, CheckpointSchema.MAX_LAYERS),
          attention.equals("none") ? null : Attention.Score.parse(attention),
          m.integer("translate.attention_width", 0, maxWidth),
          m.real32("translate.dropout", 0, Math.nextDown(1.0)));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(f.file(), "holds an impossible model: " + e.getMessage());
    }
    int maxLength = m.integer("translate.max_length", 1, CheckpointSchema.MAX_WINDOW);
    TranslationEncoding encoding;
    try {
      encoding = TranslationEncoding.parse(m.bool("encoding.lowercase"),
          m.string("bpe.source", 64 << 20), m.string("vocabulary.source", 64 << 20),
          m.string("bpe.target", 64 << 20), m.string("vocabulary.target", 64 << 20));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(f.file(), "has an unreadable vocabulary: " + e.getMessage());
    }
    if (encoding.sourceVocabulary().size() != config.sourceVocab()
        || encoding.targetVocabulary().size() != config.targetVocab()) {
      throw new CheckpointException(f.file(), "vocabularies do not match the model's sizes");
    }
    SavedRun run = SavedRun.read(f, m, "[iteration, epochs, dev loss, dev BLEU-4]");
    CheckpointTensors.checkWeights(f, Translator.declaredParameters(config), config.cell());
    Translator model = new Translator(config);
    CheckpointTensors.readWeights(f, model.parameters(), config.cell());
    return new TranslationCheckpoint(f.file(), model, encoding, maxLength, run);
  }

  /** The run: its training config, where it stood, its history; what resuming it needs. */
  public SavedRun run() {
    return run;
  }

  public Path file() {
    return file;
  }

  public Translator model() {
    return model;
  }

  public TranslationEncoding encoding() {
    return encoding;
  }

  public SeqTrainingConfig trainingConfig() {
    return run.trainingConfig();
  }

  /** The data's length limit in words the model was trained with. */
  public int maxLength() {
    return maxLength;
  }

  public long iteration() {
    return run.iteration();
  }

  /** The best dev BLEU-4 (NaN: none measured). */
  public double best() {
    return run.best();
  }

  /** Rows of {iteration, epochs done, dev loss, dev BLEU-4}. */
  public List<double[]> history() {
    return run.history();
  }
}
