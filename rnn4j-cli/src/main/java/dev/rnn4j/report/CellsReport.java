package dev.rnn4j.report;

import dev.rnn4j.inspect.CellSearch;
import dev.rnn4j.inspect.CellSearch.Excerpt;
import dev.rnn4j.inspect.GateSaturation;
import dev.rnn4j.inspect.Probe;
import dev.rnn4j.inspect.UnitScore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The interpretable-cell report: one self-contained HTML page with a summary table (each probe's best
 * units), for each of them the excerpts coloured by its activation (-1 red, 0 white, +1 blue; characters
 * inside a binary probe underlined), the named units likewise, the excerpts coloured by the loss paid
 * for each character with a loss strip above each, and the gate saturation scatter of every layer. Hovering a
 * character anywhere shows the model's five best guesses for the next one. Only excerpt characters are
 * written (one span each), so the page stays a few hundred kilobytes whatever the text's length.
 */
public final class CellsReport {
  /** Loss, in nats, shown as the strongest orange. */
  static final double LOSS_SCALE = 4.0;

  private static final Map<String, String> BUILT_IN = Map.of(
      "quote", "inside a double-quoted string",
      "line-position", "characters since the last newline",
      "bracket-depth", "nesting depth of (), [] and {} outside strings and comments",
      "comment", "inside /* */, // or # comments (not # preprocessor lines)",
      "if-condition", "inside the parentheses of an if condition",
      "indentation", "width of the line's leading blanks (tab = 8)");

  /** Where each built-in probe with a scope is scored (see {@link dev.rnn4j.inspect.Probes}). */
  private static final Map<String, String> SCOPES = Map.of(
      "quote", "outside comments",
      "bracket-depth", "outside comments and string literals",
      "comment", "outside string literals",
      "if-condition", "outside comments and string literals",
      "indentation", "outside comments and string literals");

  /**
   * Where the search came from, for the page's header.
   *
   * @param checkpoint  the checkpoint's name
   * @param text        the text's name
   * @param note        a line shown under the header (e.g. that the text was cut), or empty
   * @param seconds     how long the search took
   * @param userProbes  user probe name to its regular expression
   */
  public record Source(String checkpoint, String text, String note, double seconds, Map<String, String> userProbes) {}

  private CellsReport() {}

  /** Renders the page and writes it atomically to {@code out}. */
  public static void write(Path out, CellSearch.Result result, Source source) throws IOException {
    Html.write(out, render(result, source));
  }

  /** The whole page. */
  public static String render(CellSearch.Result r, Source source) {
    ExcerptView view = new ExcerptView(r);
    StringBuilder b = new StringBuilder(1 << 20);
    var c = r.config();
    b.append("<header><h1>Interpretable cells</h1><p class=\"meta\">")
        .append(Html.escape(source.checkpoint())).append(": ").append(c.cell().label().toUpperCase(Locale.ROOT))
        .append(", ").append(c.layers()).append(" layer(s) of ").append(c.hiddenSize()).append(" units, vocabulary ")
        .append(c.vocabSize()).append(". Text ").append(Html.escape(source.text())).append(": ")
        .append(String.format(Locale.ROOT, "%,d characters, mean loss %.4f nats/char (%.4f bits/char). Searched in %.1f s.",
            r.length(), r.meanLoss(), r.meanLoss() / Math.log(2), source.seconds()))
        .append("</p>");
    if (!source.note().isEmpty()) {
      b.append("<p class=\"note\">").append(Html.escape(source.note())).append("</p>");
    }
    b.append("<p class=\"legend\">Activation: <span class=\"sw\" style=\"background:#ff0000\"></span> -1 "
        + "<span class=\"sw\" style=\"background:#ffffff\"></span> 0 <span class=\"sw\" style=\"background:#0000ff\">"
        + "</span> +1. Underlined: inside the probe. Hover a character for the model's guesses of the next one."
        + "</p></header>\n");
    summary(b, r);
    for (CellSearch.Ranking ranking : r.rankings()) {
      Probe p = ranking.probe();
      b.append("<section class=\"probe\" id=\"probe-").append(Html.escape(p.name())).append("\"><h2>")
          .append(Html.escape(p.name())).append("</h2><p class=\"what\">").append(Html.escape(describe(p, source)))
          .append("</p>");
      if (ranking.top().isEmpty()) {
        b.append("<p class=\"note\">The probe takes one value over the whole text: nothing to rank.</p>");
      }
      for (UnitScore s : ranking.top()) {
        b.append("<h3>unit ").append(s.unit()).append(" <span class=\"score\">").append(s.describe()).append(", ")
            .append(direction(s)).append("</span></h3>");
        for (int e : ranking.excerpts()) {
          view.unit(b, r.excerpts().get(e), s.unit(), p);
        }
      }
      b.append("</section>\n");
    }
    if (!r.named().isEmpty()) {
      b.append("<section class=\"named\" id=\"named\"><h2>Units asked for</h2>");
      for (CellSearch.NamedUnit n : r.named()) {
        b.append("<h3>unit ").append(n.unit()).append("</h3><p class=\"score\">");
        for (UnitScore s : n.scores()) {
          b.append(Html.escape(s.probe())).append(": ").append(s.describe()).append(" &nbsp; ");
        }
        b.append("</p>");
        for (int e : n.excerpts()) {
          view.unit(b, r.excerpts().get(e), n.unit(), null);
        }
      }
      b.append("</section>\n");
    }
    b.append("<section id=\"predictions\"><h2>Predictions</h2><p class=\"what\">Each excerpt coloured by the loss the "
        + "model paid for each character, -log p(character | text before it) (white 0, orange &ge; ")
        .append(LOSS_SCALE).append(" nats); the strip above shows the same loss as bars.</p>");
    for (Excerpt e : r.excerpts()) {
      view.losses(b, e);
    }
    b.append("</section>\n<section id=\"gates\"><h2>Gate saturation</h2>");
    if (r.saturation().isEmpty()) {
      b.append("<p class=\"note\" id=\"gate-note\">Gate saturation plots need a cell with gates (LSTM, GRU, MUT1-3); this model is ")
          .append(c.cell().label().toUpperCase(Locale.ROOT)).append(", whose cells have no gates.</p>");
    } else {
      b.append("<p class=\"what\">Each point is one unit's gate: how often it is below 0.1 (left-saturated) and "
          + "above 0.9 (right-saturated) over the text, as in Karpathy, Johnson &amp; Fei-Fei 2015, Figure 3.</p>"
          + "<div class=\"plots\">");
      for (GateSaturation.Layer layer : r.saturation()) {
        b.append(SaturationPlot.svg(layer));
      }
      b.append("</div>");
    }
    b.append("</section>\n<div id=\"tip\" class=\"tip\" hidden></div>");
    return Html.page("Interpretable cells: " + source.text(), CellsPage.CSS, b.toString(),
        "const GUESSES = " + view.guessesJson() + ";\n" + CellsPage.SCRIPT);
  }

  private static void summary(StringBuilder b, CellSearch.Result r) {
    b.append("<section id=\"summary\"><h2>Best units per probe</h2><table class=\"summary\"><thead><tr><th>probe</th>"
        + "<th>kind</th><th>best units (score, direction)</th></tr></thead><tbody>");
    for (CellSearch.Ranking ranking : r.rankings()) {
      Probe p = ranking.probe();
      b.append("<tr><td><a href=\"#probe-").append(Html.escape(p.name())).append("\">").append(Html.escape(p.name()))
          .append("</a></td><td>").append(p.kind() == Probe.Kind.BINARY ? "binary (AUC)" : "count (Pearson r)")
          .append("</td><td>");
      if (ranking.top().isEmpty()) {
        b.append("constant over the text");
      }
      for (UnitScore s : ranking.top()) {
        b.append("<span class=\"unit\">").append(s.unit()).append(" ").append(s.describe()).append(" (")
            .append(direction(s)).append(")</span> ");
      }
      b.append("</td></tr>");
    }
    b.append("</tbody></table><p class=\"what\">AUC: probability that the unit is higher at a character inside the "
        + "probe than at one outside (0.5 = unrelated); units ranked by |AUC - 0.5|. r: Pearson correlation with "
        + "the count, ranked by |r|. Unit L:hN is h of unit N in layer L (0 = bottom); L:cN is an LSTM's cell "
        + "state shown as tanh(c). Each probe is scored only where it means something (e.g. if conditions "
        + "outside comments and strings); its section says where.</p></section>\n");
  }

  private static String describe(Probe p, Source source) {
    String regex = source.userProbes().get(p.name());
    String what = regex != null ? "your probe: inside matches of /" + regex + "/"
        : BUILT_IN.getOrDefault(p.name(), p.name());
    if (p.scope() == null) {
      return what;
    }
    return what + String.format(Locale.ROOT, "; scored %s: %,d of %,d characters", SCOPES.getOrDefault(p.name(),
        "in its scope"), p.scoredCount(), p.values().length);
  }

  static String direction(UnitScore s) {
    if (s.measure() == UnitScore.Measure.AUC) {
      return s.positive() ? "higher inside" : "lower inside";
    }
    return s.positive() ? "rises with it" : "falls as it rises";
  }
}
