package dev.rnn4j.cli.seq;

import dev.rnn4j.cli.DecodingFlags;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.report.AttentionPage;
import dev.rnn4j.seq.translate.SentencePair;
import dev.rnn4j.seq.translate.TranslationCheckpoint;
import dev.rnn4j.seq.translate.TranslationEncoding;
import dev.rnn4j.seq.translate.TranslationSearch;
import dev.rnn4j.seq.translate.Translator;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.WordVocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j translate predict CKPT [FILE|-]}: one sentence a line in, its translation a line out, as soon as
 * the line is read; optionally the attention of every sentence as an HTML heat map.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Translate raw text, one sentence a line (standard input when FILE is - or absent), one "
        + "translation a line (an empty line stays empty), each as soon as its line is read.",
        "--max-length also bounds the source lines accepted (default: the model's limit)."})
final class TranslatePredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "a translator's checkpoint")
  Path checkpoint;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "input text (default -: standard input)")
  String file = "-";

  @Option(names = "--attention", paramLabel = "FILE.html", description = "also write each sentence's attention "
      + "(which source words each output word read) as a heat map to this page")
  Path attentionPage;

  @Option(names = "--seed", description = "seed of sampling (with --temperature; default 1)")
  long seed = 1;

  @Mixin
  DecodingFlags decoding = new DecodingFlags();

  @Override
  public Integer call() throws Exception {
    TranslationCheckpoint c = TranslationCheckpoint.load(checkpoint);
    DecodingOptions options = decoding.options(5, c.maxLength());
    Translator model = c.model();
    if (attentionPage != null && !model.config().attends()) {
      throw new IllegalArgumentException(checkpoint + " was trained without attention; there is none to show");
    }
    TranslationEncoding encoding = c.encoding();
    Rng rng = new Rng(seed);
    List<AttentionPage.Alignment> alignments = new ArrayList<>();
    PrintStream out = System.out;
    InputLines.forEach(file, (line, number) -> {
      if (line.isBlank()) {
        out.println();
        out.flush();
        return;
      }
      int words = line.strip().split("\\s+").length;
      if (words > options.maxLength()) {
        throw new IOException((file.equals("-") ? "standard input" : file) + ":" + number + ": has " + words
            + " words, more than the limit of " + options.maxLength() + " (raise --max-length to allow it)");
      }
      int[] source = encoding.encodeSource(line);
      int[] written = TranslationSearch.translate(model, source, options, rng).words();
      out.println(String.join(" ", encoding.targetWords(written)));
      out.flush();
      if (attentionPage != null) {
        List<String> target = new ArrayList<>(encoding.targetUnits(written));
        target.add(encoding.targetVocabulary().word(WordVocabulary.END));
        alignments.add(new AttentionPage.Alignment(encoding.sourceUnits(line), target,
            model.alignment(new SentencePair(source, written))));
      }
    });
    if (attentionPage != null) {
      AttentionPage.write(attentionPage, "Attention of " + checkpoint.getFileName(), alignments);
      System.err.println("wrote the attention of " + alignments.size() + " sentences to " + attentionPage);
    }
    return 0;
  }
}
