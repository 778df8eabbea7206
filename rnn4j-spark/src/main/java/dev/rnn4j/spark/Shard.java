package dev.rnn4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * A contiguous share of the B streams as it starts a generation (the run's start, or a resume): the
 * streams' carried states (per state tensor, {@code streams x width} row-major) and dropout generators.
 *
 * @param first     index of its first stream
 * @param streams   streams in the share
 * @param states    per state tensor of the model, this share's rows
 * @param rngStates 4 longs per stream
 */
record Shard(int first, int streams, List<float[]> states, long[] rngStates) implements Serializable {}
