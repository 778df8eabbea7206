package dev.rnn4j.seq.train;

/** Where a run stands in its data: the epoch, the batch within its plan, and the generators' states. */
public record SeqPosition(int epoch, int batch, int trainSize, long[] epochStart, long[] dropoutRng) {}
