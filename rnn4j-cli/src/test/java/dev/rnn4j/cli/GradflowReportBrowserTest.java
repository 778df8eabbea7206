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
 * The gradflow report in a real browser (headless Chromium): it renders without console errors, every plot
 * has a path per curve, decade labels on its log axis and a legend, and pointing at a plot reads its values.
 * Leaves a screenshot in {@code target/screenshots/gradflow.png}.
 */
class GradflowReportBrowserTest {
  @TempDir
  static Path shared;
  @TempDir
  Path dir;

  @Test
  void rendersPlotsWithLogAxesAndLegendsWithoutConsoleErrors() throws Exception {
    GradflowCommandTest.trainModels(shared);
    Path out = dir.resolve("gradflow.html");
    Cli.Result r = GradflowCommandTest.gradflow(out);
    assertEquals(0, r.status(), r::toString);
    try (HeadlessChromium browser = new HeadlessChromium(dir.resolve("profile"))) {
      browser.open(out);
      assertEquals(List.of(), browser.consoleErrors());
      List<WebElement> plots = browser.findAll("svg.plot");
      assertEquals(8, plots.size());
      // Per plot: curves drawn with real path data, a legend entry per curve, decade labels 10^n.
      int[] curves = {3, 3, 3, 6, 6, 6, 2, 1};
      for (int i = 0; i < plots.size(); i++) {
        WebElement plot = plots.get(i);
        List<WebElement> paths = plot.findElements(org.openqa.selenium.By.cssSelector("path.curve"));
        assertEquals(curves[i], paths.size(), "curves in plot " + i);
        for (WebElement p : paths) {
          assertTrue(p.getAttribute("d").startsWith("M"), "path data of " + p.getAttribute("data-label"));
          Object length = browser.script("return arguments[0].getTotalLength();", p);
          assertTrue(((Number) length).doubleValue() > 50, "a visible line: " + p.getAttribute("data-label"));
        }
        assertEquals(curves[i], plot.findElements(org.openqa.selenium.By.cssSelector("g.legend g.entry")).size());
        List<WebElement> ticks = plot.findElements(org.openqa.selenium.By.cssSelector("text.ytick"));
        assertTrue(ticks.size() >= 2, "decade ticks in plot " + i);
        for (WebElement t : ticks) {
          String label = (String) browser.script("return arguments[0].textContent;", t);
          assertTrue(label.matches("10-?[0-9]+"), "a 10^n label: " + label);
        }
        Object rendered = browser.script("return arguments[0].getBoundingClientRect().width;", plot);
        assertTrue(((Number) rendered).doubleValue() > 400, "plot " + i + " is laid out");
      }
      String firstLegend = (String) browser.script("return arguments[0].textContent;",
          plots.get(0).findElement(org.openqa.selenium.By.cssSelector("g.legend")));
      assertTrue(firstLegend.contains("rho = 0.5") && firstLegend.contains("rho = 2.0"), firstLegend);
      String layer2 = (String) browser.script("return arguments[0].textContent;", plots.get(7));
      assertTrue(layer2.contains("layer 2") && layer2.contains("lstm/last"), layer2);

      WebElement readout = browser.findAll("figcaption.readout").get(0);
      browser.hover(plots.get(0));
      String read = readout.getText();
      assertTrue(read.matches("k = [0-9]+ .*rho = 0.5: [0-9.]+e[-+][0-9]+.*"), "readout: " + read);
      assertEquals(List.of(), browser.consoleErrors());
      Path png = Path.of("target", "screenshots", "gradflow.png");
      browser.screenshot(png);
      assertTrue(Files.size(png) > 10_000);
    }
  }
}
