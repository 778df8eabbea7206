package dev.rnn4j.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The serving benchmark's client ({@code bench/serve}): N streamed sample requests of L characters sent to
 * a running server all at once (they step together as one batch) and the same N requests sent one at a
 * time (each waits for the one before, as a server without batching would serve them). Prints aggregate
 * characters per second and the p50/p99 time from the common start to each request's last character
 * (queueing included), and the p50 time to its first generated character.
 *
 * <pre>java -cp rnn4j.jar dev.rnn4j.serve.LoadGenerator URL MODEL LENGTH N[,N...] [ROUNDS]</pre>
 */
public final class LoadGenerator {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private LoadGenerator() {}

  /** Seconds from the common start to this request's first generated character and to its last. */
  private record Timing(double first, double last, int characters) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: LoadGenerator URL MODEL LENGTH N[,N...] [ROUNDS]");
      System.exit(2);
    }
    String url = args[0].replaceAll("/+$", "") + "/v1/models/" + args[1] + "/sample";
    int length = Integer.parseInt(args[2]);
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    System.out.printf(Locale.ROOT, "%-10s %7s %12s %10s %10s %12s%n", "mode", "streams", "chars/s", "p50 s", "p99 s",
        "p50 first s");
    for (int w = 0; w < 3; w++) { // warm-up: the server's JIT settles after a few thousand steps
      run(url, 32, length, true);
      run(url, 4, length, false);
    }
    for (String s : args[3].split(",")) {
      int n = Integer.parseInt(s.trim());
      for (int r = 0; r < rounds; r++) {
        for (boolean together : new boolean[] {true, false}) {
          long t0 = System.nanoTime();
          List<Timing> t = run(url, n, length, together);
          double wall = (System.nanoTime() - t0) / 1e9;
          int chars = t.stream().mapToInt(Timing::characters).sum();
          double[] last = t.stream().mapToDouble(Timing::last).sorted().toArray();
          double[] first = t.stream().mapToDouble(Timing::first).sorted().toArray();
          System.out.printf(Locale.ROOT, "%-10s %7d %12.0f %10.3f %10.3f %12.3f%n", together ? "batched" : "one-by-one",
              n, chars / wall, percentile(last, 0.5), percentile(last, 0.99), percentile(first, 0.5));
        }
      }
    }
  }

  static double percentile(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static List<Timing> run(String url, int n, int length, boolean together) throws Exception {
    long t0 = System.nanoTime();
    List<Timing> out = new ArrayList<>();
    if (!together) {
      for (int i = 0; i < n; i++) {
        out.add(one(url, i, length, t0));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Timing>> f = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        f.add(pool.submit(() -> one(url, k, length, t0)));
      }
      for (Future<Timing> x : f) {
        out.add(x.get());
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static Timing one(String url, int i, int length, long t0) throws IOException, InterruptedException {
    String body = "{\"prime\":\"\\n\",\"length\":" + length + ",\"seed\":" + (i + 1) + "}";
    HttpResponse<InputStream> resp = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofMinutes(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    if (resp.statusCode() != 200) {
      throw new IOException("HTTP " + resp.statusCode() + ": " + new String(resp.body().readAllBytes(),
          StandardCharsets.UTF_8));
    }
    double first = Double.NaN;
    int chars = 0;
    boolean ended = false;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("event: end")) {
          ended = true;
        } else if (line.startsWith("event: error")) {
          throw new IOException("stream " + i + " ended with an error");
        } else if (line.startsWith("data: {\"i\"") && line.contains("\"primed\":false")) {
          if (chars++ == 0) {
            first = (System.nanoTime() - t0) / 1e9;
          }
        }
      }
    }
    if (!ended || chars != length) {
      throw new IOException("stream " + i + " lost characters: " + chars + " of " + length);
    }
    return new Timing(first, (System.nanoTime() - t0) / 1e9, chars);
  }

}
