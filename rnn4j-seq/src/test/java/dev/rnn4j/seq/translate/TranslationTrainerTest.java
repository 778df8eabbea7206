package dev.rnn4j.seq.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.decode.Decoded;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Attention;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a task that must be learned exactly: reverse a short sequence of symbols, from raw
 * lines through the encoding, the trainer and the search, to 100% sequence accuracy on sequences never seen.
 */
class TranslationTrainerTest {
  private static final String[] SYMBOLS = "a b c d e f g h".split(" ");
  static Toy toy;

  record Toy(TranslationTrainer trainer, TranslationEncoding encoding, List<String> testSource,
             List<String> testTarget) {}

  /** {@code n} lines of 1 to 6 symbols and their reversals. */
  static List<String[]> reversals(int n, long seed) {
    Rng rng = new Rng(seed);
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 1 + rng.nextInt(6);
      String[] s = new String[len];
      for (int k = 0; k < len; k++) {
        s[k] = SYMBOLS[rng.nextInt(SYMBOLS.length)];
      }
      String[] r = new String[len];
      for (int k = 0; k < len; k++) {
        r[k] = s[len - 1 - k];
      }
      out.add(new String[] {String.join(" ", s), String.join(" ", r)});
    }
    return out;
  }

  static Toy trainToy(Attention.Score attention, int epochs) {
    List<String[]> train = reversals(2000, 1);
    List<String[]> test = reversals(200, 2);
    List<String> src = train.stream().map(p -> p[0]).toList();
    List<String> tgt = train.stream().map(p -> p[1]).toList();
    TranslationEncoding enc = TranslationEncoding.learn(src, tgt, true, 1, 0);
    List<SentencePair> pairs = new ArrayList<>();
    for (String[] p : train) {
      pairs.add(enc.pair(p[0], p[1]));
    }
    List<SentencePair> dev = new ArrayList<>();
    List<List<String>> refs = new ArrayList<>();
    for (String[] p : test.subList(0, 50)) {
      dev.add(enc.pair(p[0], p[1]));
      refs.add(enc.words(p[1]));
    }
    TranslationConfig config = new TranslationConfig(CellType.GRU, enc.sourceVocabulary().size(),
        enc.targetVocabulary().size(), 16, 32, 1, true, 32, 1, attention, 0, 0f);
    SeqTrainingConfig tc = new SeqTrainingConfig(32, OptimizerKind.ADAM, LearningRateSchedule.constant(1e-2f), 5f,
        epochs, 0, 0, 3, 0, false);
    TranslationTrainer t = TranslationTrainer.create(config, enc, pairs, dev, refs, tc, 20);
    t.run();
    return new Toy(t, enc, test.stream().map(p -> p[0]).toList(), test.stream().map(p -> p[1]).toList());
  }

  @BeforeAll
  static void train() {
    toy = trainToy(Attention.Score.GENERAL, 12);
  }

  @Test
  void reversesUnseenSequencesExactly() {
    List<int[]> sources = toy.testSource().stream().map(toy.encoding()::encodeSource).toList();
    List<int[]> out = TranslationSearch.greedy(toy.trainer().model(), sources, 64, 20);
    int right = 0;
    for (int i = 0; i < sources.size(); i++) {
      if (String.join(" ", toy.encoding().targetWords(out.get(i))).equals(toy.testTarget().get(i))) {
        right++;
      }
    }
    assertEquals(sources.size(), right, "sequence accuracy on 200 unseen reversals");
    assertEquals(1.0, toy.trainer().best(), 1e-9, "dev BLEU-4 of a perfect reverser");
  }

  @Test
  void beamOfOneAndBatchedGreedyEqualGreedyOneByOne() {
    Translator m = toy.trainer().model();
    List<int[]> sources = toy.testSource().stream().limit(40).map(toy.encoding()::encodeSource).toList();
    List<int[]> batched = TranslationSearch.greedy(m, sources, 7, 20);
    for (int i = 0; i < sources.size(); i++) {
      Decoded greedy = TranslationSearch.translate(m, sources.get(i), DecodingOptions.greedy(20), new Rng(1));
      Decoded beam1 = TranslationSearch.translate(m, sources.get(i),
          new DecodingOptions(1, false, 0f, 20), new Rng(1));
      assertArrayEquals(greedy.words(), beam1.words(), "beam 1 == greedy, sentence " + i);
      assertArrayEquals(greedy.words(), batched.get(i), "batched greedy == one by one, sentence " + i);
    }
  }

  @Test
  void beamSearchFindsTheReversalToo() {
    Translator m = toy.trainer().model();
    for (int i = 0; i < 20; i++) {
      Decoded d = TranslationSearch.translate(m, toy.encoding().encodeSource(toy.testSource().get(i)),
          new DecodingOptions(5, true, 0f, 20), new Rng(1));
      assertEquals(toy.testTarget().get(i), String.join(" ", toy.encoding().targetWords(d.words())));
    }
  }

  @Test
  void attentionOfAReverserLooksAtTheMirroredWord() {
    String line = "a b c d e";
    float[][] w = toy.trainer().model().alignment(toy.encoding().pair(line, "e d c b a"));
    int n = 5;
    int hits = 0;
    for (int t = 0; t < n; t++) {
      int argmax = 0;
      for (int s = 1; s < w[t].length; s++) {
        if (w[t][s] > w[t][argmax]) {
          argmax = s;
        }
      }
      hits += argmax == n - 1 - t ? 1 : 0;
      assertEquals(1.0, sumOf(w[t]), 1e-4, Arrays.toString(w[t]));
    }
    assertTrue(hits >= 4, "output word t attends to source word n-1-t in at least 4 of 5: " + hits);
  }

  private static double sumOf(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s;
  }
}
