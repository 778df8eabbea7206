package dev.rnn4j.cli.caption;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rnn4j caption}: the image-captioning commands; alone it prints their list. */
@Command(name = "caption", mixinStandardHelpOptions = true,
    description = "Image captioning: image features condition a recurrent word model (neuraltalk).",
    subcommands = {FeaturesCommand.class, ScenesCommand.class, DataCommand.class, CaptionTrainCommand.class,
        CaptionPredictCommand.class, CaptionEvalCommand.class})
public final class CaptionCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
