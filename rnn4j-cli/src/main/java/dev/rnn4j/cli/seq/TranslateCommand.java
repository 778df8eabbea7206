package dev.rnn4j.cli.seq;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rnn4j translate}: the translation commands; alone it prints their list. */
@Command(name = "translate", mixinStandardHelpOptions = true,
    description = "Sequence to sequence: translate sentences with a recurrent encoder-decoder and attention.",
    subcommands = {TranslateTrainCommand.class, TranslateEvalCommand.class, TranslatePredictCommand.class})
public final class TranslateCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
