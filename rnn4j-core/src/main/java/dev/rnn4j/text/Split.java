package dev.rnn4j.text;

/**
 * A corpus cut into three contiguous ranges: train first, then validation, then test. Together they cover
 * the corpus exactly; validation or test may be empty.
 */
public record Split(TokenRange train, TokenRange validation, TokenRange test) {
}
