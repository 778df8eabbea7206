package dev.rnn4j.report;

import dev.rnn4j.inspect.GateSaturation;
import java.util.Locale;
import java.util.Map;

/**
 * One layer's gate saturation as an inline SVG scatter, after Karpathy, Johnson and Fei-Fei 2015,
 * Figure 3: one point per unit and gate at (fraction of characters left-saturated, fraction
 * right-saturated), both axes 0..1, with the line x + y = 1 that no point can pass (a gate is never both
 * at once) and a legend of the gates' colours.
 */
final class SaturationPlot {
  private static final Map<String, String> COLOURS = Map.of("input", "#1f77b4", "forget", "#2ca02c",
      "output", "#d62728", "reset", "#9467bd", "update", "#ff7f0e");
  private static final int LEFT = 50;
  private static final int TOP = 30;
  private static final int SIZE = 240;

  private SaturationPlot() {}

  static String svg(GateSaturation.Layer layer) {
    StringBuilder sb = new StringBuilder();
    sb.append("<svg class=\"saturation\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 320\" width=\"400\""
        + " height=\"320\" role=\"img\" aria-label=\"gate saturation, layer ").append(layer.layer()).append("\">");
    sb.append(text(LEFT + SIZE / 2, 18, "middle", "layer " + layer.layer(), "title"));
    // frame, ticks and the x + y = 1 bound
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#444\"/>", LEFT, TOP, SIZE, SIZE));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" "
        + "stroke-dasharray=\"4 3\"/>", LEFT, TOP, LEFT + SIZE, TOP + SIZE));
    for (int k = 0; k <= 4; k++) {
      double f = k / 4.0;
      String label = String.format(Locale.ROOT, "%.2f", f);
      sb.append(text(x(f), TOP + SIZE + 14, "middle", label, "tick"));
      sb.append(text(LEFT - 6, y(f) + 4, "end", label, "tick"));
    }
    sb.append(text(LEFT + SIZE / 2, TOP + SIZE + 32, "middle", "fraction left-saturated (< 0.1)", "axis"));
    sb.append(String.format(Locale.ROOT, "<text class=\"axis\" transform=\"translate(14 %d) rotate(-90)\" "
        + "text-anchor=\"middle\">fraction right-saturated (&gt; 0.9)</text>", TOP + SIZE / 2));
    int row = 0;
    for (GateSaturation.Gate gate : layer.gates()) {
      String colour = COLOURS.getOrDefault(gate.name(), "#333");
      sb.append("<g class=\"gate\" data-gate=\"").append(gate.name()).append("\" fill=\"").append(colour)
          .append("\" fill-opacity=\"0.65\">");
      for (int j = 0; j < gate.leftFraction().length; j++) {
        float l = gate.leftFraction()[j];
        float r = gate.rightFraction()[j];
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\"><title>%s gate, unit %d: "
            + "%.3f left, %.3f right</title></circle>", x(l), y(r), gate.name(), j, l, r));
      }
      sb.append("</g>");
      int ly = TOP + 10 + row++ * 18;
      sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/>", LEFT + SIZE + 20,
          ly, colour));
      sb.append(text(LEFT + SIZE + 30, ly + 4, "start", gate.name(), "legend"));
    }
    return sb.append("</svg>").toString();
  }

  private static double x(double f) {
    return LEFT + f * SIZE;
  }

  private static double y(double f) {
    return TOP + SIZE - f * SIZE;
  }

  private static String text(double x, double y, String anchor, String s, String cls) {
    return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", cls, x,
        y, anchor, Html.escape(s));
  }
}
