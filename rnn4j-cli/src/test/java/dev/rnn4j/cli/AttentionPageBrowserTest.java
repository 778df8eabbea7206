package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.report.AttentionPage;
import dev.rnn4j.report.AttentionPage.Alignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The attention heat map in a real browser (headless Chromium): two sentences, one aligned word for word and
 * one reordered, render without console errors as two tables of the right size; in every row the brightest
 * cell is the one with the largest weight; the row headers are the translation's words, the column headers
 * the source's; hovering a cell marks its two words, and leaving it unmarks them. Leaves a screenshot in
 * {@code target/screenshots/attention.png}.
 */
class AttentionPageBrowserTest {
  @TempDir
  Path dir;

  @Test
  void rendersOneHeatMapPerSentenceWithTheBrightestCellAtTheLargestWeight() throws Exception {
    Alignment diagonal = AttentionPageTest.DIAGONAL;
    // French adjectives follow the noun: "European Economic Area" reads "zone économique européenne" backwards.
    Alignment reordered = new Alignment(
        List.of("l'", "accord", "sur", "la", "zone", "économique", "européenne", "a", "été", "signé", "<&>"),
        List.of("the", "agreement", "on", "the", "European", "Economic", "Area", "was", "signed", "<&>", "</s>"),
        new float[][] {
            {0.80f, 0.10f, 0.02f, 0.02f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.005f, 0.005f},
            {0.05f, 0.85f, 0.04f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.005f, 0.005f, 0.00f},
            {0.01f, 0.06f, 0.86f, 0.03f, 0.01f, 0.01f, 0.01f, 0.005f, 0.005f, 0.00f, 0.00f},
            {0.02f, 0.01f, 0.05f, 0.75f, 0.10f, 0.02f, 0.03f, 0.01f, 0.005f, 0.005f, 0.00f},
            {0.00f, 0.01f, 0.01f, 0.02f, 0.14f, 0.12f, 0.68f, 0.01f, 0.005f, 0.005f, 0.00f},
            {0.00f, 0.01f, 0.01f, 0.01f, 0.05f, 0.86f, 0.04f, 0.01f, 0.005f, 0.005f, 0.00f},
            {0.00f, 0.01f, 0.01f, 0.02f, 0.72f, 0.13f, 0.08f, 0.01f, 0.01f, 0.01f, 0.00f},
            {0.00f, 0.00f, 0.01f, 0.01f, 0.01f, 0.01f, 0.02f, 0.44f, 0.46f, 0.03f, 0.01f},
            {0.00f, 0.00f, 0.00f, 0.01f, 0.01f, 0.01f, 0.01f, 0.05f, 0.12f, 0.78f, 0.01f},
            {0.00f, 0.00f, 0.00f, 0.00f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.05f, 0.90f},
            {0.10f, 0.05f, 0.05f, 0.05f, 0.05f, 0.05f, 0.10f, 0.05f, 0.10f, 0.15f, 0.25f}});
    List<Alignment> sentences = List.of(diagonal, reordered);
    Path page = dir.resolve("attention.html");
    AttentionPage.write(page, "Attention: de→en and fr→en", sentences);

    try (HeadlessChromium browser = new HeadlessChromium(dir.resolve("profile"))) {
      browser.open(page);
      assertEquals(List.of(), browser.consoleErrors());
      List<WebElement> tables = browser.findAll("table.attention");
      assertEquals(2, tables.size());
      for (int i = 0; i < tables.size(); i++) {
        Alignment a = sentences.get(i);
        WebElement table = tables.get(i);
        int src = a.source().size();
        int tgt = a.target().size();
        assertEquals(src * tgt, table.findElements(By.cssSelector("td.w")).size(), "cells of table " + i);
        assertEquals(a.source(), texts(browser, table, "th.src"), "column headers of table " + i);
        assertEquals(a.target(), texts(browser, table, "th.tgt"), "row headers of table " + i);
        // Per row: the computed brightness (mean of r, g, b) of each cell, as the browser painted it.
        @SuppressWarnings("unchecked")
        List<List<Number>> brightness = (List<List<Number>>) browser.script(
            "return [...arguments[0].querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td.w')]"
                + ".map(td => { const m = getComputedStyle(td).backgroundColor.match(/\\d+/g).map(Number);"
                + " return (m[0] + m[1] + m[2]) / 3; }));", table);
        assertEquals(tgt, brightness.size());
        float[][] w = a.weights();
        for (int t = 0; t < tgt; t++) {
          List<Number> row = brightness.get(t);
          assertEquals(src, row.size());
          int brightest = 0;
          int heaviest = 0;
          for (int s = 1; s < src; s++) {
            if (row.get(s).doubleValue() > row.get(brightest).doubleValue()) {
              brightest = s;
            }
            if (w[t][s] > w[t][heaviest]) {
              heaviest = s;
            }
          }
          assertEquals(heaviest, brightest, "table " + i + ", row " + a.target().get(t) + ": " + row);
          assertEquals(255 * w[t][heaviest], row.get(brightest).doubleValue(), 1.0, "white = 1");
        }
        assertTrue(((Number) browser.script("return arguments[0].getBoundingClientRect().width;", table))
            .doubleValue() > 50 * (src / 2), "table " + i + " is laid out");
      }

      // "European" attends to "européenne" (column 6): its tooltip and the two words hovering marks.
      WebElement cell = tables.get(1).findElements(By.cssSelector("tbody tr")).get(4)
          .findElements(By.cssSelector("td.w")).get(6);
      assertEquals("European \u2192 européenne: 0.68", cell.getAttribute("title"));
      assertEquals("0.6800", cell.getAttribute("data-weight"));
      browser.script("arguments[0].scrollIntoView({block: 'center'});", cell);
      browser.hover(cell);
      assertEquals(List.of("européenne", "European"), texts(browser, tables.get(1), "th.on"));
      assertEquals(0, browser.findAll("table.attention").get(0).findElements(By.cssSelector("th.on")).size());

      browser.script("window.scrollTo(0, 0);");
      browser.hover(browser.findAll("h1").get(0));
      assertEquals(0, browser.findAll("th.on").size(), "leaving the cells unmarks the words");
      Path png = Path.of("target", "screenshots", "attention.png");
      browser.screenshot(png);
      assertTrue(Files.size(png) > 10_000);
      assertEquals(List.of(), browser.consoleErrors());
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(HeadlessChromium browser, WebElement within, String css) {
    return (List<String>) browser.script(
        "return [...arguments[0].querySelectorAll(arguments[1])].map(e => e.textContent);", within, css);
  }
}
