package dev.rnn4j.cli.caption;

import dev.rnn4j.caption.data.Caption;
import dev.rnn4j.caption.data.CaptionSet;
import dev.rnn4j.caption.data.ImageFeatures;
import dev.rnn4j.caption.data.Subset;
import dev.rnn4j.caption.eval.CaptionDataset;
import dev.rnn4j.caption.eval.CaptionEvaluator;
import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.ImageInjection;
import dev.rnn4j.caption.train.CaptionCheckpoint;
import dev.rnn4j.caption.train.CaptionTrainer;
import dev.rnn4j.caption.train.CaptionTrainingConfig;
import dev.rnn4j.cli.Durations;
import dev.rnn4j.cli.Flags;
import dev.rnn4j.cli.StopOnSignal;
import dev.rnn4j.cli.Terminal;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.model.CellType;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.text.WordVocabulary;
import dev.rnn4j.train.CheckpointWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j caption train --captions FILE --features FEATS}: trains a captioning model, validating
 * BLEU-1..4 and perplexity each epoch; keeps the best checkpoint (by BLEU-4) and the last.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train an image-captioning model (image features -> recurrent word model).",
        "Writes last.safetensors and best.safetensors (best validation BLEU-4; perplexity with --features none)"
            + " to the output directory."})
final class CaptionTrainCommand implements Callable<Integer> {
  @Option(names = "--captions", required = true, paramLabel = "FILE",
      description = "dataset.json, or Flickr8k.token.txt with its split lists beside it")
  Path captions;

  @Option(names = "--features", required = true, paramLabel = "FEATS",
      description = "image features (.safetensors, .tsv, .npy), or 'none' for a caption language model")
  String features;

  @Option(names = "--cell", description = "rnn, lstm or gru (default lstm)")
  String cell = "lstm";

  @Option(names = "--layers", description = "stacked recurrent layers (default 1)")
  int layers = 1;

  @Option(names = "--hidden", description = "units per layer (default 256)")
  int hidden = 256;

  @Option(names = "--embedding", description = "word embedding width (default 256)")
  int embedding = 256;

  @Option(names = "--injection", paramLabel = "every|first",
      description = "image added at every step (the lecture) or fed as the first input (Show and Tell); default every")
  String injection = "every";

  @Option(names = "--dropout", description = "dropout on the recurrent layers' outputs, in [0,1) (default 0)")
  float dropout;

  @Option(names = "--min-count", description = "keep training words seen at least this often (default 5)")
  int minCount = 5;

  @Option(names = "--no-normalize", description = "use the features as they are, not standardised")
  boolean noNormalize;

  @Option(names = "--epochs", description = "stop after this many epochs (default 10 when no other limit)")
  Integer epochs;

  @Option(names = "--iters", description = "stop after this many updates in all")
  Long iters;

  @Option(names = "--time", paramLabel = "DURATION", description = "stop after this wall time, e.g. 90s, 10m")
  String time;

  @Option(names = "--batch", description = "captions per update (default 50)")
  int batch = 50;

  @Option(names = "--lr", description = "Adam learning rate (default 1e-3)")
  float lr = 1e-3f;

  @Option(names = "--clip-norm", description = "global-norm gradient clip; 0 = off (default 5)")
  float clipNorm = 5f;

  @Option(names = "--val-beam", paramLabel = "K", description = "beams for the validation captions (default 1: greedy)")
  int valBeam = 1;

  @Option(names = "--max-length", description = "most words per validation caption (default 20)")
  int maxLength = 20;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default runs/caption)")
  Path out = Path.of("runs", "caption");

  @Option(names = "--resume", paramLabel = "CKPT", description = "continue training from a checkpoint")
  Path resume;

  @Option(names = "--seed", description = "random seed (default 42)")
  long seed = 42;

  @Option(names = "--threads", description = "OpenBLAS threads (default 1)")
  int threads = 1;

  @Override
  public Integer call() throws Exception {
    PrintStream stdout = System.out;
    Flags.positive("--threads", threads);
    Flags.positive("--min-count", minCount);
    Flags.positive("--val-beam", valBeam);
    Flags.positive("--max-length", maxLength);
    Blas.setThreads(threads);
    CaptionCheckpoint checkpoint = resume != null ? CaptionCheckpoint.load(resume) : null;
    CaptionSet set = CaptionInputs.captions(captions);
    ImageFeatures feats = CaptionInputs.features(features, set);
    WordVocabulary vocab = checkpoint != null ? WordVocabulary.parse(checkpoint.vocabulary())
        : WordVocabulary.build(set.captions(Subset.TRAIN).stream().map(Caption::tokens).toList(), minCount);
    int width = checkpoint != null ? checkpoint.model().config().featureWidth() : 0;
    CaptionDataset train = CaptionInputs.dataset(set, Subset.TRAIN, feats, features, vocab, width, stdout);
    CaptionDataset val = CaptionInputs.dataset(set, Subset.VAL, feats, features, vocab, width, stdout);
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training captions with image features (train: " + train.match().summary()
          + ")");
    }
    // without images every caption written is the same: BLEU says nothing, perplexity picks the best
    CaptionEvaluator evaluator = val.isEmpty() || CaptionInputs.NONE.equals(features) ? null
        : new CaptionEvaluator(val, vocab, new DecodingOptions(valBeam, false, 0f, maxLength), seed);
    CaptionTrainingConfig tc = trainingConfig(checkpoint != null ? checkpoint.trainingConfig() : null);
    CaptionTrainer trainer;
    if (checkpoint != null) {
      if (!"lstm".equals(cell) || layers != 1 || hidden != 256 || embedding != 256 || !"every".equals(injection)) {
        throw new IllegalArgumentException("--resume continues the checkpoint's model; drop --cell/--layers/--hidden/"
            + "--embedding/--injection");
      }
      trainer = CaptionTrainer.resume(checkpoint, train.encoded(), val.encoded(), evaluator, tc);
    } else {
      trainer = CaptionTrainer.create(modelConfig(feats.width(), vocab.size()), vocab.serialize(), train.encoded(),
          val.encoded(), evaluator, tc);
    }
    CaptionConfig mc = trainer.model().config();
    stdout.printf(Locale.ROOT, "data: %d train images (%d captions), %d val images, vocabulary %d words, features %s"
            + " (width %d)%n", train.images().size(), train.encoded().size(), val.images().size(), vocab.size(),
        features, feats.width());
    stdout.printf(Locale.ROOT, "model: %s x%d, hidden %d, embedding %d, image %s, dropout %s, %,d parameters%n",
        mc.cell().label(), mc.layers(), mc.hidden(), mc.embedding(), mc.injection().label(), mc.dropout(),
        trainer.model().parameters().size());
    CheckpointWriter writer = new CheckpointWriter(out);
    CaptionProgress progress = new CaptionProgress(stdout, System.err, Terminal.interactive(), evaluator);
    trainer.addListener(progress);
    trainer.addListener(writer);
    StopOnSignal stop = new StopOnSignal(trainer::requestStop);
    try {
      trainer.run();
      stdout.printf(Locale.ROOT, "checkpoint: %s (best %s %.4f: %s)%n", writer.last(),
          evaluator != null ? "BLEU-4" : "perplexity", trainer.best(), writer.best());
      return 0;
    } finally {
      progress.endLine();
      stop.close();
    }
  }

  /** The command line's name of each config setting it sets, for refusals that name the flag typed. */
  private static final Map<String, String> FLAGS = Map.of("cell", "--cell", "layers", "--layers", "hidden", "--hidden",
      "embedding", "--embedding", "dropout", "--dropout", "batch", "--batch", "learningRate", "--lr", "clipNorm",
      "--clip-norm");

  private CaptionConfig modelConfig(int featureWidth, int vocabSize) {
    CellType c = CellType.parse(cell);
    ImageInjection i = ImageInjection.parse(injection);
    return Flags.named(FLAGS, () -> CaptionConfig.builder(featureWidth, vocabSize).cell(c).layers(layers)
        .hidden(hidden).embedding(embedding).injection(i).dropout(dropout).build());
  }

  private CaptionTrainingConfig trainingConfig(CaptionTrainingConfig resumed) {
    if (epochs != null) {
      Flags.positive("--epochs", epochs);
    }
    if (iters != null) {
      Flags.positive("--iters", iters);
    }
    double secs = time != null ? Durations.seconds(time, "--time") : 0;
    int maxEpochs = epochs != null ? epochs : 0;
    long maxIters = iters != null ? iters : 0;
    if (maxEpochs == 0 && maxIters == 0 && secs == 0) {
      maxEpochs = resumed != null ? resumed.maxEpochs() : 10;
    }
    if (resumed != null) {
      return resumed.withLimits(maxEpochs, maxIters, secs);
    }
    int epochLimit = maxEpochs;
    return Flags.named(FLAGS, () -> CaptionTrainingConfig.builder().batch(batch)
        .learningRate(LearningRateSchedule.constant(lr)).clipNorm(clipNorm).maxEpochs(epochLimit)
        .maxIterations(maxIters).maxSeconds(secs).seed(seed).normalizeFeatures(!noNormalize).build());
  }
}
