package dev.rnn4j.cli;

import dev.rnn4j.inspect.GradientCurve;
import dev.rnn4j.inspect.ModelGradientFlow;
import dev.rnn4j.inspect.RandomGradientFlow;
import dev.rnn4j.inspect.RandomGradientFlow.Nonlinearity;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.report.GradflowReport;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.TokenRange;
import dev.rnn4j.train.Checkpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnn4j gradflow --out FILE}: gradient norms against steps back, as an HTML report. */
@Command(name = "gradflow", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Gradient flow through time: how the gradient sent back k steps explodes or vanishes, in "
        + "random recurrences at several spectral radii and in trained models, with and without clipping.",
        "Writes one self-contained HTML file and prints the norms at k = 1, 10, 50, 100."})
final class GradflowCommand implements Callable<Integer> {
  /** Characters of the built-in corpus read when no --text is given. */
  static final int DEFAULT_TEXT_CHARS = 10_000;
  private static final int MAX_SIZE = 1000;
  /** Values up to 10^250 stay far from double's overflow (and squares of norms are scaled by EJML). */
  private static final double MAX_DECADES = 250;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the HTML report to write")
  Path out;

  @Option(names = "--model", paramLabel = "CKPT", description = "a checkpoint to measure (repeatable)")
  List<Path> models = new ArrayList<>();

  @Option(names = "--text", paramLabel = "FILE",
      description = "UTF-8 text the models read (default: the first 10,000 characters of Tiny Shakespeare)")
  Path text;

  @Option(names = "--steps", description = "steps back, K (default 100)")
  int steps = 100;

  @Option(names = "--hidden", description = "units of the random recurrence (default 100)")
  int hidden = 100;

  @Option(names = "--rho", paramLabel = "LIST", description = "spectral radii, comma-separated (default 0.5,0.9,1.0,1.1,1.5)")
  String rho = "0.5,0.9,1.0,1.1,1.5";

  @Option(names = "--trials", description = "random matrices per radius, and positions per model (default 8)")
  int trials = 8;

  @Option(names = "--clip", description = "global-norm clipping threshold, > 0 (default 5)")
  double clip = 5;

  @Option(names = "--seed", description = "seed of the random matrices and inputs (default 1)")
  long seed = 1;

  @Override
  public Integer call() throws IOException {
    inRange("--steps", steps);
    inRange("--hidden", hidden);
    inRange("--trials", trials);
    if (!(clip > 0) || Double.isInfinite(clip)) {
      throw new IllegalArgumentException("--clip must be a number > 0, got " + clip);
    }
    double[] rhos = parseRhos(rho);
    double maxRho = 0;
    for (double r : rhos) {
      maxRho = Math.max(maxRho, r);
    }
    if ((steps + 20) * Math.log10(maxRho) > MAX_DECADES) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--rho %s with --steps %d: the gradient would "
          + "reach 10^%.0f, beyond what a double holds; lower one of them", num(maxRho), steps,
          (steps + 20) * Math.log10(maxRho)));
    }
    if (text != null && models.isEmpty()) {
      throw new IllegalArgumentException("--text is read by the models: give at least one --model");
    }
    checkWritable(out);

    // Every checkpoint and text is read (and refused) before the long part starts.
    List<ModelGradientFlow> flows = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<ModelConfig> configs = new ArrayList<>();
    String defaultText = models.isEmpty() || text != null ? null : builtInText();
    for (Path path : models) {
      Checkpoint ckpt = Checkpoint.load(path);
      Corpus corpus = text != null ? Corpus.load(text, ckpt.vocabulary())
          : Corpus.fromString(defaultText, ckpt.vocabulary());
      try {
        flows.add(new ModelGradientFlow(ckpt.model(), corpus.all(), steps, trials));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException((text != null ? text : "the default text") + " for " + path + ": "
            + e.getMessage());
      }
      names.add(name(path));
      configs.add(ckpt.model().config());
    }

    RandomGradientFlow.Settings settings = new RandomGradientFlow.Settings(hidden, steps, trials, seed, clip);
    Map<Nonlinearity, List<RandomGradientFlow.Result>> random = new EnumMap<>(Nonlinearity.class);
    List<GradientCurve> printed = new ArrayList<>();
    for (Nonlinearity f : new Nonlinearity[] {Nonlinearity.TANH, Nonlinearity.RELU, Nonlinearity.LINEAR}) {
      random.put(f, RandomGradientFlow.measure(f, rhos, settings));
      random.get(f).forEach(r -> printed.add(r.state()));
    }
    List<GradflowReport.Model> measured = new ArrayList<>();
    for (int i = 0; i < flows.size(); i++) {
      ModelGradientFlow.Result result = flows.get(i).measure(clip);
      ModelConfig c = configs.get(i);
      String name = names.get(i);
      measured.add(new GradflowReport.Model(name, c.cell().label() + " " + c.layers() + "x" + c.hiddenSize(), result));
      result.layers().forEach(l -> printed.add(new GradientCurve(name + " " + l.label(), l.firstStep(), l.values())));
    }
    String textName = text != null ? text.toString()
        : String.format(Locale.ROOT, "the first %,d characters of the built-in Tiny Shakespeare", DEFAULT_TEXT_CHARS);
    GradflowReport.write(out, new GradflowReport.Content(settings, random, measured, textName, trials));
    print(System.out, printed, measured);
    return 0;
  }

  private void print(PrintStream o, List<GradientCurve> curves, List<GradflowReport.Model> measured) {
    int width = 24;
    for (GradientCurve c : curves) {
      width = Math.max(width, c.label().length());
    }
    o.printf(Locale.ROOT, "%-" + width + "s  %10s  %10s  %10s  %10s%n", "gradient norm, k steps back", "k=1", "k=10",
        "k=50", "k=100");
    for (GradientCurve c : curves) {
      o.printf(Locale.ROOT, "%-" + width + "s  %10s  %10s  %10s  %10s%n", c.label(), fmt(c.at(1)), fmt(c.at(10)),
          fmt(c.at(50)), fmt(c.at(100)));
    }
    for (GradflowReport.Model m : measured) {
      o.printf(Locale.ROOT, "%s: loss %.3f nats, |dL/dtheta| %.3g, clip factor %.3g%n", m.name(),
          m.result().loss(), m.result().gradientNorm(), m.result().clipFactor());
    }
    o.println("report: " + out);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2e", v);
  }

  /** {@code run/best} for {@code .../run/best.safetensors}. */
  static String name(Path checkpoint) {
    Path abs = checkpoint.toAbsolutePath().normalize();
    String file = abs.getFileName().toString().replaceFirst("\\.safetensors$", "");
    Path parent = abs.getParent();
    return parent == null || parent.getFileName() == null ? file : parent.getFileName() + "/" + file;
  }

  private static String builtInText() {
    TokenRange all = Corpus.builtIn().all();
    int n = Math.min(DEFAULT_TEXT_CHARS, all.length());
    int[] ids = new int[n];
    all.copyTo(0, ids, 0, n);
    return all.vocabulary().decode(ids);
  }

  private static void inRange(String flag, int value) {
    if (value < 1 || value > MAX_SIZE) {
      throw new IllegalArgumentException(flag + " must be in [1, " + MAX_SIZE + "], got " + value);
    }
  }

  /** {@code 0.5,0.9,1.0}: distinct finite numbers in (0, 100], at most 10. */
  static double[] parseRhos(String list) {
    String[] parts = list.split(",", -1);
    Set<Double> seen = new LinkedHashSet<>();
    for (String p : parts) {
      String s = p.trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("--rho: empty value in '" + list + "' (expected e.g. 0.5,0.9,1.0,1.1,1.5)");
      }
      double v;
      try {
        v = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--rho: '" + s + "' is not a number");
      }
      if (!(v > 0 && v <= 100)) {
        throw new IllegalArgumentException("--rho: " + s + " is outside (0, 100]");
      }
      if (!seen.add(v)) {
        throw new IllegalArgumentException("--rho: " + s + " is given twice");
      }
    }
    if (seen.size() > 10) {
      throw new IllegalArgumentException("--rho: at most 10 values, got " + seen.size());
    }
    return seen.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void checkWritable(Path file) {
    Path abs = file.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException("--out " + file + ": is a directory");
    }
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out " + file + ": directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalArgumentException("--out " + file + ": directory " + dir + " is not writable");
    }
  }

  private static String num(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
