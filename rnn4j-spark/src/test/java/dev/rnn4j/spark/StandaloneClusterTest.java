package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Spark cluster on loopback: a master and two workers started as separate processes
 * (one core each), the driver in this JVM. Training on it equals training on one machine; a worker killed
 * mid-run stops the run with its last checkpoint intact and a message that says how to go on, and the run
 * resumes from it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
  @TempDir
  static Path dir;
  static final List<Process> processes = new ArrayList<>();
  static Process secondWorker;
  static String master;
  static Path corpus;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Process spark(String name, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(List.of(System.getProperty("spark.jvm.options").split(" ")));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    // A Spark home with an empty jars folder: the workers' executors take their classes from
    // spark.executor.extraClassPath (this test's class path), as the standalone deploy mode allows.
    pb.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  @BeforeAll
  static void startCluster() throws Exception {
    Files.createDirectories(dir.resolve("spark-home/jars"));
    int port = freePort();
    master = "spark://127.0.0.1:" + port;
    spark("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
        "--webui-port", "" + freePort());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        assertTrue(System.nanoTime() < deadline, "the master listens");
        Thread.sleep(100);
      }
    }
    for (int w = 1; w <= 2; w++) {
      Process p = spark("worker" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
          "--memory", "1g", "--webui-port", "" + freePort(), "--work-dir", dir.resolve("work" + w).toString(), master);
      if (w == 2) {
        secondWorker = p;
      }
    }
    System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
    System.setProperty("spark.executor.extraJavaOptions", System.getProperty("spark.jvm.options"));
    System.setProperty("spark.executor.memory", "512m");
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.cores.max", "2");
    // a partition's task waits this long for its executor when that is busy (not 60 s: after the kill
    // test's worker is gone, its tasks wait for it before running where they will refuse)
    System.setProperty("spark.locality.wait", "10s");
    // start only when both executors are there, so each partition has its own
    System.setProperty("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    System.setProperty("spark.scheduler.maxRegisteredResourcesWaitingTime", "90s");
    Corpus all = Corpus.builtIn();
    corpus = Files.writeString(dir.resolve("small.txt"),
        all.vocabulary().decode(all.split(0.0, 0.0).train().head(40_000).toArray()), StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stopCluster() {
    for (String k : List.of("spark.executor.extraClassPath", "spark.executor.extraJavaOptions", "spark.executor.memory",
        "spark.driver.host", "spark.driver.bindAddress", "spark.cores.max", "spark.locality.wait", "spark.scheduler.minRegisteredResourcesRatio",
        "spark.scheduler.maxRegisteredResourcesWaitingTime")) {
      System.clearProperty(k);
    }
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  record Result(int status, String out, String err) {}

  static Result train(String... args) {
    return trainOn(master, args);
  }

  static Result trainOn(String on, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      List<String> all = new ArrayList<>(List.of("train", corpus.toString(), "--master", on, "--workers", "2",
          "--hidden", "32", "--batch", "8", "--seq", "20", "--eval-chars", "2000"));
      all.addAll(List.of(args));
      status = SparkMain.execute(all.toArray(String[]::new));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @Order(1)
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void trainingOnTwoWorkerProcessesEqualsOneMachine() throws Exception {
    Path out = dir.resolve("run");
    Result r = train("--iters", "20", "--eval-every", "10", "--out", out.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("on " + master + ", 8 streams in 2 partitions"), r.out());
    Checkpoint spark = Checkpoint.load(out.resolve("last.safetensors"));
    assertEquals(20, spark.iteration());
    Corpus c = Corpus.load(corpus);
    Trainer alone = Trainer.create(ModelConfig.defaults(c.vocabulary().size()).toBuilder().hiddenSize(32).build(), c,
        TrainingConfig.defaults().toBuilder().batch(8).steps(20).evalEvery(10).evalChars(2000).sampleEvery(0)
            .maxIterations(20).build(), 1);
    alone.run();
    float[] a = alone.model().parameters().values().toArray();
    float[] s = spark.model().parameters().values().toArray();
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - s[i]));
    }
    assertTrue(worst < 1e-4, "weights after 20 steps differ by at most float rounding: " + worst);
    assertEquals(alone.history().get(1)[3], spark.history().get(1)[3], 1e-4, "the same validation loss");
  }

  @Test
  @Order(2)
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aWorkerKilledMidRunStopsWithTheLastCheckpointIntactAndTheRunResumes() throws Exception {
    Path out = dir.resolve("killed");
    Path last = out.resolve("last.safetensors");
    Thread killer = new Thread(() -> {
      try {
        while (!Files.exists(last)) {
          Thread.sleep(50);
        }
        Thread.sleep(300);
        secondWorker.descendants().forEach(ProcessHandle::destroyForcibly); // its executor
        secondWorker.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    Result r = train("--iters", "100000", "--eval-every", "5", "--out", out.toString());
    killer.join();
    assertEquals(1, r.status(), r::toString);
    String line = r.err().lines().filter(l -> l.startsWith("rnn4j-spark: ")).findFirst().orElse("");
    assertTrue(line.contains("the last checkpoint is intact: " + last), r::toString);
    assertTrue(line.contains("--resume"), line);
    Checkpoint kept = Checkpoint.load(last);
    assertTrue(kept.iteration() >= 5 && kept.iteration() % 5 == 0, "a whole checkpoint: " + kept.iteration());
    Result resumed = trainOn("local[2]", "--resume", last.toString(), "--iters", "" + (kept.iteration() + 5),
        "--eval-every", "5", "--out", out.toString());
    assertEquals(0, resumed.status(), resumed::toString);
    assertEquals(kept.iteration() + 5, Checkpoint.load(last).iteration());
  }
}
