package dev.rnn4j.cli.seq;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rnn4j classify}: the sequence-classification commands; alone it prints their list. */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Many-to-one: read a whole text, emit one label (sentiment, language).",
    subcommands = {ClassifyTrainCommand.class, ClassifyEvalCommand.class, ClassifyPredictCommand.class,
        ClassifyCvCommand.class})
public final class ClassifyCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
