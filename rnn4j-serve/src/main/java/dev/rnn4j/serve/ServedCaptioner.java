package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.caption.model.CaptionModel;
import dev.rnn4j.caption.model.CaptionStepper;
import dev.rnn4j.caption.train.CaptionCheckpoint;
import dev.rnn4j.decode.Decoded;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.decode.SequenceDecoder;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.WordVocabulary;
import java.util.Set;

/** Image captioning (one to many): a feature vector in, a caption out. */
final class ServedCaptioner extends ServedModel {
  private final CaptionCheckpoint checkpoint;
  private final WordVocabulary words;

  ServedCaptioner(String id, CaptionCheckpoint checkpoint) {
    super(id, checkpoint.file());
    this.checkpoint = checkpoint;
    this.words = WordVocabulary.parse(checkpoint.vocabulary());
  }

  @Override
  String kind() {
    return "caption";
  }

  @Override
  void describeInto(ObjectNode n) {
    var c = checkpoint.model().config();
    ObjectNode config = n.putObject("config");
    config.put("cell", c.cell().name().toLowerCase(java.util.Locale.ROOT));
    config.put("layers", c.layers());
    config.put("hidden", c.hidden());
    config.put("embedding", c.embedding());
    config.put("feature_width", c.featureWidth());
    n.put("vocabulary_size", words.size());
    n.put("iteration", checkpoint.iteration());
    putFinite(n, "validation_score", checkpoint.best());
    n.put("score", checkpoint.scoreName());
    history(checkpoint.history(), n, "iteration", "epochs", "validation_perplexity", "score");
  }

  @Override
  Set<String> predictFields() {
    return Set.of("features", "beam", "max_length", "temperature", "seed");
  }

  @Override
  ObjectNode predict(RequestBody body, Limits limits) {
    CaptionModel model = checkpoint.model();
    int width = model.config().featureWidth();
    float[] features = body.floats("features", Math.max(width, 1));
    if (features.length != width) {
      throw ApiException.badField("features", "expected " + width + " numbers (the model's feature width), got "
          + features.length);
    }
    DecodingOptions options = Decoding.read(body, 3, 20);
    Rng rng = new Rng(body.longValue("seed", 1));
    Decoded d;
    synchronized (this) {
      CaptionStepper stepper = model.stepper(options.beam());
      stepper.begin(features);
      d = new SequenceDecoder(stepper, options).decode(rng);
    }
    ObjectNode out = RequestBody.JSON.createObjectNode();
    var list = words.decode(d.words());
    out.put("caption", String.join(" ", list));
    ArrayNode w = out.putArray("words");
    list.forEach(w::add);
    out.put("log_probability", d.logProbability());
    return out;
  }
}
