package dev.rnn4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What every report page needs: escaping, the activation colour scale, the page shell, an atomic write. */
public final class Html {
  private Html() {}

  /** Text safe inside an element or a quoted attribute. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * The colour of an activation, as in Karpathy, Johnson and Fei-Fei 2015: -1 red, 0 white, +1 blue,
   * linear in between (values outside [-1, 1] are clamped), as {@code #rrggbb}.
   */
  public static String activationColour(double v) {
    double a = Double.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
    int fade = (int) Math.round(255 * (1 - Math.abs(a)));
    return a < 0 ? rgb(255, fade, fade) : rgb(fade, fade, 255);
  }

  /** White at 0 through orange at 1 (a loss, or any non-negative intensity, scaled to [0, 1]). */
  public static String heatColour(double v) {
    double a = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    return rgb(255, (int) Math.round(255 - 120 * a), (int) Math.round(255 - 255 * a));
  }

  /**
   * A JSON string literal that is also safe inside an inline script: quotes, backslashes and control
   * characters escaped, and {@code <} as {@code \u003c} so no {@code </script>} can end the script early.
   */
  public static String jsonString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static String rgb(int r, int g, int b) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  /** A whole page: doctype, UTF-8, title, inline style, body, inline script at the end. */
  public static String page(String title, String css, String body, String script) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + escape(title) + "</title>\n<style>\n" + css + "\n</style></head>\n<body>\n" + body
        + "\n<script>\n" + script + "\n</script>\n</body></html>\n";
  }

  /**
   * Writes a page all at once: a temporary file in the same directory, then a rename over the target, so
   * a reader never sees half a report and a failed write leaves the old one.
   */
  public static void write(Path target, String page) throws IOException {
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      throw new IOException(target + ": cannot write, directory " + dir + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new IOException(target + ": cannot write, it is a directory");
    }
    dev.rnn4j.io.AtomicFile.write(file, page.getBytes(StandardCharsets.UTF_8));
  }
}
