package dev.rnn4j.cli.seq;

import dev.rnn4j.seq.eval.ConfusionMatrix;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.text.WordVocabulary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j tag eval CKPT TEST.conllu}: token accuracy and per-tag precision and recall. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Score a tagger on CoNLL-U data: token accuracy, accuracy on words outside the vocabulary, "
        + "per-tag precision, recall and F1.")
final class TagEvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "a tagger's checkpoint")
  Path checkpoint;

  @Parameters(index = "1", paramLabel = "TEST.conllu", description = "sentences with gold tags")
  Path test;

  @Option(names = "--matrix", description = "also print the confusion matrix")
  boolean matrix;

  @Option(names = "--threads", description = "OpenBLAS threads (default 1)")
  int threads = 1;

  @Override
  public Integer call() throws Exception {
    Blas.setThreads(Math.max(1, threads));
    SeqCheckpoint c = SeqCheckpoint.load(checkpoint, SeqKind.TAGGER);
    SeqEncoding encoding = c.encoding();
    TagData data = TagData.read(test, c.tagColumn());
    List<Example> examples = data.examples(encoding);
    long start = System.nanoTime();
    Predictor.Result r = new Predictor(c.model(), 64).run(examples);
    double seconds = (System.nanoTime() - start) / 1e9;
    ConfusionMatrix cm = new ConfusionMatrix(encoding.labels());
    long oov = 0;
    long oovRight = 0;
    boolean words = encoding.wordVocabSize() > 0;
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      int[] got = r.labels().get(i);
      for (int k = 0; k < got.length; k++) {
        cm.add(encoding.label(e.tags()[k]), encoding.label(got[k]));
        if (words && e.units()[k] == WordVocabulary.UNK) {
          oov++;
          oovRight += e.tags()[k] == got[k] ? 1 : 0;
        }
      }
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "%s: %,d sentences, %,d words, %s tags%n", test.getFileName(), examples.size(),
        data.words(), c.tagColumn().toUpperCase(Locale.ROOT));
    out.printf(Locale.ROOT, "token accuracy %.2f%% | dev loss %.4f nats/word | %,.0f words/s%n", 100 * cm.accuracy(),
        r.loss(), data.words() / seconds);
    if (words) {
      out.printf(Locale.ROOT, "words outside the vocabulary: %,d (%.1f%%), accuracy on them %.2f%%%n", oov,
          100.0 * oov / data.words(), oov == 0 ? Double.NaN : 100.0 * oovRight / oov);
    }
    out.print(cm.renderScores());
    if (matrix) {
      out.print(cm.renderMatrix());
    }
    return 0;
  }
}
