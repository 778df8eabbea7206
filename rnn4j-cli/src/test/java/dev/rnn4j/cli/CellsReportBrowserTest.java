package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The cells report in a real browser (headless Chromium): it renders without console errors, shows the
 * coloured characters and the saturation scatter, and hovering a character shows the five best guesses.
 * Leaves a screenshot in {@code target/screenshots/cells.png}.
 */
class CellsReportBrowserTest {
  @TempDir
  Path dir;

  @Test
  void rendersColouredTextPlotsAndTheGuessesBox() throws Exception {
    Path text = CodeText.file(dir, "code.c", 6000, 3);
    Cli.Result trained = Cli.run(Cli.train(text, dir.resolve("run"), "--model", "lstm", "--iters", "60",
        "--hidden", "24", "--layers", "2"));
    assertEquals(0, trained.status(), trained::toString);
    Path report = dir.resolve("cells.html");
    Cli.Result r = CellsCommandTest.cells(dir.resolve("run").resolve("last.safetensors"), text, report,
        "--cell", "1:5");
    assertEquals(0, r.status(), r::toString);

    try (HeadlessChromium browser = new HeadlessChromium(dir.resolve("profile"))) {
      browser.open(report);
      assertEquals(List.of(), browser.consoleErrors());

      List<WebElement> chars = browser.findAll("div.excerpt span.ch");
      assertTrue(chars.size() > 500, "coloured characters: " + chars.size());
      Object coloured = browser.script("return [...document.querySelectorAll('div.excerpt[data-unit] span.ch')]"
          + ".filter(s => getComputedStyle(s).backgroundColor !== 'rgb(255, 255, 255)').length;");
      assertTrue(((Number) coloured).intValue() > 100, "characters coloured by activation: " + coloured);

      assertEquals(2, browser.findAll("svg.saturation").size(), "one scatter per layer");
      assertEquals(2 * 3 * 24, browser.findAll("svg.saturation g.gate circle").size(), "a point per unit and gate");
      assertEquals(3, browser.findAll("svg.saturation").get(0).findElements(
          org.openqa.selenium.By.cssSelector("g.gate")).size());
      assertTrue(browser.findAll("svg.loss-strip").size() >= 1);
      assertTrue(browser.findAll("table.summary tbody tr").size() == 6);

      WebElement tip = browser.findAll("#tip").get(0);
      assertTrue(!tip.isDisplayed(), "the guesses box starts hidden");
      WebElement target = chars.get(chars.size() / 2);
      browser.script("arguments[0].scrollIntoView({block: 'center'});", target);
      browser.hover(target);
      assertTrue(tip.isDisplayed(), "hovering a character shows the guesses box");
      List<WebElement> rows = tip.findElements(org.openqa.selenium.By.cssSelector("table.guesses tr"));
      assertEquals(5, rows.size(), tip.getText());
      double sum = 0;
      double last = 1;
      for (WebElement row : rows) {
        String pct = row.findElements(org.openqa.selenium.By.tagName("td")).get(1).getText();
        double p = Double.parseDouble(pct.replace("%", "")) / 100;
        assertTrue(p <= last + 1e-9, "most likely first: " + tip.getText());
        last = p;
        sum += p;
      }
      assertTrue(sum > 0 && sum <= 1.0001, tip.getText());
      assertTrue(tip.getText().contains("guesses for the next character"), tip.getText());

      browser.script("window.scrollTo(0, 0);");
      Path png = Path.of("target", "screenshots", "cells.png");
      browser.screenshot(png);
      assertTrue(Files.size(png) > 10_000);
      assertEquals(List.of(), browser.consoleErrors());
    }
  }
}
