package dev.rnn4j.caption.eval;

import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.CaptionStepper;
import dev.rnn4j.caption.model.Perplexity;
import dev.rnn4j.caption.train.CaptionValidation;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.decode.SequenceDecoder;
import dev.rnn4j.score.Bleu;
import dev.rnn4j.score.BleuScore;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.WordVocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a model on the images of a {@link CaptionDataset}: writes one caption per image with a
 * {@link SequenceDecoder}, computes corpus BLEU-1..4 (with brevity penalty) against each image's references,
 * and the perplexity of the references. As a {@link CaptionValidation} its score is BLEU-4, and the last
 * evaluation stays readable for reports.
 */
public final class CaptionEvaluator implements CaptionValidation {
  private final CaptionDataset data;
  private final WordVocabulary vocabulary;
  private final DecodingOptions options;
  private final long seed;
  private Evaluation last;

  /**
   * One evaluation.
   *
   * @param captions   the caption written for each image, as words
   * @param bleu       corpus BLEU of those captions against the references
   * @param perplexity perplexity of the reference captions (words and END); NaN from {@link #score}
   */
  public record Evaluation(List<List<String>> captions, BleuScore bleu, double perplexity) {}

  /** {@code seed} drives sampling when {@code options} sample, and is otherwise unused. */
  public CaptionEvaluator(CaptionDataset data, WordVocabulary vocabulary, DecodingOptions options, long seed) {
    if (data.isEmpty()) {
      throw new IllegalArgumentException("no " + data.subset().name().toLowerCase(java.util.Locale.ROOT)
          + " images with features to evaluate (" + data.match().summary() + ")");
    }
    this.data = data;
    this.vocabulary = vocabulary;
    this.options = options;
    this.seed = seed;
  }

  /** Captions for every image, BLEU and perplexity. */
  public Evaluation evaluate(CaptionModel model) {
    List<List<String>> captions = write(model);
    BleuScore bleu = Bleu.corpus(captions, data.references());
    last = new Evaluation(captions, bleu, Perplexity.of(model, data.encoded()));
    return last;
  }

  /** One caption per image of the data set, in its order. */
  public List<List<String>> write(CaptionModel model) {
    CaptionStepper stepper = model.stepper(options.beam());
    SequenceDecoder decoder = new SequenceDecoder(stepper, options);
    Rng rng = new Rng(seed);
    float[][] features = data.encoded().features();
    List<List<String>> captions = new ArrayList<>(features.length);
    for (float[] f : features) {
      stepper.begin(f);
      captions.add(vocabulary.decode(decoder.decode(rng).words()));
    }
    return captions;
  }

  @Override
  public String name() {
    return "BLEU-4";
  }

  /** BLEU-4 of captions written for the images; the trainer measures perplexity itself, so this does not. */
  @Override
  public double score(CaptionModel model) {
    List<List<String>> captions = write(model);
    last = new Evaluation(captions, Bleu.corpus(captions, data.references()), Double.NaN);
    return last.bleu().bleu(4);
  }

  /** The last {@link #evaluate} (or {@link #score}), null before the first. */
  public Evaluation last() {
    return last;
  }
}
