package dev.rnn4j.seq.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Param;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The whole classifier and tagger: gradients of the mean loss against central differences (Richardson
 * extrapolated, as in the core's SequenceEncoderTest) for every input kind, pooling and a ragged batch;
 * padding (a batch against its examples one at a time); class weights.
 *
 * <p>Tolerance {@code |a - n| <= 1e-4 + 1e-2 max(|a|, |n|)}: the differences' rounding is ~2e-5 here, and the
 * character RNN's gradients are only ~1e-3 (they pass through every layer), so a looser absolute floor let a
 * word's character gradient overwritten instead of accumulated (a word seen twice) pass unnoticed.
 */
class SequenceModelTest {
  static final int WORDS = 7;
  static final int CHARS = 6;
  static final int CLASSES = 3;

  static Stream<Arguments> shapes() {
    List<Arguments> all = new ArrayList<>();
    for (InputKind input : InputKind.values()) {
      all.add(Arguments.of(SeqKind.TAGGER, input, SequencePooling.Kind.LAST, CellType.LSTM));
      for (SequencePooling.Kind p : SequencePooling.Kind.values()) {
        all.add(Arguments.of(SeqKind.CLASSIFIER, input, p, CellType.GRU));
      }
    }
    return all.stream();
  }

  static SequenceModel model(SeqKind kind, InputKind input, SequencePooling.Kind pooling, CellType cell, long seed) {
    SeqConfig c = SeqConfig.builder(kind, input, WORDS, CHARS, CLASSES).cell(cell).layers(2).hidden(3)
        .bidirectional(true).dropout(0f).wordEmbedding(4).charEmbedding(3).charHidden(2).pooling(pooling).build();
    SequenceModel m = new SequenceModel(c);
    Rng rng = new Rng(seed);
    Matrix v = m.parameters().values();
    for (int i = 0; i < v.size(); i++) {
      v.set(i, (float) (rng.nextDouble() - 0.5));
    }
    return m;
  }

  /** Three examples of lengths 4, 1 and 3 (one padded in the middle of the batch), with words of 1-5 characters. */
  static List<Example> batch(SeqKind kind, InputKind input, long seed) {
    Rng rng = new Rng(seed);
    int[] lengths = {4, 1, 3};
    List<Example> out = new ArrayList<>();
    boolean overWords = input.stepsOverWords(kind);
    for (int n : lengths) {
      int[] units = new int[n];
      int[][] chars = input.usesWordCharacters(kind) ? new int[n][] : null;
      int[] tags = kind == SeqKind.TAGGER ? new int[n] : null;
      for (int i = 0; i < n; i++) {
        units[i] = 1 + rng.nextInt(overWords ? WORDS - 1 : CHARS - 1);
        if (chars != null) {
          chars[i] = new int[1 + rng.nextInt(5)];
          for (int k = 0; k < chars[i].length; k++) {
            chars[i][k] = 1 + rng.nextInt(CHARS - 1);
          }
        }
        if (tags != null) {
          tags[i] = rng.nextInt(CLASSES);
        }
      }
      out.add(new Example(units, chars, kind == SeqKind.CLASSIFIER ? rng.nextInt(CLASSES) : -1, tags));
    }
    // a repeated word: its characters are read once, its gradient comes from both places
    if (input.usesWordCharacters(kind)) {
      out.get(0).wordChars()[3] = out.get(0).wordChars()[1];
    }
    return out;
  }

  static double meanLoss(SequenceModel m, List<Example> batch) {
    int[] count = new int[1];
    double sum = m.summedLoss(m.logits(batch), batch, count);
    return sum / count[0];
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("shapes")
  void gradientsMatchCentralDifferences(SeqKind kind, InputKind input, SequencePooling.Kind pooling, CellType cell) {
    SequenceModel m = model(kind, input, pooling, cell, 7);
    List<Example> batch = batch(kind, input, 11);
    m.parameters().zeroGrads();
    double loss = m.trainStep(batch, null, new Rng(1));
    assertEquals(meanLoss(m, batch), loss, 1e-6, "trainStep's loss is the mean loss");
    float[] analytic = m.parameters().grads().toArray();
    Matrix v = m.parameters().values();
    Rng pick = new Rng(3);
    int checked = 0;
    for (Param p : m.parameters().list()) {
      for (int k = 0; k < Math.min(p.size(), 12); k++) {
        int i = p.start() + (p.size() <= 12 ? k : pick.nextInt(p.size()));
        double d1 = difference(m, batch, v, i, 1e-2);
        double d2 = difference(m, batch, v, i, 5e-3);
        double numeric = (4 * d2 - d1) / 3;
        double a = analytic[i];
        assertTrue(Math.abs(a - numeric) <= 1e-4 + 1e-2 * Math.max(Math.abs(a), Math.abs(numeric)),
            p.name() + "[" + (i - p.start()) + "]: analytic " + a + ", numeric " + numeric);
        checked++;
      }
    }
    assertTrue(checked > 50);
  }

  private static double difference(SequenceModel m, List<Example> batch, Matrix v, int i, double h) {
    float old = v.get(i);
    v.set(i, (float) (old + h));
    double plus = meanLoss(m, batch);
    v.set(i, (float) (old - h));
    double minus = meanLoss(m, batch);
    v.set(i, old);
    return (plus - minus) / (2 * h);
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("shapes")
  void aBatchGivesTheGradientsOfItsExamplesOneByOne(SeqKind kind, InputKind input, SequencePooling.Kind pooling,
                                                    CellType cell) {
    SequenceModel m = model(kind, input, pooling, cell, 5);
    List<Example> batch = batch(kind, input, 13);
    // per example, the gradient of its summed loss; the batch's summed-loss gradient is their sum
    int n = m.parameters().size();
    double[] sum = new double[n];
    for (Example e : batch) {
      m.parameters().zeroGrads();
      m.trainStep(List.of(e), null, new Rng(1));
      float[] g = m.parameters().grads().toArray();
      int labels = kind == SeqKind.TAGGER ? e.length() : 1;
      for (int i = 0; i < n; i++) {
        sum[i] += g[i] * labels;
      }
    }
    m.parameters().zeroGrads();
    m.trainStep(batch, null, new Rng(1));
    float[] g = m.parameters().grads().toArray();
    int labels = kind == SeqKind.TAGGER ? 8 : 3;
    for (int i = 0; i < n; i++) {
      assertEquals(sum[i], g[i] * labels, 1e-5 * Math.max(1, Math.abs(sum[i])), "parameter element " + i);
    }
  }

  @Test
  void classWeightsWeightEachExamplesLoss() {
    SequenceModel m = model(SeqKind.CLASSIFIER, InputKind.WORDS, SequencePooling.Kind.MEAN, CellType.LSTM, 3);
    List<Example> batch = batch(SeqKind.CLASSIFIER, InputKind.WORDS, 17);
    float[] w = {0.5f, 2f, 3f};
    double num = 0;
    double den = 0;
    for (Example e : batch) {
      num += w[e.label()] * meanLoss(m, List.of(e));
      den += w[e.label()];
    }
    m.parameters().zeroGrads();
    assertEquals(num / den, m.trainStep(batch, w, new Rng(1)), 1e-6);
  }
}
