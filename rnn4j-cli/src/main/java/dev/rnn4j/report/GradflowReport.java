package dev.rnn4j.report;

import dev.rnn4j.inspect.ModelGradientFlow;
import dev.rnn4j.inspect.RandomGradientFlow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code rnn4j gradflow} report: one self-contained HTML file (see {@link GradflowPage}) of gradient
 * norms against steps back, for random recurrences at several spectral radii and for trained models, with
 * and without global-norm clipping.
 */
public final class GradflowReport {
  /**
   * A measured model.
   *
   * @param name        how the report calls it (e.g. the checkpoint's directory and file name)
   * @param description its shape, e.g. {@code lstm 2x128}
   */
  public record Model(String name, String description, ModelGradientFlow.Result result) {}

  /**
   * Everything the report shows.
   *
   * @param settings the random experiment's settings
   * @param random   per nonlinearity, one result per rho (in the order measured)
   * @param models   measured models, possibly none
   * @param text     where the models' text came from
   * @param positions positions per model whose norms were averaged
   */
  public record Content(RandomGradientFlow.Settings settings,
                        Map<RandomGradientFlow.Nonlinearity, List<RandomGradientFlow.Result>> random,
                        List<Model> models, String text, int positions) {
    public Content {
      random = Map.copyOf(random);
      models = List.copyOf(models);
    }
  }

  private GradflowReport() {}

  /** The page as a string. */
  public static String html(Content content) {
    return new GradflowPage(content).render();
  }

  /**
   * Writes the page to {@code out} through a temporary file in the same directory, renamed over it, so a
   * reader (or a crash) never sees half a report.
   */
  public static void write(Path out, Content content) throws IOException {
    Html.write(out, html(content));
  }
}
