package dev.rnn4j.cli;

import dev.rnn4j.cli.caption.CaptionCommand;
import dev.rnn4j.cli.seq.ClassifyCommand;
import dev.rnn4j.cli.seq.TagCommand;
import dev.rnn4j.cli.seq.TranslateCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rnn4j} command line. Errors are one line on standard error and a non-zero exit. */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, version = "rnn4j 0.1.0",
    description = "Recurrent neural networks: train, sample and evaluate character-level language models, look inside them, caption images, classify and tag sequences, translate, serve them over HTTP.",
    subcommands = {TrainCommand.class, SampleCommand.class, EvalCommand.class, BenchCommand.class,
        CellsCommand.class, GradflowCommand.class, ExportCommand.class, CaptionCommand.class,
        ClassifyCommand.class, TagCommand.class, TranslateCommand.class, ServeCommand.class})
public final class Main implements Runnable {
  /** Exit status for bad input or a failed run. */
  static final int FAILED = 1;
  /** Exit status for a command line that does not parse. */
  static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit status (tests call this). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println("rnn4j: " + message(e));
      if (System.getenv("RNN4J_DEBUG") != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return FAILED;
    });
    cl.setParameterExceptionHandler((e, args1) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("rnn4j: " + firstLine(e.getMessage()) + " (see --help)");
      err.flush();
      return USAGE;
    });
    return cl.execute(args);
  }

  /** A one-line message for the user; an unexpected exception also names its type. */
  static String message(Throwable e) {
    Throwable t = e;
    if (t instanceof UncheckedIOException && t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    boolean expected = t instanceof IllegalArgumentException || t instanceof IOException
        || t instanceof UncheckedIOException || t instanceof IllegalStateException
        || t.getClass().getPackageName().startsWith("dev.rnn4j");
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    } else if (!expected) {
      m = t.getClass().getSimpleName() + ": " + m;
    }
    return firstLine(m);
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
