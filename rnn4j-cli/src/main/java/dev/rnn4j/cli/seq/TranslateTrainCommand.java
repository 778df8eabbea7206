package dev.rnn4j.cli.seq;

import dev.rnn4j.cli.Flags;
import dev.rnn4j.cli.StopOnSignal;
import dev.rnn4j.cli.Terminal;
import dev.rnn4j.seq.data.ParallelText;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.seq.translate.SentencePair;
import dev.rnn4j.seq.translate.TranslationCheckpoint;
import dev.rnn4j.seq.translate.TranslationConfig;
import dev.rnn4j.seq.translate.TranslationEncoding;
import dev.rnn4j.seq.translate.TranslationTrainer;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.train.CheckpointWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rnn4j translate train --src --tgt [--dev-src --dev-tgt] --out DIR}: trains a translator. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train an encoder-decoder on aligned text files (one sentence a line, line i of one the "
        + "translation of line i of the other).",
        "Tokenisation is automatic: lower-cased (unless --no-lowercase), punctuation split off, words seen fewer "
            + "than --min-count times become <UNK>, or with --bpe subword units.",
        "Writes last.safetensors and best.safetensors (best dev BLEU-4 of greedy translations) to --out."})
final class TranslateTrainCommand implements Callable<Integer> {
  @Option(names = "--src", required = true, paramLabel = "FILE", description = "training sentences, source language")
  Path src;

  @Option(names = "--tgt", required = true, paramLabel = "FILE", description = "their translations")
  Path tgt;

  @Option(names = "--dev-src", paramLabel = "FILE", description = "held-out sentences that pick the best checkpoint")
  Path devSrc;

  @Option(names = "--dev-tgt", paramLabel = "FILE", description = "their reference translations")
  Path devTgt;

  @Option(names = "--max-length", description = "longest sentence in words, either language; also caps a "
      + "translation's length (default 80)")
  int maxLength = 80;

  @Mixin
  TranslateModelFlags model = new TranslateModelFlags();

  @Mixin
  SeqTrainingFlags training = new SeqTrainingFlags();

  @Override
  public Integer call() throws Exception {
    Blas.setThreads(Math.max(1, training.threads));
    Flags.positive("--max-length", maxLength);
    if ((devSrc == null) != (devTgt == null)) {
      throw new IllegalArgumentException("--dev-src and --dev-tgt go together");
    }
    TranslationCheckpoint checkpoint = training.resume != null ? TranslationCheckpoint.load(training.resume) : null;
    int limit = checkpoint != null ? checkpoint.maxLength() : maxLength;
    ParallelText train = ParallelText.read(src, tgt, limit);
    ParallelText dev = devSrc != null ? ParallelText.read(devSrc, devTgt, limit) : null;
    TranslationEncoding encoding = checkpoint != null ? checkpoint.encoding()
        : model.learnEncoding(train.source(), train.target());
    List<SentencePair> trainPairs = pairs(encoding, train);
    List<SentencePair> devPairs = dev != null ? pairs(encoding, dev) : List.of();
    List<List<String>> devReferences = new ArrayList<>();
    if (dev != null) {
      for (String line : dev.target()) {
        devReferences.add(encoding.words(line));
      }
    }
    SeqTrainingConfig tc = training.config(false, checkpoint != null ? checkpoint.trainingConfig() : null);
    Path out = training.out != null ? training.out : Path.of("runs", "translate");
    TranslationTrainer trainer;
    if (checkpoint != null) {
      if (model.anyGiven()) {
        throw new IllegalArgumentException("--resume continues the checkpoint's model; drop the model flags");
      }
      trainer = TranslationTrainer.resume(checkpoint, trainPairs, devPairs, devReferences, tc);
    } else {
      trainer = TranslationTrainer.create(model.config(encoding), encoding, trainPairs, devPairs, devReferences, tc,
          limit);
    }
    run(trainer, out, trainPairs.size(), devPairs.size(), System.out);
    return 0;
  }

  private static List<SentencePair> pairs(TranslationEncoding encoding, ParallelText text) {
    List<SentencePair> out = new ArrayList<>(text.size());
    for (int i = 0; i < text.size(); i++) {
      out.add(encoding.pair(text.source().get(i), text.target().get(i)));
    }
    return out;
  }

  private static void run(TranslationTrainer trainer, Path out, int trainSize, int devSize, PrintStream stdout) {
    TranslationConfig c = trainer.model().config();
    TranslationEncoding e = trainer.encoding();
    stdout.printf(Locale.ROOT, "data: %,d sentence pairs, %,d dev | %s%s, vocabularies %,d source and %,d target "
            + "%s%n", trainSize, devSize, e.lowercase() ? "lower-cased" : "case kept",
        e.subwords() ? ", " + e.merges() + " byte-pair merges" : "", c.sourceVocab(), c.targetVocab(),
        e.subwords() ? "units" : "words");
    stdout.printf(Locale.ROOT, "model: %s encoder %s x%d of %d, decoder x%d of %d, embedding %d, attention %s, "
            + "dropout %s, %,d parameters%n", c.bidirectional() ? "bidirectional" : "unidirectional",
        c.cell().label(), c.encoderLayers(), c.hidden(), c.decoderLayers(), c.decoderHidden(), c.embedding(),
        c.attentionLabel(), c.dropout(), trainer.model().parameters().size());
    CheckpointWriter writer = new CheckpointWriter(out);
    SeqProgress progress = new SeqProgress(stdout, System.err, Terminal.interactive(), "target tokens",
        "dev BLEU-4 %.2f");
    trainer.addListener(progress);
    trainer.addListener(writer);
    StopOnSignal stop = new StopOnSignal(trainer::requestStop);
    try {
      trainer.run();
      if (Double.isNaN(trainer.best())) {
        stdout.printf(Locale.ROOT, "checkpoint: %s (no dev data: %s is the last model too)%n", writer.last(),
            writer.best().getFileName());
      } else {
        stdout.printf(Locale.ROOT, "checkpoint: %s (best dev BLEU-4 %.2f: %s)%n", writer.last(),
            100 * trainer.best(), writer.best());
      }
    } finally {
      progress.endLine();
      stop.close();
    }
  }
}
