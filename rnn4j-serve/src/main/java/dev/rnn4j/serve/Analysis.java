package dev.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.inspect.CellSearch;
import dev.rnn4j.inspect.Probe;
import dev.rnn4j.inspect.Probes;
import dev.rnn4j.inspect.UnitId;
import dev.rnn4j.inspect.UnitScore;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.text.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /analyze} and {@code /eval}: a posted text read serially from a zero state (as a sampler reads
 * it), through the cell search of {@code rnn4j cells}: per character the loss paid and the five guesses,
 * the values of the units asked for, and for each built-in probe the units that follow it best here.
 */
final class Analysis {
  /** Longest text {@code /analyze} reads (the answer carries several numbers per character). */
  static final int MAX_ANALYZE = 20_000;
  static final int PROBE_UNITS = 3;

  private Analysis() {}

  static List<UnitId> units(RequestBody body) {
    List<UnitId> units = new ArrayList<>();
    for (String s : body.strings("units", 64, 16)) {
      try {
        units.add(UnitId.parse(s, UnitId.Kind.H));
      } catch (IllegalArgumentException e) {
        throw ApiException.badField("units", "'" + s + "' is not a unit (write LAYER:INDEX or LAYER:cINDEX, e.g. 1:c37)");
      }
    }
    return units;
  }

  static ObjectNode analyze(ServedCharModel served, RequestBody body) {
    String text = body.required("text", MAX_ANALYZE);
    if (text.isEmpty()) {
      throw ApiException.badField("text", "is empty");
    }
    int[] ids = served.encode(text, "text");
    List<UnitId> asked = units(body);
    SamplingService.stateColumns(served, asked); // a unit the model lacks is a 400 naming it
    boolean probes = body.bool("probes", true);
    LanguageModel model = served.model();
    Vocabulary vocab = served.vocabulary();
    ObjectNode out = RequestBody.JSON.createObjectNode();
    Set<UnitId> recorded = new LinkedHashSet<>(asked);
    if (probes) {
      ArrayNode rankings = out.putArray("probes");
      int excerpt = Math.max(1, Math.min(400, ids.length));
      int[] symbols = new int[ids.length]; // the probes' lexer reads characters, not vocabulary ids
      for (int t = 0; t < ids.length; t++) {
        symbols[t] = vocab.symbol(ids[t]);
      }
      CellSearch.Result r = CellSearch.run(model, vocab, ids, Probes.builtIn(symbols),
          new CellSearch.Options(PROBE_UNITS, excerpt, 1, List.of(), 256, 1));
      for (CellSearch.Ranking ranking : r.rankings()) {
        ObjectNode p = rankings.addObject();
        Probe probe = ranking.probe();
        p.put("probe", probe.name());
        ArrayNode top = p.putArray("units");
        for (UnitScore s : ranking.top()) {
          if (!Double.isFinite(s.value())) {
            continue;
          }
          recorded.add(s.unit());
          top.addObject().put("unit", s.unit().toString()).put("measure", s.measure().name().toLowerCase())
              .put("value", s.value()).put("positive", s.positive()).put("describe", s.describe());
        }
      }
    }
    CellSearch.Excerpt e = CellSearch.read(model, ids, recorded);
    ArrayNode chars = out.putArray("chars");
    ArrayNode loss = out.putArray("loss");
    ArrayNode guesses = out.putArray("guesses");
    int k = e.guessIds().length / ids.length;
    double sum = 0;
    for (int t = 0; t < ids.length; t++) {
      chars.add(vocab.decode(ids[t]));
      ServedModel.putFiniteIn(loss, e.loss()[t]);
      if (Float.isFinite(e.loss()[t])) {
        sum += e.loss()[t];
      }
      ArrayNode g = guesses.addArray(); // what the model expected here: its guesses after character t - 1
      if (t > 0) {
        for (int j = 0; j < k; j++) {
          g.addArray().add(vocab.decode(e.guessIds()[(t - 1) * k + j])).add(e.guessProbs()[(t - 1) * k + j]);
        }
      }
    }
    ObjectNode units = out.putObject("units");
    for (Map.Entry<UnitId, float[]> u : e.activations().entrySet()) {
      ArrayNode a = units.putArray(u.getKey().toString());
      for (float v : u.getValue()) {
        a.add(v);
      }
    }
    if (ids.length > 1) {
      out.put("nats_per_char", sum / (ids.length - 1));
      out.put("bits_per_char", sum / (ids.length - 1) / Math.log(2));
    }
    return out;
  }

  static ObjectNode eval(ServedCharModel served, RequestBody body, Limits limits) {
    String text = body.required("text", limits.maxTextLength());
    int[] ids = served.encode(text, "text");
    if (ids.length < 2) {
      throw ApiException.badField("text", "needs at least 2 characters (the first is only read)");
    }
    CellSearch.Excerpt e = CellSearch.read(served.model(), ids, List.of());
    double sum = 0;
    for (int t = 1; t < ids.length; t++) {
      sum += e.loss()[t];
    }
    double nats = sum / (ids.length - 1);
    ObjectNode out = RequestBody.JSON.createObjectNode();
    out.put("characters", ids.length);
    out.put("predicted", ids.length - 1);
    out.put("nats_per_char", nats);
    out.put("bits_per_char", nats / Math.log(2));
    return out;
  }
}
