package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.report.AttentionPage;
import dev.rnn4j.report.AttentionPage.Alignment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attention heat map's HTML: shapes checked, every token escaped, one cell per word pair with its weight. */
class AttentionPageTest {
  @TempDir
  Path dir;

  static final Alignment DIAGONAL = new Alignment(List.of("ein", "mann", "schläft", "."),
      List.of("a", "man", "sleeps", ".", "</s>"), new float[][] {
          {0.85f, 0.10f, 0.03f, 0.02f},
          {0.08f, 0.83f, 0.06f, 0.03f},
          {0.02f, 0.05f, 0.90f, 0.03f},
          {0.01f, 0.02f, 0.07f, 0.90f},
          {0.05f, 0.05f, 0.10f, 0.80f}});

  @Test
  void shapesAreChecked() {
    List<String> src = List.of("a", "b");
    List<String> tgt = List.of("x", "y", "z");
    var rows = assertThrows(IllegalArgumentException.class,
        () -> new Alignment(src, tgt, new float[][] {{0.5f, 0.5f}, {0.5f, 0.5f}}));
    assertTrue(rows.getMessage().contains("2 rows") && rows.getMessage().contains("3 target"), rows.getMessage());
    var row = assertThrows(IllegalArgumentException.class,
        () -> new Alignment(src, tgt, new float[][] {{0.5f, 0.5f}, {1f}, {0.5f, 0.5f}}));
    assertTrue(row.getMessage().contains("row 1") && row.getMessage().contains("2 source"), row.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Alignment(src, tgt, new float[][] {{0.5f, 0.5f}, null, {0.5f, 0.5f}}));
    assertThrows(IllegalArgumentException.class, () -> new Alignment(src, tgt, null));
    assertThrows(IllegalArgumentException.class, () -> new Alignment(null, tgt, new float[3][2]));
    assertThrows(IllegalArgumentException.class,
        () -> new Alignment(Arrays.asList("a", null), tgt, new float[3][2]));
    assertThrows(IllegalArgumentException.class,
        () -> new Alignment(src, tgt, new float[][] {{0.5f, 0.5f, 0f}, {0.5f, 0.5f, 0f}, {0.5f, 0.5f, 0f}}));
    new Alignment(src, tgt, new float[3][2]);
  }

  @Test
  void copiesItsArguments() {
    List<String> src = new ArrayList<>(List.of("a", "b"));
    float[][] w = {{0.25f, 0.75f}};
    Alignment a = new Alignment(src, List.of("x"), w);
    src.set(0, "changed");
    w[0][0] = 9;
    a.weights()[0][1] = 9;
    assertEquals(List.of("a", "b"), a.source());
    assertEquals(0.25f, a.weights()[0][0]);
    assertEquals(0.75f, a.weights()[0][1]);
  }

  @Test
  void everyTokenAndTheTitleAreEscaped() {
    Alignment nasty = new Alignment(List.of("<b>&", "\"q\"", "it's"), List.of("<", "&amp;", "</s>"),
        new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    String html = AttentionPage.render("<script>alert(1)</script> & co", List.of(nasty));
    assertTrue(html.contains("&lt;b&gt;&amp;"), "source token escaped");
    assertTrue(html.contains("&quot;q&quot;") && html.contains("it&#39;s"));
    assertTrue(html.contains(">&lt;</th>") && html.contains(">&amp;amp;</th>") && html.contains(">&lt;/s&gt;</th>"),
        "target tokens escaped in the row headers");
    assertTrue(html.contains("title=\"&lt; \u2192 &lt;b&gt;&amp;: 1.00\""), "tooltip escaped");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assertFalse(html.contains("<b>"), "no raw token markup");
    assertFalse(html.contains("<script>alert"), "no raw title markup");
    assertEquals(1, count(html, "<script>"), "only the page's own script");
  }

  @Test
  void oneCellPerWordPairWithItsWeight() {
    Alignment reordered = new Alignment(List.of("la", "zone", "économique", "européenne"),
        List.of("the", "European", "Economic", "Area"), new float[][] {
            {0.9f, 0.05f, 0.03f, 0.02f},
            {0.02f, 0.08f, 0.1f, 0.8f},
            {0.01f, 0.09f, 0.85f, 0.05f},
            {0.05f, 0.7f, 0.15f, 0.1f}});
    String html = AttentionPage.render("Attention", List.of(DIAGONAL, reordered));
    assertTrue(html.startsWith("<!doctype html>"));
    List<String> tables = split(html, "<table class=\"attention\">", "</table>");
    assertEquals(2, tables.size());
    List<Alignment> sentences = List.of(DIAGONAL, reordered);
    for (int i = 0; i < 2; i++) {
      Alignment a = sentences.get(i);
      String table = tables.get(i);
      assertEquals(a.source().size(), count(table, "<th class=\"src\""));
      assertEquals(a.target().size(), count(table, "<th class=\"tgt\""));
      assertEquals(a.source().size() * a.target().size(), count(table, "<td class=\"w\""));
      Matcher m = Pattern.compile("data-weight=\"([0-9.]+)\"").matcher(table);
      float[][] w = a.weights();
      int n = 0;
      while (m.find()) {
        int t = n / a.source().size();
        int s = n % a.source().size();
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", w[t][s]), m.group(1), "cell " + t + "," + s);
        n++;
      }
      assertEquals(a.source().size() * a.target().size(), n);
    }
    assertTrue(html.contains("title=\"man \u2192 mann: 0.83\""), "tooltip: target \u2192 source: weight");
    assertTrue(html.contains("data-weight=\"0.8300\""));
    assertTrue(html.contains("class=\"legend\""));
    assertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched");
  }

  @Test
  void shadesRunFromBlackToWhite() {
    String html = AttentionPage.render("shades", List.of(new Alignment(List.of("a", "b", "c"), List.of("x"),
        new float[][] {{0f, 0.5f, 1f}})));
    assertTrue(html.contains("data-weight=\"0.0000\"") && html.contains("background:#000000"));
    assertTrue(html.contains("background:#808080"));
    assertTrue(html.contains("background:#ffffff"));
  }

  @Test
  void emptySentencesStillRender() throws Exception {
    String none = AttentionPage.render("none", List.of());
    assertTrue(none.contains("No sentences."));
    String empty = AttentionPage.render("empty", List.of(new Alignment(List.of("a"), List.of(), new float[0][])));
    assertEquals(0, count(empty, "<td class=\"w\""));
    assertTrue(empty.contains("The translation is empty"));
    Path out = dir.resolve("attention.html");
    AttentionPage.write(out, "Attention", List.of(DIAGONAL));
    assertEquals(AttentionPage.render("Attention", List.of(DIAGONAL)), Files.readString(out, StandardCharsets.UTF_8));
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static List<String> split(String html, String open, String close) {
    List<String> parts = new ArrayList<>();
    for (int i = html.indexOf(open); i >= 0; i = html.indexOf(open, i + 1)) {
      parts.add(html.substring(i, html.indexOf(close, i)));
    }
    return parts;
  }
}
