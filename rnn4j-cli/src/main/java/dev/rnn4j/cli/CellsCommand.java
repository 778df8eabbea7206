package dev.rnn4j.cli;

import dev.rnn4j.inspect.ActivationRecorder;
import dev.rnn4j.inspect.CellSearch;
import dev.rnn4j.inspect.GateSaturation;
import dev.rnn4j.inspect.Probe;
import dev.rnn4j.inspect.Probes;
import dev.rnn4j.inspect.RegexProbe;
import dev.rnn4j.inspect.UnitId;
import dev.rnn4j.inspect.UnitScore;
import dev.rnn4j.model.CellType;
import dev.rnn4j.report.CellsReport;
import dev.rnn4j.tensor.Blas;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.train.Checkpoint;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j cells CKPT --text FILE --out report.html}: searches the model's units for ones that track
 * the text's structure and writes an HTML report (see {@link CellsReport}).
 */
@Command(name = "cells", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Find interpretable cells: score every unit against probes of the text's structure and "
        + "write a self-contained HTML report.")
final class CellsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "checkpoint written by train")
  Path checkpoint;

  @Option(names = "--text", required = true, paramLabel = "FILE", description = "UTF-8 text to run the model over")
  Path text;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "HTML report to write")
  Path out;

  @Option(names = "--probe", paramLabel = "NAME=REGEX",
      description = "your own probe: 1 inside each match of REGEX (Java syntax); repeatable")
  List<String> probes = new ArrayList<>();

  @Option(names = "--cell", paramLabel = "LAYER:INDEX",
      description = "also show this unit (layers from 0; an LSTM's c unless written L:hI); repeatable")
  List<String> cells = new ArrayList<>();

  @Option(names = "--top", description = "units shown per probe (default 3)")
  int top = 3;

  @Option(names = "--excerpt", paramLabel = "CHARS", description = "characters per excerpt (default 400)")
  int excerpt = 400;

  @Option(names = "--excerpts", paramLabel = "N", description = "excerpts per probe (default 2)")
  int excerpts = 2;

  @Option(names = "--max-chars", paramLabel = "N", description = "search only the first N characters (default all)")
  int maxChars = Integer.MAX_VALUE;

  @Override
  public Integer call() throws Exception {
    Flags.positive("--top", top);
    Flags.positive("--excerpt", excerpt);
    Flags.positive("--excerpts", excerpts);
    Flags.positive("--max-chars", maxChars);
    Map<String, String> userProbes = new LinkedHashMap<>();
    List<RegexProbe> regexProbes = new ArrayList<>();
    for (String spec : probes) {
      RegexProbe p;
      try {
        p = RegexProbe.parse(spec);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--probe " + e.getMessage());
      }
      if (userProbes.put(p.name(), p.pattern().pattern()) != null) {
        throw new IllegalArgumentException("--probe " + p.name() + " is given twice");
      }
      regexProbes.add(p);
    }
    if (out.getParent() != null && !Files.isDirectory(out.getParent())) {
      throw new IllegalArgumentException("--out " + out + ": directory " + out.getParent() + " does not exist");
    }
    long t0 = System.nanoTime();
    // The statistics run on a second thread beside the model; products of a few dozen rows gain little
    // from more BLAS threads than that leaves.
    int blasThreads = Blas.threads();
    Blas.setThreads(1);
    try {
      return search(t0, userProbes, regexProbes);
    } finally {
      if (blasThreads >= 1) { // OpenBLAS answers -1 before its first product
        Blas.setThreads(blasThreads);
      }
    }
  }

  private int search(long t0, Map<String, String> userProbes, List<RegexProbe> regexProbes) throws Exception {
    Checkpoint ckpt = Checkpoint.load(checkpoint);
    CellType cell = ckpt.model().config().cell();
    List<UnitId> named = new ArrayList<>();
    for (String c : cells) {
      try {
        named.add(UnitId.parse(c, cell == CellType.LSTM ? UnitId.Kind.C : UnitId.Kind.H));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--cell " + e.getMessage());
      }
    }
    Vocabulary vocab = ckpt.vocabulary();
    Corpus corpus = Corpus.load(text, vocab);
    int[] ids = corpus.all().toArray();
    String note = "";
    if (ids.length > maxChars) {
      note = String.format(Locale.ROOT, "Only the first %,d of %,d characters were searched (--max-chars).",
          maxChars, ids.length);
      ids = Arrays.copyOf(ids, maxChars);
    }
    int[] symbols = new int[ids.length];
    for (int t = 0; t < ids.length; t++) {
      symbols[t] = vocab.symbol(ids[t]);
    }
    List<Probe> all = new ArrayList<>(Probes.builtIn(symbols));
    for (RegexProbe p : regexProbes) {
      all.add(p.probe(symbols));
    }
    CellSearch.Result result;
    try {
      result = CellSearch.run(ckpt.model(), vocab, ids, all,
          new CellSearch.Options(top, excerpt, excerpts, named, ActivationRecorder.DEFAULT_WINDOW, 0));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith("unit ") ? "--cell " + e.getMessage() : e.getMessage());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    CellsReport.write(out, result, new CellsReport.Source(checkpoint.getFileName().toString(),
        text.getFileName().toString(), note, seconds, userProbes));
    print(result, seconds, cell);
    return 0;
  }

  private void print(CellSearch.Result r, double seconds, CellType cell) throws java.io.IOException {
    PrintStream o = System.out;
    o.printf(Locale.ROOT, "cells: %,d characters, mean loss %.4f nats/char, searched in %.1f s%n", r.length(),
        r.meanLoss(), seconds);
    for (CellSearch.Ranking ranking : r.rankings()) {
      List<UnitScore> best = ranking.top();
      o.printf(Locale.ROOT, "  %-16s %s%n", ranking.probe().name(), best.isEmpty() ? "constant over the text"
          : best.get(0).unit() + "  " + best.get(0).describe());
    }
    if (!GateSaturation.hasGates(cell)) {
      o.println("note: no gate saturation plots: they need a cell with gates (lstm, gru, mut1-3), this model is "
          + cell.label());
    }
    o.printf(Locale.ROOT, "report: %s (%,d KB)%n", out, (Files.size(out) + 1023) / 1024);
  }
}
