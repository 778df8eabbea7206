package dev.rnn4j.report;

import static dev.rnn4j.report.Html.escape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The attention of a translation as a heat map, as in Bahdanau, Cho and Bengio 2015, Figure 3: one table per
 * sentence, the source words along the top, the translation's words down the left, each cell the weight with
 * which the decoder, producing that target word, attended to that source word, in greyscale (0 black, 1 white).
 * Each row is a softmax, so it sums to 1. Hovering a cell shows "target &rarr; source: weight" and marks its
 * two words. The page is self-contained (inline style and script), so it opens offline.
 *
 * <p>Table {@code table.attention}: column headers {@code th.src}, row headers {@code th.tgt}, cells
 * {@code td.w} with the weight in {@code data-weight} (four decimals) and in the {@code title} tooltip.
 */
public final class AttentionPage {
  private AttentionPage() {}

  /**
   * One translated sentence.
   *
   * @param source  the source tokens, left to right (the columns)
   * @param target  the translation's tokens (the rows); the caller may include the end as {@code "</s>"}
   * @param weights {@code weights[t][s]}: the attention of target token {@code t} on source token {@code s}
   */
  public record Alignment(List<String> source, List<String> target, float[][] weights) {
    /** Copies its arguments; throws IllegalArgumentException unless weights is |target| rows of |source|. */
    public Alignment {
      source = tokens("source", source);
      target = tokens("target", target);
      if (weights == null) {
        throw new IllegalArgumentException("attention weights are null");
      }
      if (weights.length != target.size()) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "attention weights have %d rows, but there are %d target tokens", weights.length, target.size()));
      }
      float[][] copy = new float[weights.length][];
      for (int t = 0; t < weights.length; t++) {
        if (weights[t] == null || weights[t].length != source.size()) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "attention weights row %d (target token %s) has %s, but there are %d source tokens", t,
              target.get(t), weights[t] == null ? "no values" : weights[t].length + " values", source.size()));
        }
        copy[t] = weights[t].clone();
      }
      weights = copy;
    }

    /** A copy of the weights, {@code [target][source]}. */
    @Override
    public float[][] weights() {
      float[][] copy = new float[weights.length][];
      for (int t = 0; t < weights.length; t++) {
        copy[t] = weights[t].clone();
      }
      return copy;
    }

    private static List<String> tokens(String what, List<String> tokens) {
      if (tokens == null) {
        throw new IllegalArgumentException(what + " tokens are null");
      }
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i) == null) {
          throw new IllegalArgumentException(what + " token " + i + " is null");
        }
      }
      return List.copyOf(tokens);
    }
  }

  /** Renders the page and writes it atomically to {@code out}. */
  public static void write(Path out, String title, List<Alignment> sentences) throws IOException {
    Html.write(out, render(title, sentences));
  }

  /** The whole page for one or more sentences (each its own table, in order), with a title. */
  public static String render(String title, List<Alignment> sentences) {
    Objects.requireNonNull(title, "title");
    List<Alignment> all = new ArrayList<>(Objects.requireNonNull(sentences, "sentences"));
    StringBuilder b = new StringBuilder(4096);
    b.append("<header><h1>").append(escape(title)).append("</h1>\n")
        .append("<p class=\"what\">Each table is one sentence: the source words along the top, the translation's "
            + "words down the left. A cell is the weight with which the model, writing the word of its row, "
            + "attended to the word of its column (Bahdanau, Cho &amp; Bengio 2015, Figure 3); each row sums to 1. "
            + "Hover a cell for its weight.</p>\n")
        .append("<div class=\"legend\"><span class=\"lo\">0</span><span class=\"bar\" title=\"black 0, white 1\">"
            + "</span><span class=\"hi\">1</span> <span class=\"what\">attention weight: black 0, white 1</span>"
            + "</div></header>\n");
    if (all.isEmpty()) {
      b.append("<p class=\"note\">No sentences.</p>\n");
    }
    for (int i = 0; i < all.size(); i++) {
      sentence(b, i + 1, Objects.requireNonNull(all.get(i), "sentence " + (i + 1)));
    }
    return Html.page(title, CSS, b.toString(), SCRIPT);
  }

  private static void sentence(StringBuilder b, int number, Alignment a) {
    List<String> src = a.source();
    List<String> tgt = a.target();
    float[][] w = a.weights;
    b.append("<section class=\"sentence\" id=\"sentence-").append(number).append("\"><h2>").append(number)
        .append(". <span class=\"source\">").append(escape(String.join(" ", src))).append("</span></h2>")
        .append("<p class=\"translation\">&rarr; ").append(escape(String.join(" ", tgt))).append("</p>\n");
    if (src.isEmpty() || tgt.isEmpty()) {
      b.append("<p class=\"note\">").append(src.isEmpty() ? "The source is empty" : "The translation is empty")
          .append(": no weights to show.</p>\n");
    }
    b.append("<div class=\"scroll\"><table class=\"attention\"><thead><tr><th class=\"corner\"></th>");
    for (int s = 0; s < src.size(); s++) {
      b.append("<th class=\"src\" scope=\"col\" data-s=\"").append(s).append("\"><span>").append(escape(src.get(s)))
          .append("</span></th>");
    }
    b.append("</tr></thead>\n<tbody>");
    for (int t = 0; t < tgt.size(); t++) {
      b.append("<tr><th class=\"tgt\" scope=\"row\" data-t=\"").append(t).append("\">").append(escape(tgt.get(t)))
          .append("</th>");
      for (int s = 0; s < src.size(); s++) {
        float v = w[t][s];
        b.append("<td class=\"w\" data-s=\"").append(s).append("\" data-weight=\"").append(fixed(v, 4))
            .append("\" title=\"").append(escape(tgt.get(t) + " \u2192 " + src.get(s) + ": " + fixed(v, 2)))
            .append("\" style=\"background:").append(shade(v)).append("\"></td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table></div></section>\n");
  }

  /** Greyscale as in Bahdanau et al.: black at 0, white at 1, linear in between, clamped; NaN black. */
  static String shade(double weight) {
    double a = Double.isNaN(weight) ? 0 : Math.max(0, Math.min(1, weight));
    int v = (int) Math.round(255 * a);
    return String.format(Locale.ROOT, "#%02x%02x%02x", v, v, v);
  }

  private static String fixed(float v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static final String CSS = """
      body { font: 15px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 70em; padding: 0 1em; color: #222; }
      h1 { font-size: 24px; margin-bottom: 0.2em; } h2 { font-size: 17px; margin: 1.6em 0 0.1em; font-weight: 600; }
      .what, .translation { color: #555; } .translation { margin: 0 0 0.6em; }
      .note { color: #555; font-style: italic; }
      .legend { display: flex; align-items: center; gap: 0.4em; font-size: 13px; margin: 0.4em 0 1em; }
      .legend .bar { display: inline-block; width: 12em; height: 1em; border: 1px solid #888;
        background: linear-gradient(to right, #000, #fff); }
      .scroll { overflow-x: auto; }
      table.attention { border-collapse: collapse; background: #000; font-size: 14px; }
      table.attention th { background: #fff; font-weight: normal; white-space: nowrap; padding: 0 0.4em; }
      th.src { vertical-align: bottom; text-align: left; padding: 0.3em 0; height: auto; }
      th.src span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; }
      th.tgt { text-align: right; }
      th.on { background: #ffe9a8 !important; font-weight: 600; }
      td.w { width: 1.9em; min-width: 1.9em; height: 1.9em; padding: 0; cursor: default; }
      td.w:hover { outline: 2px solid #e07000; outline-offset: -2px; }
      """;

  /** Hovering a cell marks the source and target words it joins. */
  private static final String SCRIPT = """
      (function () {
        let marked = [];
        function clear() { marked.forEach(h => h.classList.remove('on')); marked = []; }
        document.addEventListener('mouseover', e => {
          const td = e.target.closest ? e.target.closest('td.w') : null;
          clear();
          if (!td) { return; }
          const table = td.closest('table');
          const col = table.querySelector('th.src[data-s="' + td.dataset.s + '"]');
          const row = td.parentElement.querySelector('th.tgt');
          marked = [col, row].filter(h => h);
          marked.forEach(h => h.classList.add('on'));
        });
      })();
      """;
}
