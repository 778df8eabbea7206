package dev.rnn4j.cli.caption;

import dev.rnn4j.caption.data.CaptionSet;
import dev.rnn4j.caption.data.Subset;
import dev.rnn4j.caption.image.SceneGenerator;
import dev.rnn4j.cli.Flags;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnn4j caption scenes --count N --out DIR}: synthetic scenes with true captions. */
@Command(name = "scenes", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Draw scenes of two coloured shapes (\"a red circle above a blue square\") as PNGs with a"
        + " dataset.json of their true captions (80%% train, 10%% val, 10%% test).")
final class ScenesCommand implements Callable<Integer> {
  @Option(names = "--count", description = "scenes to draw (default 1000)")
  int count = 1000;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "new or empty directory")
  Path out;

  @Option(names = "--seed", description = "random seed (default 1)")
  long seed = 1;

  @Override
  public Integer call() throws Exception {
    Flags.positive("--count", count);
    Path json = SceneGenerator.write(out, count, seed);
    CaptionSet set = CaptionSet.readKarpathyJson(json);
    System.out.printf("wrote %d scenes to %s (%d train, %d val, %d test), captions in %s%n", count, out,
        set.images(Subset.TRAIN).size(), set.images(Subset.VAL).size(), set.images(Subset.TEST).size(), json);
    return 0;
  }
}
