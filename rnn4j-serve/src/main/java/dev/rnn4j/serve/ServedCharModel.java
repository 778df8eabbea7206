package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.train.Checkpoint;
import java.util.StringJoiner;

/**
 * A character language model: samples stream, texts are analysed and evaluated. Either a checkpoint, or
 * the model of a run training in this process ({@code rnn4j train --serve}), read while it learns.
 */
final class ServedCharModel extends ServedModel {
  private final Checkpoint checkpoint;
  private final LanguageModel model;
  private final Vocabulary vocabulary;

  ServedCharModel(String id, Checkpoint checkpoint) {
    super(id, checkpoint.file());
    this.checkpoint = checkpoint;
    this.model = checkpoint.model();
    this.vocabulary = checkpoint.vocabulary();
  }

  /** The live model of a run in this process (its weights change as it trains). */
  ServedCharModel(String id, LanguageModel live, Vocabulary vocabulary) {
    super(id, java.nio.file.Path.of("(training)"));
    this.checkpoint = null;
    this.model = live;
    this.vocabulary = vocabulary;
  }

  @Override
  String kind() {
    return "char-lm";
  }

  LanguageModel model() {
    return model;
  }

  Vocabulary vocabulary() {
    return vocabulary;
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
    ModelConfig c = model.config();
    ObjectNode config = n.putObject("config");
    config.put("cell", c.cell().name().toLowerCase(java.util.Locale.ROOT));
    config.put("layers", c.layers());
    config.put("hidden", c.hiddenSize());
    config.put("embedding", c.embedding());
    config.put("dropout", c.dropout());
    n.put("vocabulary_size", c.vocabSize());
    n.put("vocabulary", vocabulary().decode(allIds(c.vocabSize())));
    n.put("live", checkpoint == null);
    if (checkpoint != null) {
      n.put("iteration", checkpoint.iteration());
      n.put("corpus", checkpoint.corpusName());
      putFinite(n, "validation_loss", checkpoint.bestValidation());
      history(checkpoint.history(), n, "iteration", "loss", "smoothed_loss", "validation_loss");
    }
  }

  private static int[] allIds(int v) {
    int[] ids = new int[v];
    for (int i = 0; i < v; i++) {
      ids[i] = i;
    }
    return ids;
  }
}
