package dev.rnn4j.cli.seq;

import dev.rnn4j.seq.data.ClassificationData;
import dev.rnn4j.seq.data.Folds;
import dev.rnn4j.seq.data.LabelledText;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.SeqEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Labelled texts read for a classifier, and their encoding. */
final class ClassifyData {
  private ClassifyData() {}

  static List<LabelledText> read(String format, List<Path> files) throws IOException {
    return ClassificationData.read(ClassificationData.Format.parse(format), files).examples();
  }

  static SeqEncoding encoding(List<LabelledText> train, dev.rnn4j.seq.model.InputKind input, int minCount) {
    return SeqEncoding.forClassifier(train.stream().map(LabelledText::text).toList(),
        train.stream().map(LabelledText::label).toList(), input, minCount);
  }

  /**
   * A stratified {@code devFrac} of {@code examples} held out (the first of {@code round(1/devFrac)} folds);
   * with 0, nothing held out.
   */
  static Folds.Fold holdOut(List<LabelledText> examples, double devFrac, long seed) {
    if (!(devFrac >= 0 && devFrac < 1)) {
      throw new IllegalArgumentException("--dev-frac must be in [0, 1), got " + devFrac);
    }
    if (devFrac == 0) {
      return new Folds.Fold(0, examples, List.of());
    }
    return Folds.stratified(examples, (int) Math.max(2, Math.round(1 / devFrac)), seed).get(0);
  }

  /** Every text encoded with its label; a label the model does not know is an error naming {@code source}. */
  static List<Example> examples(SeqEncoding encoding, List<LabelledText> texts, String source) {
    List<Example> out = new ArrayList<>(texts.size());
    try {
      for (LabelledText t : texts) {
        out.add(encoding.classifierExample(t.text(), t.label()));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    return out;
  }
}
