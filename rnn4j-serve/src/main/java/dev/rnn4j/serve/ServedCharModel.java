package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.train.Checkpoint;
import java.util.StringJoiner;

/** A character language model: samples stream, texts are analysed and evaluated. */
final class ServedCharModel extends ServedModel {
  private final Checkpoint checkpoint;

  ServedCharModel(String id, Checkpoint checkpoint) {
    super(id, checkpoint.file());
    this.checkpoint = checkpoint;
  }

  @Override
  String kind() {
    return "char-lm";
  }

  Checkpoint checkpoint() {
    return checkpoint;
  }

  Vocabulary vocabulary() {
    return checkpoint.vocabulary();
  }

  /** The ids of {@code text}; characters the model never saw are a 400 naming {@code field} and them. */
  int[] encode(String text, String field) {
    Vocabulary v = vocabulary();
    int[] unknown = v.unknownSymbols(text);
    if (unknown.length > 0) {
      StringJoiner j = new StringJoiner(", ");
      for (int i = 0; i < Math.min(unknown.length, 10); i++) {
        j.add(v.describe(unknown[i]));
      }
      throw ApiException.badField(field, "characters the model never saw: " + j
          + (unknown.length > 10 ? " and " + (unknown.length - 10) + " more" : ""));
    }
    return v.encode(text);
  }

  @Override
  void describeInto(ObjectNode n) {
    ModelConfig c = checkpoint.model().config();
    ObjectNode config = n.putObject("config");
    config.put("cell", c.cell().name().toLowerCase(java.util.Locale.ROOT));
    config.put("layers", c.layers());
    config.put("hidden", c.hiddenSize());
    config.put("embedding", c.embedding());
    config.put("dropout", c.dropout());
    n.put("vocabulary_size", c.vocabSize());
    n.put("vocabulary", vocabulary().decode(allIds(c.vocabSize())));
    n.put("iteration", checkpoint.iteration());
    n.put("corpus", checkpoint.corpusName());
    putFinite(n, "validation_loss", checkpoint.bestValidation());
    history(checkpoint.history(), n, "iteration", "loss", "smoothed_loss", "validation_loss");
  }

  private static int[] allIds(int v) {
    int[] ids = new int[v];
    for (int i = 0; i < v; i++) {
      ids[i] = i;
    }
    return ids;
  }
}
