package dev.rnn4j.caption.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.data.Caption;
import dev.rnn4j.caption.data.CaptionSet;
import dev.rnn4j.caption.data.ImageFeatures;
import dev.rnn4j.caption.data.Subset;
import dev.rnn4j.caption.image.GridFeatureExtractor;
import dev.rnn4j.caption.image.SceneGenerator;
import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.ImageInjection;
import dev.rnn4j.caption.train.CaptionTrainer;
import dev.rnn4j.caption.train.CaptionTrainingConfig;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.model.CellType;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.score.Bleu;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.WordVocabulary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on synthetic scenes ("a red circle above a blue square", both phrasings as references):
 * scenes, built-in features, vocabulary, training, beam-search captions of held-out scenes, BLEU. The
 * model must beat the caption-independent baseline by far, and lose most of that when the features are
 * shuffled across the test scenes (so it reads the image rather than guessing likely sentences).
 */
class SceneCaptioningTest {
  static CaptionSet set;
  static ImageFeatures features;
  static WordVocabulary vocabulary;

  @BeforeAll
  static void scenes() {
    SceneGenerator gen = new SceneGenerator(11);
    Map<Subset, List<Caption>> captions = new EnumMap<>(Subset.class);
    List<String> names = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    try (GridFeatureExtractor fx = new GridFeatureExtractor()) {
      int[] counts = {600, 0, 150};
      for (Subset s : Subset.values()) {
        List<Caption> list = new ArrayList<>();
        for (int i = 0; i < counts[s.ordinal()]; i++) {
          SceneGenerator.Scene scene = gen.next();
          String name = s.name().toLowerCase() + "-" + i;
          names.add(name);
          vectors.add(fx.extract(scene.image()));
          for (String sentence : scene.alternatives()) {
            list.add(new Caption(name, Tokenizer.tokenize(sentence)));
          }
        }
        captions.put(s, list);
      }
    }
    set = CaptionSet.of(captions);
    features = ImageFeatures.of(names, vectors.toArray(new float[0][]));
    vocabulary = WordVocabulary.build(set.captions(Subset.TRAIN).stream().map(Caption::tokens).toList(), 1);
  }

  @Test
  void heldOutBleuIsFarAboveTheBaselineAndNeedsTheImage() {
    CaptionDataset train = CaptionDataset.of(set, Subset.TRAIN, features, vocabulary, 0);
    CaptionDataset test = CaptionDataset.of(set, Subset.TEST, features, vocabulary, 0);
    assertEquals(vocabulary.size(), 4 + 1 + 4 + 3 + 5, "a, 4 colours, 3 shapes, above below left right of");
    CaptionConfig mc = CaptionConfig.builder(features.width(), vocabulary.size()).hidden(64).embedding(32).build();
    CaptionTrainingConfig tc = CaptionTrainingConfig.builder().batch(20)
        .learningRate(LearningRateSchedule.constant(3e-3f)).maxEpochs(12).seed(3).build();
    CaptionTrainer trainer = CaptionTrainer.create(mc, vocabulary.serialize(), train.encoded(), test.encoded(), null, tc);
    trainer.run();

    CaptionEvaluator evaluator = new CaptionEvaluator(test, vocabulary, DecodingOptions.beam(3, 12), 0);
    CaptionEvaluator.Evaluation e = evaluator.evaluate(trainer.model());
    double bleu4 = e.bleu().bleu(4);
    List<String> common = CaptionBaseline.mostCommon(set.captions(Subset.TRAIN));
    double baseline = Bleu.corpus(CaptionBaseline.repeated(common, test.images().size()), test.references()).bleu(4);

    // the same test scenes with each image's features swapped for another scene's
    float[][] shuffled = test.encoded().features().clone();
    Rng rng = new Rng(5);
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      float[] t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    ImageFeatures permuted = ImageFeatures.of(test.images(), shuffled);
    CaptionDataset wrong = CaptionDataset.of(set, Subset.TEST, permuted, vocabulary, 0);
    double permutedBleu = new CaptionEvaluator(wrong, vocabulary, DecodingOptions.beam(3, 12), 0)
        .evaluate(trainer.model()).bleu().bleu(4);
    String report = String.format("BLEU-4 %.3f (perplexity %.3f), baseline %.3f (\"%s\"), permuted features %.3f",
        bleu4, e.perplexity(), baseline, String.join(" ", common), permutedBleu);
    assertTrue(bleu4 > 0.6, report);
    assertTrue(bleu4 > baseline + 0.3, report);
    assertTrue(permutedBleu < bleu4 - 0.25, report);
  }
}
