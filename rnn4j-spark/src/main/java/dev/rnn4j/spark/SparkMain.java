package dev.rnn4j.spark;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rnn4j-spark} command line. Errors are one line on standard error and a non-zero exit. */
@Command(name = "rnn4j-spark", mixinStandardHelpOptions = true, version = "rnn4j-spark 0.1.0",
    description = "Train rnn4j character models on Apache Spark (local[N], a standalone cluster, or spark-submit).",
    subcommands = {SparkTrainCommand.class})
public final class SparkMain implements Runnable {
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
    CommandLine cl = new CommandLine(new SparkMain());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int nl = m.indexOf('\n');
      err.println("rnn4j-spark: " + (nl < 0 ? m : m.substring(0, nl)));
      if (System.getenv("RNN4J_DEBUG") != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    cl.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("rnn4j-spark: " + e.getMessage() + " (see --help)");
      e.getCommandLine().getErr().flush();
      return 2;
    });
    return cl.execute(args);
  }
}
