package dev.rnn4j.cli;

import dev.rnn4j.model.CellType;
import dev.rnn4j.train.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j export CKPT --format pytorch}: checks that a checkpoint loads into PyTorch as it is (cell rnn
 * or lstm) and writes the Python script that does it, with struct, json and torch only.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show how to load a checkpoint elsewhere.", "--format pytorch writes a Python script that "
        + "loads CKPT's weights into nn.Embedding/nn.LSTM (or nn.RNN)/nn.Linear with load_state_dict and, "
        + "given a text, prints its cross-entropy: python3 SCRIPT CKPT [TEXT]."})
final class ExportCommand implements Callable<Integer> {
  static final String SCRIPT = "/dev/rnn4j/cli/load_rnn4j.py";

  @Parameters(index = "0", paramLabel = "CKPT", description = "checkpoint written by train")
  Path checkpoint;

  @Option(names = "--format", required = true, description = "pytorch")
  String format;

  @Option(names = "--out", paramLabel = "FILE", description = "where to write the script (default: standard output)")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (!"pytorch".equals(format)) {
      throw new IllegalArgumentException("unknown --format '" + format + "' (known: pytorch)");
    }
    Checkpoint ckpt = Checkpoint.load(checkpoint);
    CellType cell = ckpt.model().config().cell();
    if (cell != CellType.RNN && cell != CellType.LSTM) {
      throw new IllegalArgumentException(checkpoint + ": a " + cell.label() + " model has no PyTorch module that "
          + "computes it (only rnn and lstm do); its tensors are named rnn4j_" + cell.label() + ".* in the file");
    }
    byte[] script;
    try (InputStream in = ExportCommand.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("resource " + SCRIPT + " is missing from the class path");
      }
      script = in.readAllBytes();
    }
    if (out == null) {
      System.out.write(script);
      System.out.flush();
    } else {
      Files.write(out, script);
      System.err.println("wrote " + out + "; run: python3 " + out + " " + checkpoint + " [TEXT]");
    }
    return 0;
  }
}
