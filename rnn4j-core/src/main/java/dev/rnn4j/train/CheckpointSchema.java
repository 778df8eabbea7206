package dev.rnn4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.MetadataFields;
import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata of a character-model checkpoint, format 1.0: every key, its type, its bounds. Written and
 * read field by field through {@link MetadataFields}; nothing here depends on how the config records are
 * shaped in memory.
 *
 * <p><b>Versioning.</b> The file layer writes {@code format = rnn4j}, {@code format_version = 1.0} and a
 * checksum over the data and all of this metadata. Format 1.x is frozen: a later minor version (1.1, 1.2,
 * ...) may only <em>add</em> keys, each optional with a documented default that reproduces 1.0's
 * behaviour (for example an initialisation scheme, or a learning-rate warm-up whose default is none), and
 * every 1.x reader ignores keys it does not know. Renaming, removing or changing the meaning of a key is
 * a new major version, which 1.x readers refuse. The golden files in the test resources
 * ({@code dev/rnn4j/golden/1.0/}) must load and evaluate to the same loss in every later version.
 *
 * <p>Adding a field, step by step: write it here (and list it below); read it with one of
 * {@link MetadataFields}' optional getters, whose fallback is the 1.0 behaviour, so that 1.0 files keep
 * loading; raise {@code SafeTensors.FORMAT_VERSION} to the next minor version; add that version's golden
 * files beside 1.0's (the generator is {@code GoldenCheckpoints} in the tests). Never change the meaning
 * of a key that 1.0 writes.
 *
 * <pre>
 * key                          type     1.0 meaning
 * rnn4j.kind                   string   "char-lm" (the captioner writes "caption")
 * model.cell                   string   rnn | lstm | gru | mut1 | mut2 | mut3
 * model.vocab_size             int      V, 1..2^21
 * model.hidden_size            int      H, 1..65536
 * model.layers                 int      1..1024
 * model.embedding              int      0 (one-hot) .. 65536
 * model.dropout                float    [0, 1)
 * model.init                   string   uniform | gaussian | pytorch | xavier
 * model.init_scale             float    > 0
 * model.forget_bias            float    optional, default 1 (what uniform and gaussian files meant)
 * model.unigram_bias           bool     optional, default false
 * training.batch, .steps       int      B and T, 1..2^16 each, B*T at most 2^20 (B = rng.dropout's rows)
 * training.optimizer           string   sgd | adagrad | rmsprop | adam
 * training.lr                  float    base learning rate
 * training.lr_decay            float    (0, 1]
 * training.lr_decay_after      int      epochs
 * training.lr_warmup           int      optional, default 0: iterations of linear warm-up
 * training.lr_anneal           string   optional, default none: none | cosine | linear over the budget
 * training.lr_floor            float    optional, default 1: the anneal's final fraction of lr, [0, 1]
 * training.clip_value          float    element-wise clip, 0 = off
 * training.clip_norm           float    global-norm clip, 0 = off
 * training.loss                string   mean (over steps) | sum (over steps, min-char-rnn)
 * training.val_fraction        double   [0, 1)
 * training.eval_every          int      iterations between validations
 * training.max_iterations      long     0 = no limit (and max_epochs int, max_seconds double)
 * training.seed                long
 * training.sample_every        int      and training.sample_length int
 * training.eval_chars          int      optional, default 0: validation characters scored periodically
 * position.iteration           long     iterations done
 * position.stream              long     windows the training stream has consumed
 * position.smooth_loss         double
 * position.best_validation     double   NaN when none yet
 * position.optimizer_steps     long
 * corpus.name                  string   the text's file name, never its directory
 * corpus.sha256                string   SHA-256 of the text's bytes (64 hex digits)
 * corpus.length                int      symbols
 * vocabulary                   string   the vocabulary's serial form (code_points:... or bytes:...)
 * history                      string   JSON rows [iteration, train loss, smoothed loss, validation loss]
 * </pre>
 */
public final class CheckpointSchema {
  /** Value of {@code rnn4j.kind} for a character language model. */
  public static final String KIND_CHAR_LM = "char-lm";
  public static final String KIND = "rnn4j.kind";
  /** Bounds that keep a damaged or crafted header from reserving more memory than a real model. */
  public static final int MAX_VOCABULARY = 1 << 21;
  public static final int MAX_WIDTH = 1 << 16;
  public static final int MAX_LAYERS = 1024;
  public static final int MAX_WINDOW = 1 << 16;
  public static final long MAX_WINDOW_TOKENS = 1L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointSchema() {}

  // ---- reading and writing, shared with the captioner -----------------------------------------------

  /** Reads the fields of one checkpoint (and builds what they describe). */
  public interface FieldReader<T> {
    T read() throws CheckpointException;
  }

  /**
   * Runs {@code reader} so that nothing but a one-line {@link CheckpointException} naming {@code file}
   * leaves it: a config out of its range, sizes that overflow an {@code int}, a model too large for memory.
   *
   * @param what whose metadata, for the message ("rnn4j", "captioning")
   */
  public static <T> T read(Path file, String what, FieldReader<T> reader) throws CheckpointException {
    try {
      return reader.read();
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, "unreadable " + what + " metadata: " + firstLine(e.getMessage()));
    } catch (ArithmeticException e) {
      throw new CheckpointException(file, "describes a model of more than " + Integer.MAX_VALUE
          + " parameters, which no rnn4j model has: the file is damaged or crafted");
    } catch (OutOfMemoryError e) {
      throw new CheckpointException(file, "describes a model too large for this JVM's memory; give it more (-Xmx)");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** {@code history}: the run's rows as JSON. */
  public static void writeHistory(MetadataFields m, List<double[]> rows) {
    try {
      m.put("history", JSON.writeValueAsString(rows));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code history}: JSON rows of 4 numbers each.
   *
   * @param rowShape what a row holds, for the refusal (e.g. {@code [iteration, loss, smoothed loss, ...]})
   */
  public static List<double[]> readHistory(MetadataFields m, String rowShape) throws CheckpointException {
    double[][] rows;
    try {
      rows = JSON.readValue(m.string("history", 64 << 20), double[][].class);
    } catch (JsonProcessingException e) {
      throw m.bad("history", "is not a JSON array of rows of numbers");
    }
    if (rows == null) {
      throw m.bad("history", "is null");
    }
    for (double[] row : rows) {
      if (row == null || row.length != 4) {
        throw m.bad("history", "has a row that is not " + rowShape);
      }
    }
    return new ArrayList<>(List.of(rows));
  }

  // ---- model ---------------------------------------------------------------------------------------

  public static void writeModel(MetadataFields m, ModelConfig c) {
    m.put("model.cell", c.cell().label())
        .put("model.vocab_size", c.vocabSize())
        .put("model.hidden_size", c.hiddenSize())
        .put("model.layers", c.layers())
        .put("model.embedding", c.embedding())
        .put("model.dropout", c.dropout())
        .put("model.init", c.init().id())
        .put("model.init_scale", c.initScale())
        .put("model.forget_bias", c.forgetBias())
        .put("model.unigram_bias", c.unigramBias());
  }

  public static ModelConfig readModel(MetadataFields m) throws CheckpointException {
    CellType cell = cell(m, "model.cell");
    int v = m.integer("model.vocab_size", 1, MAX_VOCABULARY);
    int h = m.integer("model.hidden_size", 1, MAX_WIDTH);
    int layers = m.integer("model.layers", 1, MAX_LAYERS);
    int e = m.integer("model.embedding", 0, MAX_WIDTH);
    float dropout = m.real32("model.dropout", 0, Math.nextDown(1.0));
    Initialization init = Initialization.parse(m.choice("model.init", "uniform", "gaussian", "pytorch", "xavier"));
    float scale = m.real32("model.init_scale", Float.MIN_VALUE, Float.MAX_VALUE);
    return ModelConfig.builder(v).cell(cell).hiddenSize(h).layers(layers).embedding(e).dropout(dropout)
        .init(init).initScale(scale)
        .forgetBias(m.real32("model.forget_bias", -Float.MAX_VALUE, Float.MAX_VALUE, 1f))
        .unigramBias(m.bool("model.unigram_bias", false))
        .build();
  }

  /** A cell type label; shared with the captioner's schema. */
  public static CellType cell(MetadataFields m, String key) throws CheckpointException {
    return CellType.parse(m.choice(key, "rnn", "lstm", "gru", "mut1", "mut2", "mut3"));
  }

  // ---- training ------------------------------------------------------------------------------------

  public static void writeTraining(MetadataFields m, TrainingConfig c) {
    m.put("training.batch", c.batch()).put("training.steps", c.steps());
    writeOptimizer(m, "training.", c.optimizer(), c.learningRate());
    m.put("training.clip_value", c.clipValue())
        .put("training.clip_norm", c.clipNorm())
        .put("training.loss", c.sumOverTime() ? "sum" : "mean")
        .put("training.val_fraction", c.valFraction())
        .put("training.eval_every", c.evalEvery())
        .put("training.max_iterations", c.maxIterations())
        .put("training.max_epochs", c.maxEpochs())
        .put("training.max_seconds", c.maxSeconds())
        .put("training.seed", c.seed())
        .put("training.sample_every", c.sampleEvery())
        .put("training.sample_length", c.sampleLength())
        .put("training.eval_chars", c.evalChars());
  }

  public static TrainingConfig readTraining(MetadataFields m) throws CheckpointException {
    int batch = m.integer("training.batch", 1, MAX_WINDOW);
    int steps = m.integer("training.steps", 1, MAX_WINDOW);
    if ((long) batch * steps > MAX_WINDOW_TOKENS) {
      throw m.bad("training.batch", "times training.steps is " + (long) batch * steps + ", more than "
          + MAX_WINDOW_TOKENS);
    }
    OptimizerKind opt = optimizer(m, "training.");
    LearningRateSchedule lr = learningRate(m, "training.");
    return TrainingConfig.builder()
        .batch(batch)
        .steps(steps)
        .optimizer(opt)
        .learningRate(lr)
        .clipValue(m.real32("training.clip_value", 0, Float.MAX_VALUE))
        .clipNorm(m.real32("training.clip_norm", 0, Float.MAX_VALUE))
        .sumOverTime(m.choice("training.loss", "mean", "sum").equals("sum"))
        .valFraction(m.real("training.val_fraction", 0, Math.nextDown(1.0), false))
        .evalEvery(m.integer("training.eval_every", 1, Integer.MAX_VALUE))
        .maxIterations(m.longValue("training.max_iterations", 0, Long.MAX_VALUE))
        .maxEpochs(m.integer("training.max_epochs", 0, Integer.MAX_VALUE))
        .maxSeconds(m.real("training.max_seconds", 0, Double.MAX_VALUE, false))
        .seed(m.longValue("training.seed", Long.MIN_VALUE, Long.MAX_VALUE))
        .sampleEvery(m.integer("training.sample_every", 0, Integer.MAX_VALUE))
        .sampleLength(m.integer("training.sample_length", 0, Integer.MAX_VALUE))
        .evalChars(m.integer("training.eval_chars", 0, Integer.MAX_VALUE, 0))
        .build();
  }

  /** {@code <prefix>optimizer}, {@code <prefix>lr}, {@code lr_decay}, {@code lr_decay_after}; shared with the captioner. */
  public static void writeOptimizer(MetadataFields m, String prefix, OptimizerKind kind, LearningRateSchedule lr) {
    m.put(prefix + "optimizer", kind.label())
        .put(prefix + "lr", lr.base())
        .put(prefix + "lr_decay", lr.decay())
        .put(prefix + "lr_decay_after", lr.decayAfter())
        .put(prefix + "lr_warmup", lr.warmup())
        .put(prefix + "lr_anneal", lr.anneal().id())
        .put(prefix + "lr_floor", lr.floor());
  }

  public static OptimizerKind optimizer(MetadataFields m, String prefix) throws CheckpointException {
    return OptimizerKind.parse(m.choice(prefix + "optimizer", "sgd", "adagrad", "rmsprop", "adam"));
  }

  public static LearningRateSchedule learningRate(MetadataFields m, String prefix) throws CheckpointException {
    return new LearningRateSchedule(m.real32(prefix + "lr", Float.MIN_VALUE, Float.MAX_VALUE),
        m.real32(prefix + "lr_decay", Float.MIN_VALUE, 1),
        m.integer(prefix + "lr_decay_after", 0, Integer.MAX_VALUE),
        m.integer(prefix + "lr_warmup", 0, Integer.MAX_VALUE, 0),
        LearningRateSchedule.Anneal.parse(m.choiceOr("none", prefix + "lr_anneal", "none", "cosine", "linear")),
        m.real32(prefix + "lr_floor", 0, 1, 1f));
  }
}
