package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.decode.Decoded;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.seq.translate.SentencePair;
import dev.rnn4j.seq.translate.TranslationCheckpoint;
import dev.rnn4j.seq.translate.TranslationEncoding;
import dev.rnn4j.seq.translate.TranslationSearch;
import dev.rnn4j.seq.translate.Translator;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.WordVocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An encoder-decoder with attention: a sentence in, its translation (and the attention) out. */
final class ServedTranslator extends ServedModel {
  private final TranslationCheckpoint checkpoint;

  ServedTranslator(String id, TranslationCheckpoint checkpoint) {
    super(id, checkpoint.file());
    this.checkpoint = checkpoint;
  }

  @Override
  String kind() {
    return "translate";
  }

  @Override
  void describeInto(ObjectNode n) {
    var c = checkpoint.model().config();
    ObjectNode config = n.putObject("config");
    config.put("cell", c.cell().name().toLowerCase(java.util.Locale.ROOT));
    config.put("hidden", c.hidden());
    config.put("attention", c.attentionLabel());
    n.put("source_vocabulary_size", c.sourceVocab());
    n.put("target_vocabulary_size", c.targetVocab());
    n.put("iteration", checkpoint.iteration());
    putFinite(n, "validation_score", checkpoint.best());
    history(checkpoint.history(), n, "iteration", "epochs", "validation_loss", "validation_bleu");
  }

  @Override
  Set<String> predictFields() {
    return Set.of("text", "beam", "max_length", "temperature", "seed", "attention");
  }

  @Override
  ObjectNode predict(RequestBody body, Limits limits) {
    String text = body.required("text", Math.min(limits.maxTextLength(), 10_000));
    if (text.isBlank()) {
      throw ApiException.badField("text", "is empty");
    }
    TranslationEncoding encoding = checkpoint.encoding();
    int words = text.strip().split("\\s+").length;
    if (words > checkpoint.maxLength()) {
      throw ApiException.badField("text", "has " + words + " words, more than the model's limit of "
          + checkpoint.maxLength());
    }
    DecodingOptions options = Decoding.read(body, 5, checkpoint.maxLength());
    boolean attention = body.bool("attention", false);
    Translator model = checkpoint.model();
    if (attention && !model.config().attends()) {
      throw ApiException.badField("attention", "this model was trained without attention");
    }
    Rng rng = new Rng(body.longValue("seed", 1));
    ObjectNode out = RequestBody.JSON.createObjectNode();
    synchronized (this) {
      int[] source = encoding.encodeSource(text);
      Decoded d = TranslationSearch.translate(model, source, options, rng);
      out.put("translation", String.join(" ", encoding.targetWords(d.words())));
      out.put("log_probability", d.logProbability());
      if (attention) {
        List<String> target = new ArrayList<>(encoding.targetUnits(d.words()));
        target.add(encoding.targetVocabulary().word(WordVocabulary.END));
        ObjectNode a = out.putObject("attention");
        ArrayNode src = a.putArray("source");
        encoding.sourceUnits(text).forEach(src::add);
        ArrayNode tgt = a.putArray("target");
        target.forEach(tgt::add);
        ArrayNode weights = a.putArray("weights");
        for (float[] row : model.alignment(new SentencePair(source, d.words()))) {
          ArrayNode r = weights.addArray();
          for (float v : row) {
            r.add(v);
          }
        }
      }
    }
    return out;
  }
}
