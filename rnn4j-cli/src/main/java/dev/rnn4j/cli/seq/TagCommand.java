package dev.rnn4j.cli.seq;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rnn4j tag}: the tagging commands; alone it prints their list. */
@Command(name = "tag", mixinStandardHelpOptions = true,
    description = "Many-to-many: tag every word (part of speech) with a bidirectional recurrent tagger.",
    subcommands = {TagTrainCommand.class, TagEvalCommand.class, TagPredictCommand.class})
public final class TagCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
