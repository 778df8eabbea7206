package dev.rnn4j.seq.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.seq.SharedData;
import dev.rnn4j.seq.data.ClassificationData;
import dev.rnn4j.seq.data.LabelledText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BagOfWordsBaselineTest {
  private static final List<LabelledText> TINY = List.of(
      new LabelledText("a great film, I loved it", "pos"),
      new LabelledText("Loved the acting. Great!", "pos"),
      new LabelledText("great fun", "pos"),
      new LabelledText("an awful film, I hated it", "neg"),
      new LabelledText("Hated the plot. Awful!", "neg"),
      new LabelledText("awful and dull", "neg"),
      new LabelledText("la película es muy buena", "es"));

  @Test
  void learnsATinySeparableSet() {
    BagOfWordsBaseline model = BagOfWordsBaseline.fit(TINY);
    assertEquals(List.of("es", "neg", "pos"), model.labels());
    for (LabelledText e : TINY) {
      assertEquals(e.label(), model.predict(e.text()), e.text());
    }
    assertEquals("pos", model.predict("GREAT, loved it"));
    assertEquals("neg", model.predict("hated it, awful"));
    assertEquals("es", model.predict("muy buena"));
  }

  @Test
  void fitsTheSameModelEveryTime() {
    var settings = new BagOfWordsBaseline.Settings(false, true, 1e-3, 50);
    BagOfWordsBaseline a = BagOfWordsBaseline.fit(TINY, settings);
    BagOfWordsBaseline b = BagOfWordsBaseline.fit(TINY, settings);
    for (String text : List.of("great", "awful", "unseen words only", "", "great awful")) {
      assertEquals(a.predict(text), b.predict(text));
    }
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new BagOfWordsBaseline.Settings(true, false, -1, 10));
    assertThrows(IllegalArgumentException.class, () -> new BagOfWordsBaseline.Settings(true, false, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> BagOfWordsBaseline.fit(List.of()));
  }

  /**
   * The number an RNN's 10-fold sentiment accuracy is compared to: 0.836 (2,508 of 3,000; macro-F1 0.836) with
   * the defaults (binary unigrams, l2 1e-4, 500 steps) and fold seed 1. A good bag-of-words logistic
   * regression scores about 0.80 on these sentences, so below that the baseline would be a weak one.
   */
  @Test
  void tenFoldAccuracyOnUciSentiment() throws IOException {
    Path d = SharedData.require("sentiment");
    List<LabelledText> all = ClassificationData.read(ClassificationData.Format.TSV,
        d.resolve("amazon_cells_labelled.txt"), d.resolve("imdb_labelled.txt"), d.resolve("yelp_labelled.txt"))
        .examples();
    ConfusionMatrix m = BagOfWordsBaseline.crossValidate(all, 10, 1, BagOfWordsBaseline.Settings.DEFAULTS);
    assertEquals(3000, m.total());
    assertTrue(m.accuracy() >= 0.80, "10-fold accuracy " + m.accuracy() + "\n" + m.renderScores());
  }
}
