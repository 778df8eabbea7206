package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Runs the command line in this JVM or as a child process, and makes small test inputs. */
final class Cli {
  /** Flags for a model and run small enough to train in well under a second. */
  static final String[] TINY = {"--model", "rnn", "--layers", "1", "--hidden", "16", "--batch", "4", "--seq", "8",
      "--iters", "20", "--eval-every", "10", "--sample-every", "0", "--threads", "1"};

  private Cli() {}

  /** What a command printed, and its exit status. */
  record Result(int status, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * Asserts a refusal: exit {@code status}, one line on standard error that starts {@code rnn4j: } and
   * names every key word, no stack trace. Returns the result for further checks.
   */
  static Result assertRefused(Result r, int status, String... keywords) {
    assertEquals(status, r.status(), r::toString);
    assertEquals(1, r.errLines().size(), () -> "one line on stderr: " + r);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("rnn4j: "), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
    for (String k : keywords) {
      assertTrue(line.contains(k), () -> "expected '" + k + "' in: " + line);
    }
    return r;
  }

  /** Runs {@code rnn4j args...} in this JVM with standard output and error captured. */
  static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      status = Main.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * {@code train FILE} with {@link #TINY} flags, where {@code overrides} (flag, value pairs) replace or add
   * to them, then {@code --out out}.
   */
  static String[] train(Path file, Path out, String... overrides) {
    java.util.Map<String, String> flags = new java.util.LinkedHashMap<>();
    for (int i = 0; i < TINY.length; i += 2) {
      flags.put(TINY[i], TINY[i + 1]);
    }
    for (int i = 0; i < overrides.length; i += 2) {
      flags.put(overrides[i], overrides[i + 1]);
    }
    List<String> args = new ArrayList<>(List.of("train", file.toString()));
    flags.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    args.add("--out");
    args.add(out.toString());
    return args.toArray(String[]::new);
  }

  /** {@code args} followed by {@code more}. */
  static String[] concat(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** A command that starts {@code rnn4j args...} in a child JVM (this test's class path). */
  static ProcessBuilder child(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  /** Pseudo-English of about {@code chars} characters over lower-case letters, space, '.' and newline. */
  static String text(int chars, long seed) {
    String[] words = {"the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "and", "then", "runs",
        "far", "away", "from", "home", "into", "woods", "where", "it", "sleeps"};
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    int line = 0;
    while (sb.length() < chars) {
      String w = words[r.nextInt(words.length)];
      sb.append(w);
      line += w.length() + 1;
      if (r.nextInt(12) == 0) {
        sb.append('.');
      }
      if (line > 60) {
        sb.append('\n');
        line = 0;
      } else {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  /** Writes {@link #text} to {@code dir/name}. */
  /**
   * Trains a {@link #TINY} model on a 4,000-character {@code small.txt} in {@code dir} (the shared fixture
   * of the refusal tests); returns its last checkpoint.
   */
  static Path trainSmall(Path dir) throws IOException {
    Result r = run(train(textFile(dir, "small.txt", 4000), dir.resolve("run")));
    assertEquals(0, r.status(), r::toString);
    Path checkpoint = dir.resolve("run").resolve("last.safetensors");
    assertTrue(Files.isRegularFile(checkpoint), r::toString);
    return checkpoint;
  }

  static Path textFile(Path dir, String name, int chars) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text(chars, 7), StandardCharsets.UTF_8);
    return f;
  }
}
