package dev.rnn4j.cli.seq;

import dev.rnn4j.cli.DecodingFlags;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.score.Bleu;
import dev.rnn4j.score.BleuScore;
import dev.rnn4j.seq.data.ParallelText;
import dev.rnn4j.seq.translate.SentencePair;
import dev.rnn4j.seq.translate.TranslationCheckpoint;
import dev.rnn4j.seq.translate.TranslationEncoding;
import dev.rnn4j.seq.translate.TranslationSearch;
import dev.rnn4j.seq.translate.Translator;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.tensor.Rng;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j translate eval CKPT --src FILE --ref FILE}: corpus BLEU-1..4 and the references' perplexity. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Score a translator on aligned files: corpus BLEU-1..4 with brevity penalty of its translations "
        + "(beam 5 by default), on the model's tokenisation, and the perplexity of the references.",
        "--max-length also bounds the source lines accepted (default: the model's limit)."})
final class TranslateEvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "a translator's checkpoint")
  Path checkpoint;

  @Option(names = "--src", required = true, paramLabel = "FILE", description = "sentences to translate")
  Path src;

  @Option(names = "--ref", required = true, paramLabel = "FILE", description = "their reference translations")
  Path ref;

  @Option(names = "--show", paramLabel = "N", description = "also print the first N translations beside their "
      + "references")
  int show;

  @Option(names = "--threads", description = "OpenBLAS threads (default 1)")
  int threads = 1;

  @Mixin
  DecodingFlags decoding = new DecodingFlags();

  @Override
  public Integer call() throws Exception {
    Blas.setThreads(Math.max(1, threads));
    TranslationCheckpoint c = TranslationCheckpoint.load(checkpoint);
    DecodingOptions options = decoding.options(5, c.maxLength());
    Translator model = c.model();
    TranslationEncoding encoding = c.encoding();
    ParallelText text = ParallelText.read(src, ref, options.maxLength());
    List<SentencePair> pairs = new ArrayList<>(text.size());
    List<List<List<String>>> references = new ArrayList<>(text.size());
    for (int i = 0; i < text.size(); i++) {
      pairs.add(encoding.pair(text.source().get(i), text.target().get(i)));
      references.add(List.of(encoding.words(text.target().get(i))));
    }
    double loss = 0;
    long tokens = 0;
    int[] count = new int[1];
    for (int from = 0; from < pairs.size(); from += 64) {
      loss += model.summedLoss(pairs.subList(from, Math.min(pairs.size(), from + 64)), count);
      tokens += count[0];
    }
    List<int[]> written = translate(model, pairs, options);
    List<List<String>> candidates = new ArrayList<>(written.size());
    for (int[] ids : written) {
      candidates.add(encoding.targetWords(ids));
    }
    BleuScore bleu = Bleu.corpus(candidates, references);
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "%s: %,d sentences, %s%n", src, pairs.size(), DecodingFlags.describe(options));
    out.printf(Locale.ROOT, "%s%n", bleu);
    out.printf(Locale.ROOT, "perplexity of the references: %.3f (%.4f nats per target %s)%n",
        Math.exp(loss / tokens), loss / tokens, encoding.subwords() ? "unit" : "word");
    for (int i = 0; i < Math.min(show, pairs.size()); i++) {
      out.printf("%s%n  -> %s%n  ref %s%n", text.source().get(i), String.join(" ", candidates.get(i)),
          String.join(" ", references.get(i).get(0)));
    }
    return 0;
  }

  /** Greedy in batches when that is the choice (the same words, faster); otherwise one sentence at a time. */
  private static List<int[]> translate(Translator model, List<SentencePair> pairs, DecodingOptions options) {
    List<int[]> sources = pairs.stream().map(SentencePair::source).toList();
    if (options.beam() == 1 && !options.sampling()) {
      return TranslationSearch.greedy(model, sources, 64, options.maxLength());
    }
    Rng rng = new Rng(1);
    List<int[]> out = new ArrayList<>(sources.size());
    for (int[] s : sources) {
      out.add(TranslationSearch.translate(model, s, options, rng).words());
    }
    return out;
  }
}
