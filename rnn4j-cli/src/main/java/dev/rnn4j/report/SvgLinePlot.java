package dev.rnn4j.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line plot as inline SVG with a logarithmic y axis: x is a step count (linear), y a positive quantity
 * spanning many decades, with a tick and a {@code 10^n} label per decade (every 2nd, 5th, ... decade when
 * there are many). One {@code path.curve} per series, solid or dashed, its points also in
 * {@code data-x0}/{@code data-y} so the page script can read values under the pointer. A value that is
 * 0, negative or not finite leaves a gap in its curve (a gradient that underflowed has no logarithm).
 */
final class SvgLinePlot {
  private static final int WIDTH = 860;
  private static final int HEIGHT = 380;
  private static final int LEFT = 64;
  private static final int RIGHT = 230;
  private static final int TOP = 34;
  private static final int BOTTOM = 46;
  /** At most this many decades are shown, counted down from the largest value. */
  private static final int MAX_DECADES = 80;

  /** One curve: {@code ys[i]} is the value at {@code x = firstX + i}. */
  record Series(String label, String colour, boolean dashed, int firstX, double[] ys) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  SvgLinePlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  SvgLinePlot add(Series s) {
    series.add(s);
    return this;
  }

  String render() {
    double[] range = decadeRange();
    int lo = (int) range[0];
    int hi = (int) range[1];
    int maxX = 1;
    for (Series s : series) {
      maxX = Math.max(maxX, s.firstX() + s.ys().length - 1);
    }
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" "
        + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" data-left=\"%d\" data-top=\"%d\" "
        + "data-w=\"%d\" data-h=\"%d\" data-maxx=\"%d\" data-lo=\"%d\" data-hi=\"%d\">%n", WIDTH, HEIGHT, WIDTH,
        HEIGHT, LEFT, TOP, plotW, plotH, maxX, lo, hi));
    sb.append("<title>").append(Html.escape(title)).append("</title>\n");
    sb.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"%d\" y=\"20\">%s</text>%n", LEFT, Html.escape(title)));
    sb.append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>%n",
        LEFT, TOP, plotW, plotH));
    int step = decadeStep(hi - lo);
    for (int d = lo; d <= hi; d++) {
      if (Math.floorMod(d, step) != 0) {
        continue;
      }
      double y = TOP + plotH * (hi - d) / (double) (hi - lo);
      sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>%n",
          LEFT, LEFT + plotW, y, y));
      sb.append(String.format(Locale.ROOT, "<text class=\"ytick\" x=\"%d\" y=\"%.1f\">10<tspan dy=\"-7\" "
          + "font-size=\"10\">%d</tspan></text>%n", LEFT - 8, y + 4, d));
    }
    int xStep = niceStep(maxX);
    for (int x = 0; x <= maxX; x += xStep) {
      double px = LEFT + plotW * x / (double) maxX;
      sb.append(String.format(Locale.ROOT, "<line class=\"xgrid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>%n",
          px, px, TOP, TOP + plotH));
      sb.append(String.format(Locale.ROOT, "<text class=\"xtick\" x=\"%.1f\" y=\"%d\">%d</text>%n", px,
          TOP + plotH + 16, x));
    }
    sb.append(String.format(Locale.ROOT, "<text class=\"xlabel\" x=\"%d\" y=\"%d\">%s</text>%n",
        LEFT + plotW / 2, HEIGHT - 8, Html.escape(xLabel)));
    sb.append(String.format(Locale.ROOT, "<text class=\"ylabel\" transform=\"translate(14 %d) rotate(-90)\">%s"
        + "</text>%n", TOP + plotH / 2, Html.escape(yLabel)));
    for (Series s : series) {
      sb.append(String.format(Locale.ROOT, "<path class=\"curve\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
          + "data-label=\"%s\" data-x0=\"%d\" data-y=\"%s\" d=\"%s\"><title>%s</title></path>%n", s.colour(),
          s.dashed() ? " stroke-dasharray=\"7 4\"" : "", Html.escape(s.label()), s.firstX(), values(s.ys()),
          pathData(s, lo, hi, maxX, plotW, plotH), Html.escape(s.label())));
    }
    sb.append(String.format(Locale.ROOT, "<g class=\"legend\" transform=\"translate(%d %d)\">%n",
        LEFT + plotW + 16, TOP + 4));
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int y = i * 18;
      sb.append(String.format(Locale.ROOT, "<g class=\"entry\"><line x1=\"0\" x2=\"26\" y1=\"%d\" y2=\"%d\" "
          + "stroke=\"%s\" stroke-width=\"2\"%s/><text x=\"32\" y=\"%d\">%s</text></g>%n", y, y, s.colour(),
          s.dashed() ? " stroke-dasharray=\"7 4\"" : "", y + 4, Html.escape(s.label())));
    }
    sb.append("</g>\n");
    sb.append(String.format(Locale.ROOT, "<line class=\"cursor\" x1=\"0\" x2=\"0\" y1=\"%d\" y2=\"%d\" "
        + "visibility=\"hidden\"/>%n", TOP, TOP + plotH));
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** Whole decades {@code [lo, hi]} around every positive finite value, at most {@link #MAX_DECADES}. */
  private double[] decadeRange() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.ys()) {
        if (v > 0 && Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (min == Double.POSITIVE_INFINITY) {
      return new double[] {-1, 1};
    }
    int hi = (int) Math.ceil(Math.log10(max) - 1e-9);
    int lo = (int) Math.floor(Math.log10(min) + 1e-9);
    if (hi <= lo) {
      hi = lo + 1;
    }
    return new double[] {Math.max(lo, hi - MAX_DECADES), hi};
  }

  /** Label every decade up to 12 of them, else every 2nd, 5th, 10th, ... */
  static int decadeStep(int decades) {
    for (int step : new int[] {1, 2, 5, 10, 20}) {
      if (decades / step <= 12) {
        return step;
      }
    }
    return 50;
  }

  /** A round tick step giving at most about 10 ticks over {@code [0, max]}. */
  static int niceStep(int max) {
    for (int step : new int[] {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500}) {
      if (max / step <= 10) {
        return step;
      }
    }
    return 1000;
  }

  private static String pathData(Series s, int lo, int hi, int maxX, int plotW, int plotH) {
    StringBuilder d = new StringBuilder();
    boolean pen = false;
    double[] ys = s.ys();
    for (int i = 0; i < ys.length; i++) {
      double v = ys[i];
      if (!(v > 0 && Double.isFinite(v)) || Math.log10(v) < lo) {
        pen = false;
        continue;
      }
      double px = LEFT + plotW * (s.firstX() + i) / (double) maxX;
      double py = TOP + plotH * (hi - Math.log10(v)) / (hi - lo);
      d.append(pen ? " L" : (d.length() == 0 ? "M" : " M")).append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
      pen = true;
    }
    return d.toString();
  }

  private static String values(double[] ys) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ys.length; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3e", ys[i]));
    }
    return sb.toString();
  }

  /** Text safe in an element or a quoted attribute. */
}
