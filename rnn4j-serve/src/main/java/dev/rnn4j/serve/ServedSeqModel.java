package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** A classifier (a label per text, many to one) or a tagger (a tag per token, many to many). */
final class ServedSeqModel extends ServedModel {
  private final SeqCheckpoint checkpoint;
  private final SeqKind seqKind;
  private final Predictor predictor;

  ServedSeqModel(String id, SeqCheckpoint checkpoint, SeqKind kind) {
    super(id, checkpoint.file());
    this.checkpoint = checkpoint;
    this.seqKind = kind;
    this.predictor = new Predictor(checkpoint.model(), 1);
  }

  @Override
  String kind() {
    return seqKind.id();
  }

  @Override
  void describeInto(ObjectNode n) {
    SeqEncoding e = checkpoint.encoding();
    n.put("input", e.input().name().toLowerCase(java.util.Locale.ROOT));
    n.put("vocabulary_size", e.wordVocabSize());
    ArrayNode labels = n.putArray("labels");
    e.labels().forEach(labels::add);
    n.put("iteration", checkpoint.iteration());
    putFinite(n, "validation_score", checkpoint.best());
    history(checkpoint.history(), n, "iteration", "epochs", "validation_loss", "validation_score");
  }

  @Override
  Set<String> predictFields() {
    return seqKind == SeqKind.CLASSIFIER ? Set.of("text") : Set.of("text", "tokens");
  }

  @Override
  ObjectNode predict(RequestBody body, Limits limits) {
    SeqEncoding e = checkpoint.encoding();
    ObjectNode out = RequestBody.JSON.createObjectNode();
    if (seqKind == SeqKind.CLASSIFIER) {
      String text = body.required("text", limits.maxTextLength());
      if (text.isBlank()) {
        throw ApiException.badField("text", "is empty");
      }
      Predictor.Result r = run(e.classifierExample(text, null));
      out.put("label", e.label(r.labels().get(0)[0]));
      out.put("probability", r.probability().get(0)[0]);
      return out;
    }
    List<String> tokens;
    if (body.has("tokens")) {
      tokens = body.strings("tokens", 1000, 200);
    } else {
      String text = body.required("text", limits.maxTextLength());
      tokens = text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }
    if (tokens.isEmpty() || tokens.size() > 1000) {
      throw ApiException.badField(body.has("tokens") ? "tokens" : "text", "needs 1 to 1000 tokens");
    }
    Predictor.Result r = run(e.taggerExample(tokens, null));
    ArrayNode t = out.putArray("tokens");
    tokens.forEach(t::add);
    ArrayNode tags = out.putArray("tags");
    ArrayNode probs = out.putArray("probabilities");
    int[] ids = r.labels().get(0);
    for (int i = 0; i < ids.length; i++) {
      tags.add(e.label(ids[i]));
      probs.add(r.probability().get(0)[i]);
    }
    return out;
  }

  private synchronized Predictor.Result run(dev.rnn4j.seq.model.Example example) {
    return predictor.run(List.of(example));
  }
}
