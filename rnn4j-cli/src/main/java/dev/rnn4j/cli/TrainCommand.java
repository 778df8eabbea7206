package dev.rnn4j.cli;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.Initialization;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.serve.ModelCatalog;
import dev.rnn4j.serve.RnnServer;
import dev.rnn4j.serve.ServeOptions;
import dev.rnn4j.serve.TrainingFeed;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.CheckpointWriter;
import dev.rnn4j.train.Evaluator;
import dev.rnn4j.train.StopReason;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j train [FILE]}: trains a character model, with progress, samples and checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a character-level language model on a UTF-8 text file (default: the built-in Tiny "
        + "Shakespeare).", "Writes last.safetensors and best.safetensors to the output directory."})
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "UTF-8 text to train on")
  Path file;

  @Option(names = "--preset", paramLabel = "NAME", description = "min-char-rnn: Karpathy's min-char-rnn exactly; char-rnn: char-rnn's LSTM recipe (uniform +-0.08, forget bias 1, constant Adam 2e-3, whole-split validation)")
  String preset;

  @Option(names = {"-m", "--model"}, paramLabel = "CELL", description = "rnn, lstm, gru, mut1, mut2, mut3 (default lstm)")
  String model;

  @Option(names = "--layers", description = "stacked recurrent layers (default 2)")
  Integer layers;

  @Option(names = "--hidden", description = "units per layer (default 128)")
  Integer hidden;

  @Option(names = "--embedding", description = "embedding width; 0 = one-hot input (default 0)")
  Integer embedding;

  @Option(names = "--dropout", description = "dropout between layers, in [0,1) (default 0)")
  Float dropout;

  @Option(names = "--init", paramLabel = "SCHEME", description = "weight initialisation: xavier (default: Glorot input, orthogonal recurrent), pytorch, uniform (char-rnn's +-0.08), gaussian (min-char-rnn's N(0,1)*0.01)")
  String init;

  @Option(names = "--forget-bias", description = "added to an LSTM's forget-gate bias at initialisation (default 0; char-rnn 1)")
  Float forgetBias;

  @Option(names = "--unigram-bias", negatable = true, description = "start the output bias at the text's log character frequencies (default on)")
  Boolean unigramBias;

  @Option(names = "--batch", description = "parallel streams (default 50)")
  Integer batch;

  @Option(names = {"--seq", "--window"}, description = "window length for truncated BPTT (default 50)")
  Integer seq;

  @Option(names = "--optimizer", description = "sgd, adagrad, rmsprop, adam (default adam)")
  String optimizer;

  @Option(names = "--lr", description = "learning rate (default 1e-2 with the default adam; another --optimizer: 2e-3 for adam/rmsprop, 0.1 for adagrad/sgd)")
  Float lr;

  @Option(names = "--lr-decay", description = "multiply the rate by this each epoch after --lr-decay-after (default 1)")
  Float lrDecay;

  @Option(names = "--lr-decay-after", description = "epochs before the decay starts (default 10)")
  Integer lrDecayAfter;

  @Option(names = "--schedule", paramLabel = "SHAPE", description = "learning-rate anneal over the --time/--iters/--epochs budget: cosine (default), linear, none")
  String schedule;

  @Option(names = "--warmup", description = "iterations of linear learning-rate warm-up (default 100)")
  Integer warmup;

  @Option(names = "--lr-floor", description = "the anneal's final rate as a fraction of --lr, in [0,1] (default 0.1)")
  Float lrFloor;

  @Option(names = "--clip", description = "element-wise gradient clip to [-v,v]; 0 = off (default 5)")
  Float clip;

  @Option(names = "--clip-norm", description = "global-norm gradient clip; 0 = off (default 0)")
  Float clipNorm;

  @Option(names = "--val-frac", description = "fraction held out for validation (default 0.1)")
  Double valFrac;

  @Option(names = "--eval-every", description = "iterations between validation + checkpoint (default 200)")
  Integer evalEvery;

  @Option(names = "--eval-chars", description = "validation characters scored at each periodic validation; 0 = the whole split (the end of a run always scores all of it)")
  Integer evalChars;

  @Option(names = "--iters", description = "stop after this many iterations in all")
  Long iters;

  @Option(names = "--epochs", description = "stop after this many epochs (default 50 when no other limit)")
  Integer epochs;

  @Option(names = "--time", paramLabel = "DURATION", description = "stop after this wall time, e.g. 90s, 10m, 1h")
  String time;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default runs/<date-time>)")
  Path out;

  @Option(names = "--resume", paramLabel = "CKPT", description = "continue training from a checkpoint")
  Path resume;

  @Option(names = "--allow-new-data", description = "with --resume: fine-tune on another text or --val-frac on "
      + "purpose (restarts the stream and the best-validation record)")
  boolean allowNewData;

  @Option(names = "--seed", description = "random seed (default 42)")
  Long seed;

  @Option(names = "--threads", description = "threads: streams are split across data-parallel replicas (default: all cores)")
  Integer threads;

  @Option(names = "--sample-every", description = "iterations between printed samples; 0 = never")
  Integer sampleEvery;

  @Option(names = "--sample-length", description = "characters per printed sample")
  Integer sampleLength;

  @Option(names = "--bytes", description = "byte vocabulary (for binary or non-UTF-8 files)")
  boolean bytes;

  @Option(names = "--serve", arity = "0..1", paramLabel = "PORT", fallbackValue = "8080",
      description = "also serve the page on 127.0.0.1:PORT (default 8080; 0 = any free port): live loss and "
          + "validation curves, samples, and writing with the model as it learns")
  Integer servePort;

  @Override
  public Integer call() throws Exception {
    PrintStream stdout = System.out;
    int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Flags.positive("--threads", cores);
    Blas.setThreads(cores);
    boolean minChar = "min-char-rnn".equals(preset);
    boolean charRnn = "char-rnn".equals(preset);
    if (preset != null && !minChar && !charRnn) {
      throw new IllegalArgumentException("unknown --preset '" + preset + "' (known: min-char-rnn, char-rnn)");
    }
    if (allowNewData && resume == null) {
      throw new IllegalArgumentException("--allow-new-data goes with --resume");
    }
    Checkpoint checkpoint = resume != null ? Checkpoint.load(resume) : null;
    Corpus corpus = loadCorpus(checkpoint);
    TrainingConfig tc = trainingConfig(checkpoint != null ? checkpoint.trainingConfig()
        : minChar ? TrainingConfig.minCharRnn() : charRnn ? TrainingConfig.charRnn() : TrainingConfig.defaults(),
        checkpoint != null);
    Trainer trainer;
    if (checkpoint != null) {
      trainer = Trainer.resume(checkpoint, corpus, tc, cores, allowNewData);
    } else {
      int v = corpus.vocabulary().size();
      ModelConfig base = minChar ? ModelConfig.minCharRnn(v) : charRnn ? ModelConfig.charRnn(v) : ModelConfig.defaults(v);
      trainer = Trainer.create(modelConfig(base), corpus, tc, cores);
    }
    Path dir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    CheckpointWriter writer = new CheckpointWriter(dir);
    ProgressPrinter printer = new ProgressPrinter(trainer, stdout, Terminal.interactive(), minChar, 10);
    trainer.addListener(printer);
    trainer.addListener(writer);
    RnnServer server = servePort != null ? serve(trainer, printer, dir, stdout) : null;
    StopOnSignal stop = new StopOnSignal(trainer::requestStop);
    try {
      StopReason reason = trainer.run();
      stdout.println("checkpoint: " + writer.last() + (trainer.bestValidation() == trainer.bestValidation()
          ? String.format(java.util.Locale.ROOT, " (best validation %.4f nats/char: %s)", trainer.bestValidation(), writer.best())
          : ""));
      reportBestOnWholeSplit(stdout, trainer, writer.best());
      return reason == StopReason.REQUESTED ? 130 : 0;
    } finally {
      printer.endLine();
      stop.close();
      if (server != null) {
        server.close();
      }
    }
  }

  /** {@code --serve}: the page watches this run and writes with its model as it learns. */
  private RnnServer serve(Trainer trainer, ProgressPrinter printer, Path dir, PrintStream stdout)
      throws java.io.IOException {
    Flags.positive("--serve port + 1", servePort + 1L);
    TrainingFeed feed = TrainingFeed.live(dir.getFileName().toString());
    trainer.addListener(feed);
    printer.onSample((text, iteration) -> feed.sample(iteration, text));
    RnnServer server = RnnServer.start(ModelCatalog.live("live", trainer.model(), trainer.vocabulary()), feed,
        ServeOptions.loopback(servePort));
    stdout.println("serving the run at " + server.url());
    return server;
  }

  /**
   * When validations scored a sample, the best checkpoint was chosen on it: say what it scores on the
   * whole split too, so the figure a user quotes is the full one.
   */
  private static void reportBestOnWholeSplit(PrintStream out, Trainer trainer, Path best) throws java.io.IOException {
    TrainingConfig c = trainer.config();
    if (!trainer.validatesOnSample() || !java.nio.file.Files.exists(best)) {
      return;
    }
    double loss = Evaluator.crossEntropy(Checkpoint.load(best).model(), trainer.validationRange(), c.batch(),
        c.steps(), null);
    out.printf(java.util.Locale.ROOT, "best checkpoint on the whole validation split: %.4f nats/char%n", loss);
  }

  private Corpus loadCorpus(Checkpoint checkpoint) {
    if (file == null) {
      if (bytes) {
        throw new IllegalArgumentException("--bytes needs a FILE");
      }
      return Corpus.builtIn();
    }
    if (checkpoint != null) {
      return Corpus.load(file, checkpoint.vocabulary());
    }
    return Corpus.load(file, bytes ? Vocabulary.Kind.BYTES : Vocabulary.Kind.CODE_POINTS);
  }

  /** The command line's name of each config setting it sets, for refusals that name the flag typed. */
  private static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("hiddenSize", "--hidden"),
      Map.entry("layers", "--layers"), Map.entry("embedding", "--embedding"), Map.entry("dropout", "--dropout"),
      Map.entry("batch", "--batch"), Map.entry("steps", "--seq"), Map.entry("learningRate", "--lr"),
      Map.entry("learningRateDecay", "--lr-decay"), Map.entry("decayAfter", "--lr-decay-after"),
      Map.entry("clipValue", "--clip"), Map.entry("clipNorm", "--clip-norm"), Map.entry("valFraction", "--val-frac"),
      Map.entry("evalEvery", "--eval-every"), Map.entry("sampleEvery", "--sample-every"),
      Map.entry("sampleLength", "--sample-length"), Map.entry("forgetBias", "--forget-bias"),
      Map.entry("warmup", "--warmup"), Map.entry("lrFloor", "--lr-floor"), Map.entry("evalChars", "--eval-chars"));

  private ModelConfig modelConfig(ModelConfig b) {
    ModelConfig.Builder m = b.toBuilder();
    if (model != null) {
      m.cell(CellType.parse(model));
    }
    if (hidden != null) {
      m.hiddenSize(hidden);
    }
    if (layers != null) {
      m.layers(layers);
    }
    if (embedding != null) {
      m.embedding(embedding);
    }
    if (dropout != null) {
      m.dropout(dropout);
    }
    if (init != null) {
      m.init(Initialization.parse(init));
    }
    if (forgetBias != null) {
      m.forgetBias(forgetBias);
    }
    if (unigramBias != null) {
      m.unigramBias(unigramBias);
    }
    return Flags.named(FLAGS, m::build);
  }

  private TrainingConfig trainingConfig(TrainingConfig b, boolean resuming) {
    if (resuming && (model != null || layers != null || hidden != null || embedding != null || preset != null
        || init != null || forgetBias != null || unigramBias != null)) {
      throw new IllegalArgumentException("--resume continues the checkpoint's model; drop --model/--layers/--hidden/--embedding/--init/--preset");
    }
    OptimizerKind opt = optimizer != null ? OptimizerKind.parse(optimizer) : b.optimizer();
    float rate = lr != null ? lr : (opt != b.optimizer() ? opt.defaultLearningRate() : b.learningRate().base());
    float decay = lrDecay != null ? lrDecay : b.learningRate().decay();
    int after = lrDecayAfter != null ? lrDecayAfter : (b.learningRate().decay() == 1f ? 10 : b.learningRate().decayAfter());
    LearningRateSchedule.Anneal anneal = schedule != null ? LearningRateSchedule.Anneal.parse(schedule)
        : b.learningRate().anneal();
    int warm = warmup != null ? warmup : b.learningRate().warmup();
    float floor = lrFloor != null ? lrFloor : b.learningRate().floor();
    if (iters != null && iters < 1) {
      throw new IllegalArgumentException("--iters must be >= 1, got " + iters);
    }
    if (epochs != null && epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    double secs = time != null ? Durations.seconds(time, "--time") : 0;
    long maxIters = iters != null ? iters : 0;
    // no limit given: 50 epochs
    int maxEpochs = epochs != null ? epochs : maxIters == 0 && secs == 0 ? 50 : 0;
    return Flags.named(FLAGS, () -> {
      TrainingConfig.Builder t = b.toBuilder().optimizer(opt).learningRate(new LearningRateSchedule(rate, decay, after, warm, anneal, floor))
          .maxIterations(maxIters).maxEpochs(maxEpochs).maxSeconds(secs);
      if (batch != null) {
        t.batch(batch);
      }
      if (seq != null) {
        t.steps(seq);
      }
      if (clip != null) {
        t.clipValue(clip);
      }
      if (clipNorm != null) {
        t.clipNorm(clipNorm);
      }
      if (valFrac != null) {
        t.valFraction(valFrac);
      }
      if (evalEvery != null) {
        t.evalEvery(evalEvery);
      }
      if (seed != null) {
        t.seed(seed);
      }
      if (sampleEvery != null) {
        t.sampleEvery(sampleEvery);
      }
      if (sampleLength != null) {
        t.sampleLength(sampleLength);
      }
      if (evalChars != null) {
        t.evalChars(evalChars);
      }
      return t.build();
    });
  }
}
