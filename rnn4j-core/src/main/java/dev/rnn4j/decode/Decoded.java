package dev.rnn4j.decode;

/**
 * A written sequence: token ids without START or END, and the model's log-probability of those tokens
 * followed by END (without the END term when the sequence stopped at the length limit).
 */
public record Decoded(int[] words, double logProbability, boolean ended) {}
