package dev.rnn4j.train;

import dev.rnn4j.tensor.Matrix;
import java.util.List;

/**
 * Where a character-model run stands in its text, besides the loop's {@link TrainingState}: what a
 * {@link Checkpoint} needs to continue exactly.
 *
 * @param window     windows taken from the stream in all (its position)
 * @param carried    the carried state of all B streams: h (and c) per layer, each {@code B x H}
 * @param dropoutRngs the dropout generators' states, one per stream, 4 longs each ({@code [B * 4]})
 * @param sampleRng  the progress samples' generator state
 */
record StreamPosition(long window, List<Matrix> carried, long[] dropoutRngs, long[] sampleRng) {}
