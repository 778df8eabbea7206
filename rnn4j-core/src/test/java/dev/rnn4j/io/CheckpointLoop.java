package dev.rnn4j.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Child process of {@link KillTest}: rewrites one checkpoint forever, round after round, every value of
 * every tensor equal to the round number stored in the metadata, until it is killed.
 *
 * <p>Usage: {@code CheckpointLoop <file> <first round>}.
 */
final class CheckpointLoop {
  static final int ROWS = 512;
  static final int COLS = 1024;
  static final int LONGS = 4097;

  private CheckpointLoop() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    float[] weights = new float[ROWS * COLS];
    long[] state = new long[LONGS];
    for (long round = Long.parseLong(args[1]); ; round++) {
      Arrays.fill(weights, round);
      Arrays.fill(state, round);
      SafeTensors.write(file, List.of(
          Tensor.f32("weights", new int[] {ROWS, COLS}, weights),
          Tensor.i64("state", state),
          Tensor.f32("bias", new int[] {COLS}, Arrays.copyOf(weights, COLS))),
          Map.of("round", Long.toString(round)));
    }
  }
}
