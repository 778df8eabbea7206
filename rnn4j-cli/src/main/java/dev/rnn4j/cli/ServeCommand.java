package dev.rnn4j.cli;

import dev.rnn4j.serve.Limits;
import dev.rnn4j.serve.ModelCatalog;
import dev.rnn4j.serve.RnnServer;
import dev.rnn4j.serve.ServeOptions;
import dev.rnn4j.serve.TrainingFeed;
import dev.rnn4j.tensor.Blas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j serve PATH...}: the HTTP API and the page over the checkpoints given (files, or directories
 * of them), until interrupted. A run directory (one with {@code last.safetensors}) is also followed as a
 * training: the page's training view redraws its curves each time the run writes a checkpoint.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve checkpoints over HTTP: a JSON API (/openapi.json) and a page to write with, look inside "
        + "the network and watch training.",
        "Listens on 127.0.0.1 unless --host says otherwise. Never writes a file."})
final class ServeCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "PATH",
      description = "checkpoint files or directories of them (a run directory); default: the newest run in runs/")
  List<Path> paths = new java.util.ArrayList<>();

  @Option(names = "--host", description = "interface to listen on (default 127.0.0.1; 0.0.0.0 for every one)")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "port (default 8080; 0 = any free one)")
  int port = 8080;

  @Option(names = "--token", description = "require 'Authorization: Bearer TOKEN' on the API (or set RNN4J_TOKEN)")
  String token = System.getenv("RNN4J_TOKEN");

  @Option(names = "--max-generations", description = "generations streaming at once; beyond, 429 (default 128)")
  int maxGenerations = Limits.defaults().maxGenerations();

  @Option(names = "--max-length", description = "characters one sample may ask for (default 10000)")
  int maxLength = Limits.defaults().maxSampleLength();

  @Option(names = "--request-time", paramLabel = "DURATION", description = "longest a request may run (default 120s)")
  String requestTime = "120s";

  @Override
  public Integer call() throws Exception {
    Flags.positive("--max-generations", maxGenerations);
    Flags.positive("--max-length", maxLength);
    Limits d = Limits.defaults();
    Limits limits = new Limits(d.maxBodyBytes(), maxLength, d.maxTextLength(), maxGenerations, d.maxAnalyses(),
        Duration.ofMillis((long) (Durations.seconds(requestTime, "--request-time") * 1000)));
    // One BLAS thread: a step's products are small, and OpenBLAS's second thread would spin on the core
    // that the HTTP threads writing the characters need.
    Blas.setThreads(1);
    if (paths.isEmpty()) {
      paths = List.of(newestRun(Path.of("runs")));
    }
    ModelCatalog catalog = ModelCatalog.load(paths);
    TrainingFeed feed = null;
    for (Path p : paths) {
      if (Files.isRegularFile(p.resolve("last.safetensors"))) {
        feed = TrainingFeed.following(p);
        break;
      }
    }
    RnnServer server = RnnServer.start(catalog, feed, new ServeOptions(host, port, token, limits));
    System.out.println("rnn4j serve: " + catalog.ids().size() + " model(s) (" + String.join(", ", catalog.ids())
        + ") at " + server.url());
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  /** The most recently written run directory under {@code runs} (one holding {@code last.safetensors}). */
  static Path newestRun(Path runs) throws java.io.IOException {
    Path newest = null;
    java.nio.file.attribute.FileTime when = null;
    if (Files.isDirectory(runs)) {
      try (java.util.stream.Stream<Path> s = Files.list(runs)) {
        for (Path d : s.toList()) {
          Path last = d.resolve("last.safetensors");
          if (Files.isRegularFile(last)) {
            java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(last);
            if (when == null || t.compareTo(when) > 0) {
              newest = d;
              when = t;
            }
          }
        }
      }
    }
    if (newest == null) {
      throw new IllegalArgumentException("no PATH given and no run in " + runs + "/ to serve (train one first: "
          + "rnn4j train)");
    }
    return newest;
  }
}
