package dev.rnn4j.caption.train;

/**
 * One validation pass, at the end of an epoch or of the run.
 *
 * @param iteration   updates done when it ran
 * @param epochsDone  epochs done, as a fraction
 * @param perplexity  validation perplexity of the reference captions (words and END)
 * @param score       the pluggable {@link CaptionValidation} score, NaN without one
 * @param improved    whether this pass is the best so far (by score when there is one, else perplexity)
 */
public record CaptionValidationReport(long iteration, double epochsDone, double perplexity, double score,
                                      boolean improved) {}
