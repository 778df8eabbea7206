package dev.rnn4j.caption.train;

import dev.rnn4j.caption.model.CaptionModel;

/**
 * A score of the current model on held-out images, higher is better (e.g. corpus BLEU-4 of captions
 * decoded for the validation images against their references). When a run has one, it picks the best
 * checkpoint; otherwise the validation perplexity does.
 */
public interface CaptionValidation {
  /** Short name for reports, e.g. {@code BLEU-4}. */
  String name();

  double score(CaptionModel model);
}
