package dev.rnn4j.caption.decode;

/**
 * A written caption: word ids without START or END, and the model's log-probability of those words
 * followed by END (without the END term when the caption stopped at the length limit).
 */
public record Decoded(int[] words, double logProbability, boolean ended) {}
