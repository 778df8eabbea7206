package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser harness itself: it must see elements and report a script error, or page tests prove nothing. */
class HeadlessChromiumTest {
  @TempDir Path dir;

  @Test
  void seesElementsAndConsoleErrors() throws Exception {
    Path page = dir.resolve("page.html");
    Files.writeString(page, "<!doctype html><html><body><span class=a>x</span><span class=a>y</span>"
        + "<script>undefinedFunction();</script></body></html>");
    try (HeadlessChromium browser = new HeadlessChromium(dir.resolve("profile"))) {
      browser.open(page);
      assertEquals(2, browser.findAll("span.a").size());
      List<String> errors = browser.consoleErrors();
      assertTrue(errors.stream().anyMatch(m -> m.contains("undefinedFunction")), errors.toString());
      Path png = dir.resolve("shot.png");
      browser.screenshot(png);
      assertTrue(Files.size(png) > 1000);
    }
  }
}
