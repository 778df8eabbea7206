package dev.rnn4j.caption.train;

/**
 * Where a captioning run stands in its data, besides the loop's {@link dev.rnn4j.train.TrainingState}:
 * what a {@link CaptionCheckpoint} needs to continue exactly.
 *
 * @param epoch      epochs completed
 * @param position   captions of the current epoch already trained on
 * @param trainSize  training captions (a resumed run must have as many)
 * @param epochStart the shuffling generator's state before it drew the current epoch's order
 * @param dropoutRng the dropout generator's state
 */
record CaptionPosition(int epoch, int position, int trainSize, long[] epochStart, long[] dropoutRng) {}
