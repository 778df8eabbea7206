package dev.rnn4j.report;

import static dev.rnn4j.report.Html.escape;

import dev.rnn4j.inspect.GradientCurve;
import dev.rnn4j.inspect.RandomGradientFlow.Nonlinearity;
import dev.rnn4j.inspect.RandomGradientFlow.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTML of {@link GradflowReport}: three sections of plots, tables and the text that reads them. */
final class GradflowPage {
  private static final String[] PALETTE = {"#1f77b4", "#2ca02c", "#555555", "#ff7f0e", "#d62728", "#9467bd",
      "#8c564b", "#e377c2", "#17becf", "#bcbd22"};
  private static final String[] COOL = {"#08519c", "#3182bd", "#17becf", "#2ca02c", "#9467bd"};
  private static final String[] WARM = {"#fd8d3c", "#e6550d", "#c8102e", "#7f0000", "#e377c2"};
  private static final Nonlinearity[] ORDER = {Nonlinearity.TANH, Nonlinearity.RELU, Nonlinearity.LINEAR};

  private final GradflowReport.Content content;
  private final StringBuilder out = new StringBuilder();

  GradflowPage(GradflowReport.Content content) {
    this.content = content;
  }

  String render() {
    var s = content.settings();
    out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>rnn4j gradient flow</title>\n<style>\n").append(CSS).append("</style></head><body>\n")
        .append("<h1>Gradient flow through time</h1>\n");
    out.append(String.format(Locale.ROOT, "<p class=\"settings\">Random recurrences: H = %d units, T = %d steps, "
        + "%d trials from seed %d. Clipping: global norm at c = %s.</p>%n", s.hidden(), s.steps(), s.trials(),
        s.seed(), num(s.clip())));
    randomSection();
    clippingSection();
    modelSection();
    out.append("<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
    return out.toString();
  }

  private void randomSection() {
    var s = content.settings();
    out.append("<section id=\"random\"><h2>1. A random recurrence at spectral radius &rho;</h2>\n")
        .append("<p>h<sub>t</sub> = f(W h<sub>t&minus;1</sub> + W<sub>xh</sub> x<sub>t</sub>) with random inputs; W "
            + "is drawn once per trial and rescaled so that its largest |eigenvalue| is &rho;. A random unit "
            + "vector is sent back from the last step; each curve is |dL/dh<sub>T&minus;k</sub>| against the "
            + "number of steps k it travelled, geometric mean over the trials. Each step multiplies it by "
            + "W<sup>T</sup> diag(f&prime;): with a linear f that is &rho;<sup>k</sup> in the long run (the "
            + "lecture's picture: above 1 it explodes, below 1 it vanishes); tanh's slope is below 1 wherever it "
            + "is not at 0 and ReLU zeroes about half the units each step, so with them the same &rho; keeps "
            + "less, and the boundary between the two regimes moves above 1.</p>\n");
    for (Nonlinearity f : ORDER) {
      List<Result> rs = content.random().get(f);
      if (rs == null) {
        continue;
      }
      SvgLinePlot plot = new SvgLinePlot(f.label() + ": |dL/dh(T-k)|", "k, steps back", "gradient norm (log)");
      for (int i = 0; i < rs.size(); i++) {
        plot.add(new SvgLinePlot.Series("rho = " + rhoLabel(rs.get(i).rho()), rhoColour(rs, i), false,
            0, rs.get(i).state().values()));
      }
      figure(plot);
      out.append("<p class=\"finding\">").append(escape(regimes(f, rs, s.steps()))).append("</p>\n");
    }
    List<GradientCurve> curves = new ArrayList<>();
    for (Nonlinearity f : ORDER) {
      if (content.random().get(f) != null) {
        content.random().get(f).forEach(r -> curves.add(r.state()));
      }
    }
    table(curves, s.steps());
    out.append("</section>\n");
  }

  /** Which radii grow and which vanish by the last step. */
  private static String regimes(Nonlinearity f, List<Result> rs, int steps) {
    List<String> grow = new ArrayList<>();
    List<String> vanish = new ArrayList<>();
    for (Result r : rs) {
      double v = r.state().at(steps);
      if (v > 1) {
        grow.add(rhoLabel(r.rho()));
      } else if (v < 1e-6) {
        vanish.add(rhoLabel(r.rho()));
      }
    }
    return String.format(Locale.ROOT, "%s, k = %d: exploded (above 1) at %s; vanished (below 1e-6) at %s.",
        f.label(), steps, grow.isEmpty() ? "no rho" : "rho = " + String.join(", ", grow),
        vanish.isEmpty() ? "no rho" : "rho = " + String.join(", ", vanish));
  }

  private void clippingSection() {
    double c = content.settings().clip();
    out.append("<section id=\"clipping\"><h2>2. What gradient clipping does</h2>\n")
        .append("<p>The gradient that reaches W is a sum over steps, dL/dW = &Sigma;<sub>k</sub> "
            + "da<sub>T&minus;k</sub> h<sub>T&minus;k&minus;1</sub><sup>T</sup>. Solid: the norm of the term of the "
            + "step k back; dashed: the same after global-norm clipping at c = " + num(c) + ", which multiplies the "
            + "whole of dL/dW by min(1, c / |dL/dW|). An exploding gradient is capped, so one step of the "
            + "optimizer cannot throw the weights away; but the far past still outweighs the recent past by "
            + "exactly as much as before, and a vanishing curve is not lifted at all. Clipping fixes explosion, "
            + "not vanishing.</p>\n");
    for (Nonlinearity f : ORDER) {
      List<Result> rs = content.random().get(f);
      if (rs == null) {
        continue;
      }
      SvgLinePlot plot = new SvgLinePlot(f.label() + ": terms of dL/dW, raw and clipped at " + num(c),
          "k, steps back", "norm of the step's term (log)");
      List<String> clipped = new ArrayList<>();
      for (int i = 0; i < rs.size(); i++) {
        Result r = rs.get(i);
        String colour = rhoColour(rs, i);
        plot.add(new SvgLinePlot.Series("rho = " + rhoLabel(r.rho()), colour, false, 0, r.weightTerm().values()));
        plot.add(new SvgLinePlot.Series("rho = " + rhoLabel(r.rho()) + ", clipped", colour, true, 0,
            r.clippedWeight().values()));
        if (r.weightNorm() > c) {
          clipped.add(String.format(Locale.ROOT, "rho = %s (|dL/dW| = %.2e)", rhoLabel(r.rho()), r.weightNorm()));
        }
      }
      figure(plot);
      out.append("<p class=\"finding\">").append(escape(f.label() + ": clipping changed "
          + (clipped.isEmpty() ? "nothing (every |dL/dW| was below c)" : String.join("; ", clipped))
          + ".")).append("</p>\n");
    }
    out.append("</section>\n");
  }

  private void modelSection() {
    out.append("<section id=\"models\"><h2>3. Trained models</h2>\n");
    List<GradflowReport.Model> models = content.models();
    if (models.isEmpty()) {
      out.append("<p>No model given: pass <code>--model CKPT</code> (repeatable) to add trained models.</p>\n"
          + "</section>\n");
      return;
    }
    out.append("<p>Each model reads " + escape(content.text()) + " at " + content.positions() + " positions. The loss "
        + "at step t (the cross-entropy of the next character) is sent back through the model's own layers; each "
        + "curve is |dL<sub>t</sub>/ds<sub>t&minus;k</sub>| for a layer's state s, k steps back, geometric mean "
        + "over the positions. The state is h, and [h, c] for an LSTM (the norm of both together). A vanilla RNN "
        + "multiplies the gradient by W<sub>hh</sub><sup>T</sup> diag(tanh&prime;) at every step, so it shrinks "
        + "geometrically; the LSTM's cell state c<sub>t</sub> = f &#8857; c<sub>t&minus;1</sub> + i &#8857; g "
        + "passes its gradient back through an element-wise product with the forget gate, with no matrix and no "
        + "squashing, and the GRU's h<sub>t</sub> = z &#8857; h<sub>t&minus;1</sub> + (1&minus;z) &#8857; "
        + "h&#771; likewise: the additive interaction is what keeps the gradient alive over many steps. Dashed "
        + "curves, where drawn, are after global-norm clipping of the gradient of the whole window at c = "
        + num(content.settings().clip()) + ".</p>\n");
    int maxLayers = models.stream().mapToInt(m -> m.result().layers().size()).max().orElse(0);
    for (int l = 0; l < maxLayers; l++) {
      SvgLinePlot plot = new SvgLinePlot("layer " + (l + 1) + ": |dL(t)/ds(t-k)|", "k, steps back",
          "gradient norm (log)");
      for (int i = 0; i < models.size(); i++) {
        GradflowReport.Model m = models.get(i);
        if (l >= m.result().layers().size()) {
          continue;
        }
        String colour = PALETTE[i % PALETTE.length];
        GradientCurve c = m.result().layers().get(l);
        plot.add(new SvgLinePlot.Series(m.name() + " (" + m.description() + ")", colour, false, c.firstStep(),
            c.values()));
        if (m.result().clipFactor() < 1) {
          GradientCurve cc = m.result().clipped().get(l);
          plot.add(new SvgLinePlot.Series(m.name() + ", clipped", colour, true, cc.firstStep(), cc.values()));
        }
      }
      figure(plot);
    }
    out.append("<table class=\"models\"><tr><th>model</th><th>cell</th><th>loss (nats)</th><th>|dL/d&theta;|</th>"
        + "<th>clip factor</th><th>layer</th><th>k = 1</th><th>k = 10</th><th>k = 50</th><th>k = 100</th>"
        + "<th>per step</th></tr>\n");
    for (GradflowReport.Model m : models) {
      var r = m.result();
      for (GradientCurve c : r.layers()) {
        out.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.3f</td><td>%.3g</td><td>%.3g</td>"
            + "<td>%s</td>%s%s%s%s<td>%s</td></tr>%n", escape(m.name()), escape(m.description()), r.loss(),
            r.gradientNorm(), r.clipFactor(), escape(c.label()), cell(c.at(1)), cell(c.at(10)), cell(c.at(50)),
            cell(c.at(100)), perStep(c)));
      }
    }
    out.append("</table>\n<p class=\"note\">per step: the geometric mean factor by which the norm changes from one "
        + "step back to the next, (v(K) / v(1))<sup>1/(K&minus;1)</sup>. A norm of 0 underflowed float.</p>\n");
    out.append("</section>\n");
  }

  /**
   * Cool colours below 1 (darkest for the smallest rho), grey at 1, warm above 1 (darkest for the largest),
   * so the two regimes read at a glance.
   */
  private static String rhoColour(List<Result> rs, int i) {
    double rho = rs.get(i).rho();
    if (rho == 1) {
      return "#555555";
    }
    int rank = 0;
    for (Result r : rs) {
      if (rho < 1 ? r.rho() < rho : r.rho() > 1 && r.rho() < rho) {
        rank++;
      }
    }
    return rho < 1 ? COOL[rank % COOL.length] : WARM[rank % WARM.length];
  }

  private static String perStep(GradientCurve c) {
    double first = c.at(c.firstStep());
    double last = c.at(c.lastStep());
    if (c.lastStep() == c.firstStep() || !(first > 0) || !(last > 0)) {
      return "&ndash;";
    }
    return String.format(Locale.ROOT, "%.3f", Math.pow(last / first, 1.0 / (c.lastStep() - c.firstStep())));
  }

  private void table(List<GradientCurve> curves, int steps) {
    out.append("<table><tr><th>curve</th><th>k = 1</th><th>k = 10</th><th>k = 50</th><th>k = 100</th></tr>\n");
    for (GradientCurve c : curves) {
      out.append("<tr><td>").append(escape(c.label())).append("</td>").append(cell(c.at(1))).append(cell(c.at(10)))
          .append(cell(c.at(50))).append(cell(c.at(100))).append("</tr>\n");
    }
    out.append("</table>\n");
  }

  private static String cell(double v) {
    return "<td>" + (Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.2e", v)) + "</td>";
  }

  private void figure(SvgLinePlot plot) {
    out.append("<figure>\n").append(plot.render())
        .append("<figcaption class=\"readout\">Point at the plot to read the values at one k.</figcaption>\n")
        .append("</figure>\n");
  }

  /** {@code 0.5}, {@code 1.0}: short, never in exponent notation. */
  private static String rhoLabel(double rho) {
    String s = java.math.BigDecimal.valueOf(rho).stripTrailingZeros().toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  private static String num(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static final String CSS = """
      body { font: 15px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 900px; color: #222; }
      h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 32px; }
      figure { margin: 12px 0 4px; } svg.plot { background: #fff; max-width: 100%; height: auto; }
      svg .title { font: 600 14px system-ui, sans-serif; } svg text { font: 12px system-ui, sans-serif; }
      svg .frame { fill: none; stroke: #888; } svg .grid, svg .xgrid { stroke: #e4e4e4; }
      svg .ytick { text-anchor: end; } svg .xtick, svg .xlabel, svg .ylabel { text-anchor: middle; }
      svg .cursor { stroke: #999; stroke-dasharray: 2 3; }
      figcaption.readout { font: 12px ui-monospace, monospace; color: #555; min-height: 1.5em; }
      table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
      th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
      th:first-child, td:first-child { text-align: left; }
      .finding { color: #333; font-style: italic; } .note, .settings { color: #555; font-size: 13px; }
      """;

  /** Shows the values of every curve at the k under the pointer, and a vertical cursor there. */
  private static final String SCRIPT = """
      document.querySelectorAll('svg.plot').forEach(function (svg) {
        var left = +svg.dataset.left, w = +svg.dataset.w, maxx = +svg.dataset.maxx;
        var readout = svg.parentNode.querySelector('.readout');
        var cursor = svg.querySelector('line.cursor');
        svg.addEventListener('mousemove', function (e) {
          var box = svg.getBoundingClientRect();
          var x = (e.clientX - box.left) * svg.viewBox.baseVal.width / box.width;
          var k = Math.round((x - left) / w * maxx);
          if (k < 0 || k > maxx) { cursor.setAttribute('visibility', 'hidden'); return; }
          var px = left + w * k / maxx;
          cursor.setAttribute('x1', px); cursor.setAttribute('x2', px);
          cursor.setAttribute('visibility', 'visible');
          var parts = ['k = ' + k];
          svg.querySelectorAll('path.curve').forEach(function (p) {
            var ys = p.dataset.y.split(' '), i = k - +p.dataset.x0;
            if (i >= 0 && i < ys.length) { parts.push(p.dataset.label + ': ' + (+ys[i]).toExponential(2)); }
          });
          readout.textContent = parts.join('  |  ');
        });
      });
      """;
}
