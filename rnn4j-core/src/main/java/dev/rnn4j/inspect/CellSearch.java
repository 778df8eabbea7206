package dev.rnn4j.inspect;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The interpretable-cell search of Karpathy, Johnson and Fei-Fei 2015 in two passes over a text.
 * Pass 1 runs the model over the whole text once and streams every unit into {@link Association} (scores
 * against every probe), every gate into {@link GateSaturation}, and the loss into a mean. Pass 2 picks,
 * per probe, excerpts where the probe is busy ({@link ExcerptPicker}) and replays only the windows that
 * cover them, recording the chosen units (each probe's top units and any named ones), the loss paid for
 * each character and the model's five best guesses for the character after it.
 */
public final class CellSearch {
  /** Guesses kept per excerpt character. */
  public static final int GUESSES = 5;

  /**
   * What to look for.
   *
   * @param top              units listed per probe
   * @param excerptLength    characters per excerpt (about: excerpts snap to line boundaries)
   * @param excerptsPerProbe excerpts shown per probe
   * @param named            units to show whatever their scores
   * @param window           steps per recorded window
   * @param streams          pieces the text is read in side by side (see {@link ActivationRecorder}); 0 =
   *                         {@link #autoStreams}
   */
  public record Options(int top, int excerptLength, int excerptsPerProbe, List<UnitId> named, int window,
                        int streams) {
    public Options {
      if (top < 1 || excerptLength < 1 || excerptsPerProbe < 1 || window < 1 || streams < 0) {
        throw new IllegalArgumentException("top, excerpt length, excerpts per probe and window must be >= 1, "
            + "streams >= 0");
      }
      named = List.copyOf(named);
    }

    public static Options defaults() {
      return new Options(3, 400, 2, List.of(), ActivationRecorder.DEFAULT_WINDOW, 0);
    }
  }

  /**
   * One stream per {@value #CHARS_PER_STREAM} characters, at most {@value #MAX_STREAMS}: a text under
   * 32 K characters is read serially, exactly; a 1 MB text as 61 pieces side by side, each read from
   * {@value ActivationRecorder#WARM_UP} characters before its start (1.5% more characters to run), which
   * makes the batched products several times faster than one stream's.
   */
  public static int autoStreams(int length) {
    return Math.max(1, Math.min(MAX_STREAMS, length / CHARS_PER_STREAM));
  }

  static final int CHARS_PER_STREAM = 16384;
  static final int MAX_STREAMS = 64;

  /**
   * A stretch of the text with what pass 2 recorded there.
   *
   * @param start       index of the first character in the text
   * @param ids         the characters, as token ids
   * @param loss        nats the model paid for each character, -log p(character | text before it); NaN for
   *                    the text's first character
   * @param guessIds    the next-character guesses, {@value #GUESSES} per character (fewer if the vocabulary
   *                    is smaller), most likely first
   * @param guessProbs  their probabilities
   * @param activations per recorded unit, its value after each character
   */
  public record Excerpt(int start, int[] ids, float[] loss, int[] guessIds, float[] guessProbs,
                        Map<UnitId, float[]> activations) {
    public int end() {
      return start + ids.length;
    }
  }

  /** A probe's best units and the excerpts (indices into {@link Result#excerpts()}) that show them. */
  public record Ranking(Probe probe, List<UnitScore> top, List<Integer> excerpts) {}

  /** A unit the user asked for: its score against every probe and the excerpts that show it. */
  public record NamedUnit(UnitId unit, List<UnitScore> scores, List<Integer> excerpts) {}

  /**
   * Everything a report shows.
   *
   * @param config     the model's shape
   * @param vocabulary the model's vocabulary (to turn ids into text)
   * @param length     characters searched
   * @param meanLoss   mean nats per character over the text (NaN for a one-character text)
   * @param rankings   one per probe, in the probes' order
   * @param named      the named units, in the order asked
   * @param excerpts   every excerpt, in text order
   * @param saturation per layer, gate saturation; empty for a cell without gates
   */
  public record Result(ModelConfig config, Vocabulary vocabulary, int length, double meanLoss, List<Ranking> rankings,
                       List<NamedUnit> named, List<Excerpt> excerpts, List<GateSaturation.Layer> saturation) {}

  private CellSearch() {}

  /**
   * Reads a whole text serially from a zero state, as a sampler would, and records what an excerpt holds
   * for all of it: the loss paid for each character, the guesses at each position and the values of
   * {@code units} (a unit the model lacks is an error).
   */
  public static Excerpt read(LanguageModel model, int[] ids, java.util.Collection<UnitId> units) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("the text is empty");
    }
    ActivationRecorder recorder = new ActivationRecorder(model, ActivationRecorder.DEFAULT_WINDOW, 1);
    for (UnitId u : units) {
      if (recorder.column(u) < 0) {
        throw new IllegalArgumentException("the model has no unit " + u);
      }
    }
    return ExcerptRecording.record(recorder, model, ids, 0, ids.length, new java.util.LinkedHashSet<>(units), true);
  }

  /**
   * Searches a text given as token ids over the model's vocabulary, with probes computed over the same
   * text. Throws when the text is empty or a named unit is outside the model.
   */
  public static Result run(LanguageModel model, Vocabulary vocabulary, int[] ids, List<Probe> probes,
                           Options options) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("the text is empty");
    }
    for (Probe p : probes) {
      if (p.values().length != ids.length) {
        throw new IllegalArgumentException("probe " + p.name() + " has " + p.values().length
            + " values for " + ids.length + " characters");
      }
    }
    ModelConfig config = model.config();
    ActivationRecorder recorder = new ActivationRecorder(model, options.window(),
        options.streams() > 0 ? options.streams() : autoStreams(ids.length));
    for (UnitId u : options.named()) {
      if (recorder.column(u) < 0) {
        throw new IllegalArgumentException("unit " + u + " is not in the model: layers 0.." + (config.layers() - 1)
            + ", units 0.." + (config.hiddenSize() - 1)
            + (config.cell() == CellType.LSTM ? ", h or c" : ", h only (c is an LSTM's)"));
      }
    }
    CellType cell = config.cell();
    GateSaturation saturation = GateSaturation.hasGates(cell)
        ? new GateSaturation(cell, config.layers(), config.hiddenSize()) : null;
    // Two parts, the second with the gates (about a tenth of the statistics' time), on a thread each.
    int units = recorder.units().size();
    int firstPart = saturation == null ? units / 2 : units * 11 / 20;
    Association head = Association.part(recorder.units(), probes, 0, firstPart);
    Association tail = Association.part(recorder.units(), probes, firstPart, units - firstPart);
    List<Association> parts = List.of(head, tail);
    double loss = pass1(recorder, ids, List.of(head::add, w -> {
      tail.add(w);
      if (saturation != null) {
        saturation.add(w);
      }
    }));

    List<int[]> ranges = new ArrayList<>();
    List<Ranking> rankings = new ArrayList<>();
    Set<UnitId> recorded = new LinkedHashSet<>(options.named());
    for (int p = 0; p < probes.size(); p++) {
      Probe probe = probes.get(p);
      List<UnitScore> top = Association.top(parts, p, options.top());
      top.forEach(s -> recorded.add(s.unit()));
      List<Integer> shown = new ArrayList<>();
      for (int[] r : ExcerptPicker.pick(probe.values(), ids, vocabulary.id('\n'), options.excerptLength(),
          options.excerptsPerProbe())) {
        shown.add(indexOf(ranges, r));
      }
      rankings.add(new Ranking(probe, top, List.copyOf(shown)));
    }
    List<NamedUnit> named = new ArrayList<>();
    for (UnitId u : options.named()) {
      int col = recorder.column(u);
      List<UnitScore> scores = new ArrayList<>();
      for (int p = 0; p < probes.size(); p++) {
        scores.add(Association.scoring(parts, col).score(col, p));
      }
      // A named unit is shown on the first excerpt of every probe.
      List<Integer> shown = rankings.stream().map(r -> r.excerpts().get(0)).distinct().sorted().toList();
      named.add(new NamedUnit(u, List.copyOf(scores), shown));
    }
    List<Excerpt> excerpts = new ArrayList<>();
    for (int[] r : ranges) {
      excerpts.add(ExcerptRecording.record(recorder, model, ids, r[0], r[1], recorded));
    }
    double mean = ids.length > 1 ? loss / (ids.length - 1) : Double.NaN;
    return new Result(config, vocabulary, ids.length, mean, List.copyOf(rankings), List.copyOf(named), List.copyOf(excerpts),
        saturation == null ? List.of() : saturation.result());
  }

  /**
   * Runs the model over the whole text and returns the summed loss, while a thread per part of the
   * statistics feeds each window to its part, in order: the statistics cost more than the model, and
   * split in two they keep both cores busy. At most a few windows wait, so memory stays bounded.
   */
  private static double pass1(ActivationRecorder recorder, int[] ids, List<ActivationRecorder.Listener> statistics) {
    List<ExecutorService> workers = new ArrayList<>();
    for (int i = 0; i < statistics.size(); i++) {
      workers.add(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cell-search-statistics");
        t.setDaemon(true);
        return t;
      }));
    }
    Semaphore waiting = new Semaphore(4);
    double[] loss = {0};
    List<Future<?>> done = new ArrayList<>();
    try {
      recorder.run(ids, w -> {
        int scored = Math.min(w.steps(), ids.length - 1 - w.start());
        if (scored > 0) {
          int[] targets = Arrays.copyOfRange(ids, w.start() + 1, w.start() + 1 + scored);
          loss[0] += SoftmaxCrossEntropy.lossAndGradient(w.logits().rows(0, scored), targets, 0f, false);
        }
        waiting.acquireUninterruptibly();
        AtomicInteger unfinished = new AtomicInteger(statistics.size());
        for (int i = 0; i < statistics.size(); i++) {
          ActivationRecorder.Listener part = statistics.get(i);
          done.add(workers.get(i).submit(() -> {
            try {
              part.window(w);
            } finally {
              if (unfinished.decrementAndGet() == 0) {
                waiting.release();
              }
            }
          }));
        }
      });
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      workers.forEach(ExecutorService::shutdownNow);
    }
    return loss[0];
  }

  private static int indexOf(List<int[]> ranges, int[] r) {
    for (int i = 0; i < ranges.size(); i++) {
      if (ranges.get(i)[0] == r[0] && ranges.get(i)[1] == r[1]) {
        return i;
      }
    }
    ranges.add(r);
    return ranges.size() - 1;
  }
}
