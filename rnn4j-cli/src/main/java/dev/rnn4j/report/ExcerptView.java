package dev.rnn4j.report;

import dev.rnn4j.inspect.CellSearch;
import dev.rnn4j.inspect.CellSearch.Excerpt;
import dev.rnn4j.inspect.Probe;
import dev.rnn4j.inspect.UnitId;
import dev.rnn4j.text.Vocabulary;
import java.util.Locale;

/**
 * Excerpts as HTML: one {@code span.ch} per character with its colour inline and its position in
 * {@code data-i} (the key of its guesses in the page's {@code GUESSES} table). A newline is drawn as a
 * coloured blank before the line break so that it can be seen and hovered.
 */
final class ExcerptView {
  private final CellSearch.Result result;
  private final Vocabulary vocabulary;

  ExcerptView(CellSearch.Result result) {
    this.result = result;
    this.vocabulary = result.vocabulary();
  }

  /** The excerpt coloured by a unit's activation, binary-probe characters underlined. */
  void unit(StringBuilder b, Excerpt e, UnitId unit, Probe probe) {
    float[] a = e.activations().get(unit);
    boolean mark = probe != null && probe.kind() == Probe.Kind.BINARY;
    b.append("<div class=\"excerpt\" data-unit=\"").append(unit).append("\" data-start=\"").append(e.start())
        .append("\">");
    for (int i = 0; i < e.ids().length; i++) {
      boolean inside = mark && probe.values()[e.start() + i] != 0;
      span(b, e, i, Html.activationColour(a[i]), inside);
    }
    b.append("</div>");
  }

  /** The excerpt coloured by the loss paid for each character, under a strip of loss bars. */
  void losses(StringBuilder b, Excerpt e) {
    int n = e.ids().length;
    b.append(String.format(Locale.ROOT, "<div class=\"loss-block\"><p class=\"where\">characters %,d to %,d</p>"
        + "<svg class=\"loss-strip\" viewBox=\"0 0 %d 1\" preserveAspectRatio=\"none\"><path d=\"", e.start(),
        e.end() - 1, n));
    for (int i = 0; i < n; i++) {
      float l = e.loss()[i];
      if (!Float.isNaN(l)) {
        double h = Math.min(1, l / CellsReport.LOSS_SCALE);
        b.append(String.format(Locale.ROOT, "M%d 1h0.85v-%.3fh-0.85z", i, h));
      }
    }
    b.append("\"/></svg><div class=\"excerpt loss\" data-start=\"").append(e.start()).append("\">");
    for (int i = 0; i < n; i++) {
      span(b, e, i, Html.heatColour(e.loss()[i] / CellsReport.LOSS_SCALE), false);
    }
    b.append("</div></div>");
  }

  private void span(StringBuilder b, Excerpt e, int i, String colour, boolean inside) {
    String ch = text(e.ids()[i]);
    b.append(inside ? "<span class=\"ch in\" data-i=\"" : "<span class=\"ch\" data-i=\"").append(e.start() + i)
        .append("\" style=\"background:").append(colour).append("\">");
    if (ch.equals("\n")) {
      b.append(" </span>\n");
    } else {
      b.append(Html.escape(ch)).append("</span>");
    }
  }

  /** A character as it is drawn in the text: itself, but control characters other than \n and \t as a dot. */
  private String text(int id) {
    int s = vocabulary.symbol(id);
    if (s == '\n' || s == '\t') {
      return String.valueOf((char) s);
    }
    if (s < 0x20 || s == 0x7F || vocabulary.kind() == Vocabulary.Kind.CODE_POINTS && !Character.isDefined(s)) {
      return "\u00b7";
    }
    return vocabulary.kind() == Vocabulary.Kind.BYTES ? String.valueOf((char) s) : new String(Character.toChars(s));
  }

  /** A character as it is named in the guesses box: blanks made visible. */
  private String label(int id) {
    int s = vocabulary.symbol(id);
    return switch (s) {
      case '\n' -> "\u23ce";
      case ' ' -> "\u2423";
      case '\t' -> "\u21e5";
      default -> text(id);
    };
  }

  /**
   * {@code {"i": [char, loss, guess1, p1, ..., guess5, p5], ...}} for every excerpt character: what the
   * hover box shows (the loss paid for the character, null for the text's first; the guesses for the
   * character after it).
   */
  String guessesJson() {
    StringBuilder b = new StringBuilder(1 << 16).append('{');
    boolean first = true;
    for (Excerpt e : result.excerpts()) {
      for (int i = 0; i < e.ids().length; i++) {
        b.append(first ? "" : ",").append('"').append(e.start() + i).append("\":[")
            .append(Html.jsonString(label(e.ids()[i]))).append(',');
        float loss = e.loss()[i];
        b.append(Float.isNaN(loss) ? "null" : String.format(Locale.ROOT, "%.3f", loss));
        int k = e.guessIds().length / e.ids().length;
        for (int g = 0; g < k; g++) {
          b.append(',').append(Html.jsonString(label(e.guessIds()[i * k + g]))).append(',')
              .append(String.format(Locale.ROOT, "%.4f", e.guessProbs()[i * k + g]));
        }
        b.append(']');
        first = false;
      }
    }
    return b.append('}').toString();
  }
}
