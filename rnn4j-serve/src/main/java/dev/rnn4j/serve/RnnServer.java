package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.inspect.UnitId;
import dev.rnn4j.sample.SamplingOptions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server: JSON API under {@code /v1}, the page at {@code /}, {@code /openapi.json},
 * {@code /health} and {@code /metrics}. Every refusal is a 4xx with {@code {"error": ..., "field": ...}};
 * an unexpected failure is a 500 with a one-line message and no stack trace.
 */
public final class RnnServer implements AutoCloseable {
  static final Set<String> SAMPLE_FIELDS = Set.of("prime", "length", "temperature", "top_k", "seed", "argmax",
      "top", "units", "stream");
  static final Set<String> ANALYZE_FIELDS = Set.of("text", "units", "probes");
  static final Set<String> EVAL_FIELDS = Set.of("text");
  /** How many times the body limit a refused body is still read, so that its client gets the 413. */
  private static final long DRAIN_FACTOR = 16;

  private final ModelCatalog catalog;
  private final TrainingFeed feed;
  private final ServeOptions options;
  private final Metrics metrics = new Metrics();
  private final SamplingService sampling;
  private final Semaphore analyses;
  private final byte[] openApi;
  private final Javalin app;

  private RnnServer(ModelCatalog catalog, TrainingFeed feed, ServeOptions options) throws IOException {
    this.catalog = catalog;
    this.feed = feed;
    this.options = options;
    Limits limits = options.limits();
    this.sampling = new SamplingService(limits, metrics);
    this.analyses = new Semaphore(limits.maxAnalyses());
    try (InputStream in = RnnServer.class.getResourceAsStream("/rnn4j-web/openapi.json")) {
      if (in == null) {
        throw new IOException("openapi.json is missing from the jar");
      }
      this.openApi = in.readAllBytes();
    }
    QueuedThreadPool pool = new QueuedThreadPool(limits.maxGenerations() + limits.maxAnalyses() + 48, 8);
    pool.setName("rnn4j-http");
    pool.setDaemon(true);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.threadPool = pool;
      config.http.maxRequestSize = limits.maxBodyBytes();
      config.http.prefer405over404 = true;
      config.staticFiles.add(s -> {
        s.hostedPath = "/";
        s.directory = "/rnn4j-web";
        s.location = Location.CLASSPATH;
      });
      config.routes.before(this::authorize);
      config.routes.get("/health", this::health);
      config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
      config.routes.get("/metrics", ctx -> ctx.contentType(Metrics.contentType()).result(metrics.scrape()));
      config.routes.get("/v1/models", this::models);
      config.routes.get("/v1/models/{id}", ctx -> json(ctx, catalog.get(ctx.pathParam("id")).describe()));
      config.routes.post("/v1/models/{id}/sample", this::sample);
      config.routes.post("/v1/models/{id}/analyze", ctx -> bounded(ctx, () -> {
        ServedCharModel m = catalog.charModel(ctx.pathParam("id"));
        return Analysis.analyze(m, RequestBody.parse(body(ctx), ANALYZE_FIELDS));
      }));
      config.routes.post("/v1/models/{id}/eval", ctx -> bounded(ctx, () -> {
        ServedCharModel m = catalog.charModel(ctx.pathParam("id"));
        return Analysis.eval(m, RequestBody.parse(body(ctx), EVAL_FIELDS), limits);
      }));
      config.routes.post("/v1/models/{id}/predict", ctx -> bounded(ctx, () -> {
        ServedModel m = catalog.get(ctx.pathParam("id"));
        if (m instanceof ServedCharModel) {
          throw new ApiException(400, null, "model " + m.id() + " is a character model: use /sample, /analyze or /eval");
        }
        return m.predict(RequestBody.parse(body(ctx), m.predictFields()), limits);
      }));
      config.routes.get("/v1/training", ctx -> {
        if (feed == null) {
          throw ApiException.notFound("no training to watch: start with rnn4j train --serve or rnn4j serve RUN_DIR");
        }
        json(ctx, feed.snapshot());
      });
      config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.field()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        System.err.println("rnn4j serve: " + ctx.method() + " " + ctx.path() + " failed: " + e);
        error(ctx, 500, "internal error: " + e.getClass().getSimpleName(), null);
      });
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || !"application/json".equals(ctx.res().getContentType())) {
          error(ctx, 404, "no such resource: " + ctx.method() + " " + ctx.path(), null);
        }
      });
      config.routes.error(405, ctx -> error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path(), null));
      config.routes.after(ctx -> {
        var matched = ctx.endpoints().lastHttpEndpoint();
        String route = matched != null ? matched.path : ctx.statusCode() == 404 ? "unmatched" : "static";
        metrics.requests.labelValues(route, Integer.toString(ctx.statusCode())).inc();
      });
    });
  }

  /** Starts listening; returns once the port is bound. */
  public static RnnServer start(ModelCatalog catalog, TrainingFeed feed, ServeOptions options) throws IOException {
    RnnServer s = new RnnServer(catalog, feed, options);
    s.app.start(options.host(), options.port());
    return s;
  }

  public int port() {
    return app.port();
  }

  /** The page's address (with the token in its fragment, which browsers never send to servers). */
  public URI url() {
    String bound = options.host();
    // bound to every interface: this machine reaches it on loopback
    String host = bound.equals("0.0.0.0") ? "127.0.0.1" : bound.equals("::") ? "[::1]"
        : bound.contains(":") ? "[" + bound + "]" : bound;
    return URI.create("http://" + host + ":" + port() + "/" + (options.token() != null ? "#token=" + options.token() : ""));
  }

  @Override
  public void close() {
    sampling.close();
    app.stop();
  }

  private void authorize(Context ctx) {
    String path = ctx.path();
    if (options.token() == null || !(path.startsWith("/v1/") || path.equals("/metrics"))) {
      return;
    }
    String header = ctx.header("Authorization");
    byte[] expected = ("Bearer " + options.token()).getBytes(StandardCharsets.UTF_8);
    if (header == null || !MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(401, null, "a bearer token is required (Authorization: Bearer TOKEN)");
    }
  }

  private String body(Context ctx) {
    long limit = options.limits().maxBodyBytes();
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(ctx, limit);
    }
    try {
      return ctx.body();
    } catch (RuntimeException e) {
      throw tooLarge(ctx, limit);
    }
  }

  /**
   * The refusal of a body over the limit, after reading what is left of it (up to {@link #DRAIN_FACTOR} times
   * the limit). Answering before the client has finished writing makes Jetty close a connection that still
   * holds unread bytes: the client's TCP stack then sees a reset and loses the 413 it was sent.
   */
  private static ApiException tooLarge(Context ctx, long limit) {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] sink = new byte[64 * 1024];
      long left = DRAIN_FACTOR * limit;
      for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException | RuntimeException ignored) {
      // The client went away or the stream was already read: the refusal stands either way.
    }
    return new ApiException(413, "body", "body: larger than the limit of " + limit + " bytes");
  }

  private void health(Context ctx) {
    ObjectNode n = RequestBody.JSON.createObjectNode();
    n.put("status", "ok");
    n.put("models", catalog.all().size());
    n.put("generations", sampling.inFlight());
    json(ctx, n);
  }

  private void models(Context ctx) {
    ObjectNode n = RequestBody.JSON.createObjectNode();
    ArrayNode list = n.putArray("models");
    for (ServedModel m : catalog.all()) {
      list.add(m.describe());
    }
    n.put("training", feed != null);
    json(ctx, n);
  }

  interface Work {
    ObjectNode run();
  }

  /** Runs a bounded piece of work, or answers 429 when {@link Limits#maxAnalyses()} are running. */
  private void bounded(Context ctx, Work work) {
    if (!analyses.tryAcquire()) {
      metrics.rejected.inc();
      ctx.header("Retry-After", "1");
      throw new ApiException(429, null, "too many analyses running (" + options.limits().maxAnalyses()
          + "); retry shortly");
    }
    long t0 = System.nanoTime();
    try {
      json(ctx, work.run());
    } finally {
      analyses.release();
      metrics.latency.labelValues(ctx.endpoints().lastHttpEndpoint().path).observe((System.nanoTime() - t0) / 1e9);
    }
  }

  private void sample(Context ctx) throws IOException {
    long t0 = System.nanoTime();
    ServedCharModel model = catalog.charModel(ctx.pathParam("id"));
    Limits limits = options.limits();
    RequestBody body = RequestBody.parse(body(ctx), SAMPLE_FIELDS);
    String prime = body.string("prime", "", limits.maxTextLength());
    int[] primeIds = model.encode(prime, "prime");
    int length = body.integer("length", 200, 0, limits.maxSampleLength());
    float temperature = (float) body.real("temperature", 1, 0, 10);
    int vocab = model.vocabulary().size();
    int topK = body.integer("top_k", 0, 0, vocab);
    boolean argmax = body.bool("argmax", false);
    long seed = body.has("seed") ? body.longValue("seed", 0) : new SecureRandom().nextLong() >>> 1;
    int top = body.integer("top", 0, 0, 10);
    List<UnitId> units = Analysis.units(body);
    boolean stream = body.bool("stream", true);
    SampleWriter writer = stream ? new SampleWriter.EventStream() : new SampleWriter.Whole();
    SamplingService.Stream s;
    try {
      s = sampling.start(model, primeIds, length, new SamplingOptions(temperature, topK, argmax), seed, top, units);
    } catch (ApiException e) {
      if (e.status() == 429) {
        ctx.header("Retry-After", "1");
      }
      throw e;
    }
    ctx.status(200);
    ctx.res().setContentType(writer.contentType());
    ctx.res().setHeader("Cache-Control", "no-store");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    long deadline = t0 + limits.requestTime().toNanos();
    int generated = 0;
    try {
      writer.start(out, model.id(), seed, units);
      boolean open = true;
      while (open) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        List<SamplingService.Event> events;
        try {
          if (left <= 0) {
            throw new TimeoutException();
          }
          events = s.next(left);
        } catch (TimeoutException timeout) {
          s.cancel();
          writer.error(out, "the request ran past its limit of " + limits.requestTime().toSeconds() + " s");
          break;
        }
        for (SamplingService.Event e : events) {
          if (e == null) {
            writer.end(out, generated, (System.nanoTime() - t0) / 1e9);
            open = false;
          } else {
            generated += e.primed() ? 0 : 1;
            writer.symbol(out, e);
          }
        }
        writer.flush(out);
      }
      out.flush();
    } catch (IOException | RuntimeException gone) {
      s.cancel(); // the client went away: its generation leaves the batch at the next step
    } catch (InterruptedException interrupted) {
      s.cancel();
      Thread.currentThread().interrupt();
    } finally {
      metrics.latency.labelValues("/v1/models/{id}/sample").observe((System.nanoTime() - t0) / 1e9);
    }
  }

  private static void json(Context ctx, ObjectNode n) {
    ctx.contentType("application/json").result(n.toString());
  }

  private static void error(Context ctx, int status, String message, String field) {
    ObjectNode n = RequestBody.JSON.createObjectNode();
    n.put("error", message);
    if (field != null) {
      n.put("field", field);
    }
    n.put("status", status);
    ctx.status(status).contentType("application/json").result(n.toString());
  }
}
