package dev.rnn4j.cli.caption;

import dev.rnn4j.caption.data.CaptionSet;
import dev.rnn4j.caption.data.ImageFeatures;
import dev.rnn4j.caption.data.Subset;
import dev.rnn4j.caption.eval.CaptionBaseline;
import dev.rnn4j.caption.eval.CaptionDataset;
import dev.rnn4j.caption.eval.CaptionEvaluator;
import dev.rnn4j.caption.train.CaptionCheckpoint;
import dev.rnn4j.cli.DecodingFlags;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.score.Bleu;
import dev.rnn4j.score.BleuScore;
import dev.rnn4j.text.WordVocabulary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j caption eval CKPT --captions FILE --features FEATS}: corpus BLEU-1..4 of the captions the
 * model writes for a subset's images, and the perplexity of their reference captions.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Score a captioning model on a subset: corpus BLEU-1..4 (with brevity penalty) of its captions"
        + " against the references, and the references' perplexity.")
final class CaptionEvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "captioning checkpoint (.safetensors)")
  Path checkpoint;

  @Option(names = "--captions", required = true, paramLabel = "FILE",
      description = "dataset.json, or Flickr8k.token.txt with its split lists beside it")
  Path captions;

  @Option(names = "--features", required = true, paramLabel = "FEATS",
      description = "image features (.safetensors, .tsv, .npy), or 'none'")
  String features;

  @Option(names = "--subset", description = "train, val or test (default test)")
  String subset = "test";

  @Mixin
  DecodingFlags decoding;

  @Option(names = "--seed", description = "random seed for --temperature (default 1)")
  long seed = 1;

  @Option(names = "--baseline", description = "also score the most common training caption given to every image")
  boolean baseline;

  @Option(names = "--show", paramLabel = "N", description = "print the first N images' captions and a reference")
  int show;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    DecodingOptions options = decoding.options(3, 20);
    Subset s = parseSubset(subset);
    CaptionCheckpoint ck = CaptionCheckpoint.load(checkpoint);
    WordVocabulary vocab = WordVocabulary.parse(ck.vocabulary());
    CaptionSet set = CaptionInputs.captions(captions);
    ImageFeatures feats = CaptionInputs.features(features, set);
    CaptionDataset data = CaptionInputs.dataset(set, s, feats, features, vocab, ck.model().config().featureWidth(), out);
    CaptionEvaluator.Evaluation e = new CaptionEvaluator(data, vocab, options, seed).evaluate(ck.model());
    String name = s.name().toLowerCase(Locale.ROOT);
    out.printf(Locale.ROOT, "%s: %d images, %d captions, %s%n", name, data.images().size(), data.encoded().size(),
        DecodingFlags.describe(options));
    out.printf(Locale.ROOT, "model:    %s | length %d / reference %d%n", CaptionProgress.bleu(e.bleu()),
        e.bleu().candidateLength(), e.bleu().referenceLength());
    out.printf(Locale.ROOT, "perplexity of the references: %.3f (%.4f nats/word)%n", e.perplexity(),
        Math.log(e.perplexity()));
    if (baseline) {
      List<String> common = CaptionBaseline.mostCommon(set.captions(Subset.TRAIN));
      BleuScore b = Bleu.corpus(CaptionBaseline.repeated(common, data.images().size()), data.references());
      out.printf(Locale.ROOT, "baseline: %s | every image: \"%s\"%n", CaptionProgress.bleu(b), String.join(" ", common));
    }
    for (int i = 0; i < Math.min(show, data.images().size()); i++) {
      out.printf("%s\t%s\t(reference: %s)%n", data.images().get(i), String.join(" ", e.captions().get(i)),
          String.join(" ", data.references().get(i).get(0)));
    }
    return 0;
  }

  private static Subset parseSubset(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "train":
        return Subset.TRAIN;
      case "val":
        return Subset.VAL;
      case "test":
        return Subset.TEST;
      default:
        throw new IllegalArgumentException("--subset must be train, val or test, got '" + s + "'");
    }
  }
}
