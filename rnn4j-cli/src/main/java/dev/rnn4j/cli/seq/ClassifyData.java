package dev.rnn4j.cli.seq;

import dev.rnn4j.seq.data.ClassificationData;
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
