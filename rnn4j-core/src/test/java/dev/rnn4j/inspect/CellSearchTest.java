package dev.rnn4j.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole search on a small random LSTM: rankings, excerpts and their guesses checked against the
 * model stepped one character at a time.
 */
class CellSearchTest {
  private static final String TEXT = """
      /* a file */
      int f(int x) {
        if (x > 0 && g("a(b)")) {
          return h(x - 1); // down
        }
        return 0;
      }
      """.repeat(12);

  private static LanguageModel model(CellType cell, int vocab) {
    LanguageModel m = new LanguageModel(ModelConfig.builder(vocab).cell(cell).hiddenSize(6).initScale(0.5f).build());
    m.initialize(new Rng(3));
    return m;
  }

  @Test
  void findsTopUnitsExcerptsAndGuessesThatMatchTheModel() {
    Corpus corpus = Corpus.fromString(TEXT);
    int[] ids = corpus.all().toArray();
    LanguageModel m = model(CellType.LSTM, corpus.vocabulary().size());
    List<Probe> probes = new ArrayList<>(Probes.builtIn(TEXT.codePoints().toArray()));
    probes.add(RegexProbe.parse("ret=return").probe(TEXT.codePoints().toArray()));
    UnitId named = new UnitId(1, UnitId.Kind.H, 4);
    CellSearch.Result r = CellSearch.run(m, corpus.vocabulary(), ids, probes,
        new CellSearch.Options(3, 120, 2, List.of(named), 32, 0));
    assertEquals(ids.length, r.length());
    assertEquals(7, r.rankings().size());
    for (CellSearch.Ranking ranking : r.rankings()) {
      assertEquals(3, ranking.top().size(), ranking.probe().name());
      assertTrue(ranking.top().get(0).strength() >= ranking.top().get(2).strength());
      assertEquals(2, ranking.excerpts().size());
    }
    assertEquals(2, r.saturation().size());
    assertEquals(3, r.saturation().get(0).gates().size());
    assertEquals(named, r.named().get(0).unit());
    assertEquals(7, r.named().get(0).scores().size());

    // guesses and losses against a reference stepping the model one character at a time
    LanguageModel ref = m.twin();
    ref.ensureCapacity(1, 1);
    double total = 0;
    double[] p = new double[corpus.vocabulary().size()];
    double[][] probs = new double[ids.length][];
    for (int t = 0; t < ids.length; t++) {
      Matrix logits = ref.logits(new int[] {ids[t]}, 1);
      SoftmaxCrossEntropy.softmax(logits, 0, 1f, p);
      probs[t] = p.clone();
      if (t + 1 < ids.length) {
        total -= Math.log(p[ids[t + 1]]);
      }
    }
    assertEquals(total / (ids.length - 1), r.meanLoss(), 1e-4);
    for (CellSearch.Excerpt e : r.excerpts()) {
      assertTrue(e.start() >= 0 && e.end() <= ids.length && e.end() > e.start());
      assertArrayEquals(java.util.Arrays.copyOfRange(ids, e.start(), e.end()), e.ids());
      for (int i = 0; i < e.ids().length; i++) {
        int t = e.start() + i;
        if (t > 0) {
          assertEquals(-Math.log(probs[t - 1][ids[t]]), e.loss()[i], 1e-4, "loss paid for character " + t);
        } else {
          assertTrue(Float.isNaN(e.loss()[i]));
        }
        for (int g = 0; g < CellSearch.GUESSES; g++) {
          int id = e.guessIds()[i * CellSearch.GUESSES + g];
          assertEquals(probs[t][id], e.guessProbs()[i * CellSearch.GUESSES + g], 1e-5);
          if (g > 0) {
            assertTrue(e.guessProbs()[i * CellSearch.GUESSES + g] <= e.guessProbs()[i * CellSearch.GUESSES + g - 1]);
          }
        }
        double best = java.util.Arrays.stream(probs[t]).max().orElseThrow();
        assertEquals(best, e.guessProbs()[i * CellSearch.GUESSES], 1e-5);
      }
      for (CellSearch.Ranking ranking : r.rankings()) {
        ranking.top().forEach(s -> assertTrue(e.activations().containsKey(s.unit())));
      }
      assertTrue(e.activations().containsKey(named));
    }
  }

  @Test
  void excerptsAreTheBusiestBlocksMovedToALineStart() {
    // lines of 10 characters; the only quote is on the fourth line, at 33..35
    String text = "xxxxxxxxx\n".repeat(3) + "ab \"q\" cd\n" + "yyyyyyyyy\n".repeat(3);
    int[] symbols = text.codePoints().toArray();
    Probe quote = Probes.builtIn(symbols).get(0);
    List<int[]> picked = ExcerptPicker.pick(quote.values(), symbols, '\n', 16, 1);
    assertEquals(1, picked.size());
    // blocks of 16: [32, 48) holds both changes; it moves back to the line start 30, a quarter-length away
    assertArrayEquals(new int[] {30, 46}, picked.get(0));
    List<int[]> two = ExcerptPicker.pick(quote.values(), symbols, '\n', 16, 2);
    assertEquals(2, two.size());
    assertTrue(two.get(0)[0] < two.get(1)[0], "in text order");
    assertArrayEquals(new int[] {0, symbols.length}, ExcerptPicker.pick(quote.values(), symbols, '\n', 500, 2).get(0));
  }

  @Test
  void aGatelessModelHasNoSaturationAndBadRequestsAreRefused() {
    Corpus corpus = Corpus.fromString(TEXT);
    int[] ids = corpus.all().toArray();
    LanguageModel rnn = model(CellType.RNN, corpus.vocabulary().size());
    List<Probe> probes = Probes.builtIn(TEXT.codePoints().toArray());
    CellSearch.Result r = CellSearch.run(rnn, corpus.vocabulary(), ids, probes, CellSearch.Options.defaults());
    assertTrue(r.saturation().isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CellSearch.run(rnn,
        corpus.vocabulary(), ids, probes, new CellSearch.Options(3, 100, 1, List.of(new UnitId(0, UnitId.Kind.C, 1)),
            32, 0)));
    assertTrue(e.getMessage().startsWith("unit 0:c1 is not in the model"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CellSearch.run(rnn, corpus.vocabulary(), ids, probes,
        new CellSearch.Options(3, 100, 1, List.of(new UnitId(2, UnitId.Kind.H, 1)), 32, 0)));
    assertTrue(e.getMessage().contains("layers 0..1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CellSearch.run(rnn, corpus.vocabulary(), new int[0],
        List.of(), CellSearch.Options.defaults()));
    assertEquals("the text is empty", e.getMessage());
  }
}
