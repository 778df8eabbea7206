package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.serve.Limits;
import dev.rnn4j.serve.ModelCatalog;
import dev.rnn4j.serve.RnnServer;
import dev.rnn4j.serve.ServeOptions;
import dev.rnn4j.serve.TrainingFeed;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.StopReason;
import dev.rnn4j.train.ValidationReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The page {@code rnn4j serve} serves, in a real browser (headless Chromium) against a server in this JVM
 * over a tiny LSTM trained here and a training feed the test drives. Write: a generation streams in
 * character by character and ends as the same text one non-streamed request with the same seed gives;
 * hovering a character lists its five guesses; a unit colours the text red where it is positive and blue
 * where negative. Look inside: the text coloured by loss, the units the probes found, and a click on one
 * recolours. Watch training: the curves and figures follow the feed without a reload. The token in the
 * fragment reaches the API. No view leaves a console error. Screenshots go to {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServePageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PRIME = "the dog ";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;

  private ModelCatalog catalog;
  private TrainingFeed feed;
  private RnnServer server;
  private HeadlessChromium browser;

  @BeforeAll
  void trainServeAndOpenABrowser() throws Exception {
    Path text = Cli.textFile(dir, "lines.txt", 6000);
    Cli.Result trained = Cli.run(Cli.train(text, dir.resolve("run"), "--model", "lstm", "--hidden", "32",
        "--batch", "8", "--seq", "32", "--iters", "150", "--eval-every", "50"));
    assertEquals(0, trained.status(), trained::toString);
    catalog = ModelCatalog.load(List.of(dir.resolve("run").resolve("last.safetensors")));
    feed = TrainingFeed.live("tiny");
    feed.onStart(null);
    for (int i = 1; i <= 3; i++) {
      feed.onIteration(null, iteration(i));
    }
    feed.onValidation(null, new ValidationReport(3, 0.01, 3.1, Double.NaN, 3.1, true));
    feed.sample(3, "the quick fox");
    server = RnnServer.start(catalog, feed, ServeOptions.loopback(0));
    browser = new HeadlessChromium(dir.resolve("profile"));
  }

  @AfterAll
  void closeAll() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void writeStreamsTheTextOfTheSameRequestShowsGuessesAndColoursByUnit() throws Exception {
    openPage(server.url());
    assertEquals("29", one("#top-k").getAttribute("max"), "top-k reaches the vocabulary size");
    one("#prime").sendKeys(PRIME);
    type("#length", "120");
    type("#seed", "42");
    browser.script("const k = document.querySelector('#top-k'); k.value = 10; k.dispatchEvent(new Event('input'));");
    assertEquals("10", one("#top-k-value").getText());
    one("#generate").click();
    int total = PRIME.length() + 120;
    browser.waitUntil(WAIT, total + " characters and the end", () -> spans("#output") == total
        && one("#generate").isEnabled());
    String written = (String) browser.script("return document.querySelector('#output').textContent;");

    ObjectNode request = JSON.createObjectNode().put("prime", PRIME).put("length", 120)
        .put("temperature", Double.parseDouble(one("#temperature").getAttribute("value"))).put("top_k", 10)
        .put("seed", 42).put("top", 5).put("stream", false);
    request.putArray("units").add("0:c5");
    JsonNode whole = post(server.url(), "/v1/models/last/sample", request);
    assertEquals(whole.get("text").asText(), written);
    assertTrue(one("#write-status").getText().contains("seed 42"), one("#write-status").getText());

    // Hovering a drawn character lists the five guesses the model had there, the likeliest first.
    int at = PRIME.length() + 7;
    WebElement ch = browser.findAll("#output span.ch").get(at);
    browser.hover(ch);
    browser.waitUntil(WAIT, "the hover box", () -> one("#hoverbox").isDisplayed());
    List<WebElement> rows = browser.findAll("#hoverbox table.guesses tr");
    assertEquals(5, rows.size(), one("#hoverbox").getText());
    JsonNode top = whole.get("characters").get(at).get("top");
    for (int k = 0; k < 5; k++) {
      assertEquals(visible(top.get(k).get(0).asText()), rows.get(k).findElements(
          org.openqa.selenium.By.tagName("td")).get(0).getText(), "guess " + k);
    }

    // A unit colours the written text (after an /analyze of it): red where the unit is positive, blue where
    // negative, as the sampler's own values for the same request say.
    // Without a seed, writing anew would change the text: Enter in the unit box must only recolour.
    type("#seed", "");
    List<String> before = backgrounds("#output");
    one("#unit").sendKeys("0:c5" + Keys.ENTER);
    browser.waitUntil(WAIT, "colours by unit 0:c5", () -> !backgrounds("#output").equals(before));
    assertEquals(written, browser.script("return document.querySelector('#output').textContent;"));
    List<String> after = backgrounds("#output");
    assertTrue(new HashSet<>(after).size() > 5, "distinct colours: " + new HashSet<>(after));
    JsonNode chars = whole.get("characters");
    assertEquals(chars.size(), after.size());
    int checked = 0;
    for (int i = 0; i < after.size(); i++) {
      double v = chars.get(i).get("u").get(0).asDouble();
      int[] rgb = rgb(after.get(i));
      if (Math.abs(v) > 0.05) {
        assertTrue(v > 0 ? rgb[0] == 255 && rgb[2] < 255 : rgb[2] == 255 && rgb[0] < 255,
            "character " + i + ": unit " + v + " painted " + after.get(i));
        checked++;
      }
    }
    assertTrue(checked > total / 2, "characters with a clear sign: " + checked);
    browser.screenshot(screenshot("serve-write.png"));
    assertEquals(List.of(), browser.consoleErrors());

    // Stop ends a long generation part way, and what was written stays. A tiny model writes 10,000
    // characters faster than a test can click, so the page itself presses Stop once 50 have appeared.
    type("#length", "10000");
    browser.script("const out = document.querySelector('#output'); window.stoppedAt = 0;"
        + "const watch = new MutationObserver(() => { const n = out.querySelectorAll('span.ch').length;"
        + " if (n >= 50 && !window.stoppedAt) { window.stoppedAt = n; watch.disconnect();"
        + " document.querySelector('#stop').click(); } });"
        + "watch.observe(out, {childList: true});");
    one("#generate").click();
    browser.waitUntil(WAIT, "Stop pressed", () -> ((Number) browser.script("return window.stoppedAt;")).intValue() > 0);
    browser.waitUntil(WAIT, "Generate enabled again", () -> one("#generate").isEnabled());
    int stoppedAt = ((Number) browser.script("return window.stoppedAt;")).intValue();
    assertTrue(stoppedAt < PRIME.length() + 10_000, "characters shown before the end: " + stoppedAt);
    assertEquals(stoppedAt, spans("#output"), "nothing is added after Stop");
    assertTrue(one("#write-status").getText().startsWith("stopped after"), one("#write-status").getText());
    assertFalse(one("#error").isDisplayed(), one("#error").getText());
    assertEquals(List.of(), browser.consoleErrors());

    // A refusal shows in the error line and marks the field at fault.
    type("#unit", "9:9" + Keys.ENTER);
    browser.waitUntil(WAIT, "the error line", () -> one("#error").isDisplayed());
    assertTrue(one("#error").getText().startsWith("units: the model has no unit 9:h9"), one("#error").getText());
    assertEquals("true", one("#unit").getAttribute("aria-invalid"));
    // Chromium logs every refused request; the page must add nothing of its own.
    List<String> errors = browser.consoleErrors();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("/analyze") && errors.get(0).contains("400"), errors.toString());
  }

  @Test
  void lookInsideColoursByLossListsProbeUnitsAndColoursByOne() throws Exception {
    openPage(server.url());
    one("#tab-inside").click();
    String text = Cli.text(700, 11);
    browser.script("document.querySelector('#analyze-text').value = arguments[0];", text);
    one("#analyze").click();
    browser.waitUntil(WAIT, "the analysed text", () -> spans("#inside-output") == text.length());
    List<String> byLoss = backgrounds("#inside-output");
    assertEquals("rgba(0, 0, 0, 0)", byLoss.get(0), "nothing predicted the first character");
    assertTrue(new HashSet<>(byLoss).size() > 5, "distinct loss colours: " + new HashSet<>(byLoss));
    assertTrue(one("#inside-summary").getText().matches(text.length() + " characters: \\d\\.\\d{3} nats \\(\\d\\.\\d{3}"
        + " bits\\) per character"), one("#inside-summary").getText());

    browser.waitUntil(WAIT, "probe units", () -> !browser.findAll("#probe-units li").isEmpty());
    WebElement line = browser.findAll("#probe-units li").stream().filter(li -> li.getText().contains("line-position"))
        .findFirst().orElseThrow(() -> new AssertionError("no line-position unit in " + one("#probe-units").getText()));
    WebElement button = line.findElement(org.openqa.selenium.By.cssSelector("button.unit"));
    String unit = button.getText();
    assertTrue(unit.matches("0:[hc]\\d+"), unit);
    assertTrue(browser.findAll("#unit-list option").size() >= browser.findAll("#probe-units li").size() / 2,
        "found units offered to Write");
    button.click();
    browser.waitUntil(WAIT, "colours by " + unit, () -> !backgrounds("#inside-output").equals(byLoss));
    assertEquals("true", button.getAttribute("aria-pressed"));
    List<String> byUnit = backgrounds("#inside-output");
    assertTrue(new HashSet<>(byUnit).size() > 5, "distinct unit colours: " + new HashSet<>(byUnit));
    ObjectNode request = JSON.createObjectNode().put("text", text).put("probes", false);
    request.putArray("units").add(unit);
    JsonNode values = post(server.url(), "/v1/models/last/analyze", request).get("units").get(unit);
    for (int i = 0; i < text.length(); i++) {
      double v = values.get(i).asDouble();
      int[] rgb = rgb(byUnit.get(i));
      if (Math.abs(v) > 0.05) {
        assertEquals(v > 0 ? 255 : rgb[0], rgb[0], "character " + i + ": " + v + " painted " + byUnit.get(i));
        assertEquals(v < 0 ? 255 : rgb[2], rgb[2], "character " + i + ": " + v + " painted " + byUnit.get(i));
      }
    }

    WebElement ch = browser.findAll("#inside-output span.ch").get(40);
    browser.hover(ch);
    browser.waitUntil(WAIT, "the hover box", () -> one("#hoverbox").isDisplayed());
    assertEquals(5, browser.findAll("#hoverbox table.guesses tr").size(), one("#hoverbox").getText());
    assertTrue(one("#hoverbox").getText().contains("nats"), one("#hoverbox").getText());
    browser.screenshot(screenshot("serve-inside.png"));
    assertEquals(List.of(), browser.consoleErrors());
  }

  @Test
  void watchTrainingFollowsTheFeedWithoutAReload() throws Exception {
    openPage(server.url());
    one("#tab-training").click();
    browser.waitUntil(WAIT, "iteration 3", () -> one("#training-iteration").getText().equals("3"));
    assertEquals("training", one("#training-status").getText());
    assertEquals("tiny", one("#training-name").getText().replace("Training: ", ""));
    String loss = d("path.loss");
    assertEquals(3, loss.split("[ML]").length - 1, "one point per iteration: " + loss);
    assertTrue(loss.matches("M[\\d.]+,[\\d.]+(L[\\d.]+,[\\d.]+){2}"), loss);
    assertEquals(1, browser.findAll("#training-chart svg circle.validation").size());
    assertTrue(browser.findAll("#training-chart svg .axes text").size() >= 4, "axis labels");
    assertTrue(one("#training-samples").getText().contains("the quick fox"), one("#training-samples").getText());
    browser.script("window.notReloaded = true;");

    for (int i = 4; i <= 12; i++) {
      feed.onIteration(null, iteration(i));
    }
    feed.onValidation(null, new ValidationReport(12, 0.04, 2.2, Double.NaN, 2.2, true));
    browser.waitUntil(WAIT, "iteration 12", () -> one("#training-iteration").getText().equals("12"));
    browser.waitUntil(WAIT, "the curve redrawn", () -> !d("path.loss").equals(loss));
    assertEquals(12, d("path.loss").split("[ML]").length - 1, d("path.loss"));
    assertEquals(2, browser.findAll("#training-chart svg circle.validation").size());
    assertEquals(Boolean.TRUE, browser.script("return window.notReloaded === true;"));
    browser.screenshot(screenshot("serve-training.png"));

    feed.onEnd(null, StopReason.ITERATIONS);
    browser.waitUntil(WAIT, "the finished status", () -> one("#training-status").getText().equals("finished (iterations)"));
    assertEquals(List.of(), browser.consoleErrors());
  }

  @Test
  void sendsTheTokenInTheFragmentAndShowsARefusal() throws Exception {
    ServeOptions guarded = new ServeOptions("127.0.0.1", 0, "s3cret", Limits.defaults());
    try (RnnServer secured = RnnServer.start(catalog, null, guarded)) {
      assertTrue(secured.url().toString().endsWith("#token=s3cret"), secured.url().toString());
      openPage(secured.url());
      assertFalse(one("#error").isDisplayed(), one("#error").getText());
      one("#tab-training").click();
      browser.waitUntil(WAIT, "no training", () -> one("#training-status").getText().equals("no training being watched"));
      assertEquals(List.of(), browser.consoleErrors());

      browser.open(URI.create("http://127.0.0.1:" + secured.port() + "/?no-token"));
      browser.waitUntil(WAIT, "the refusal", () -> one("#error").isDisplayed());
      assertTrue(one("#error").getText().contains("bearer token"), one("#error").getText());
      List<String> errors = browser.consoleErrors();
      assertEquals(1, errors.size(), errors.toString());
      assertTrue(errors.get(0).contains("/v1/models") && errors.get(0).contains("401"), errors.toString());
    }
  }

  // ---- helpers ----

  private void openPage(URI url) {
    browser.open(url);
    browser.waitUntil(WAIT, "the model list", () -> !browser.findAll("#model option").isEmpty());
  }

  private WebElement one(String css) {
    List<WebElement> all = browser.findAll(css);
    assertEquals(1, all.size(), css);
    return all.get(0);
  }

  private void type(String css, String value) {
    WebElement e = one(css);
    e.clear();
    e.sendKeys(value);
  }

  private int spans(String container) {
    return browser.findAll(container + " span.ch").size();
  }

  @SuppressWarnings("unchecked")
  private List<String> backgrounds(String container) {
    return (List<String>) browser.script("return [...document.querySelectorAll(arguments[0] + ' span.ch')]"
        + ".map(s => getComputedStyle(s).backgroundColor);", container);
  }

  private String d(String path) {
    return one("#training-chart svg " + path).getAttribute("d");
  }

  private static int[] rgb(String css) {
    String[] parts = css.replaceAll("[^\\d,]", "").split(",");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
  }

  /** How the page writes a guess: newline and space named, since they would not show. */
  private static String visible(String c) {
    return switch (c) {
      case "\n" -> "\u21b5 newline";
      case " " -> "\u2423 space";
      default -> c;
    };
  }

  private static IterationReport iteration(long i) {
    double loss = 3.3 / Math.sqrt(i);
    return new IterationReport(i, 0, i * 0.01, loss, loss * 1.1, 1e-3f, 1.0, 5000 + i, i * 0.5, 100 - i);
  }

  private static JsonNode post(URI base, String path, JsonNode body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, res.statusCode(), res.body());
    return JSON.readTree(res.body());
  }

  private static Path screenshot(String name) throws java.io.IOException {
    Path png = Path.of("target", "screenshots", name);
    Files.createDirectories(png.getParent());
    return png;
  }
}
