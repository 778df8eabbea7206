package dev.rnn4j.seq.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.InputKind;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqConfig;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.CheckpointWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training through the core's loop: a classifier and a tagger learn rules a bag of words cannot express
 * (order matters), checkpoints round-trip, a resumed run continues exactly, and another kind's checkpoint
 * is refused.
 */
class SeqTrainerTest {
  static final String[] NOUNS = {"cat", "dog", "bird", "fish", "fox", "owl"};

  /** "not" before the adjective flips it: the label needs the order of the words. */
  static List<String[]> sentiment(int n, long seed) {
    Rng rng = new Rng(seed);
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean good = rng.nextInt(2) == 0;
      boolean not = rng.nextInt(2) == 0;
      String text = "the " + NOUNS[rng.nextInt(NOUNS.length)] + " is " + (not ? "not " : "") + (good ? "good" : "bad");
      out.add(new String[] {text, good != not ? "pos" : "neg"});
    }
    return out;
  }

  /** Words after "to" are verbs, numbers are NUM, the rest nouns: the tag needs the previous word or the spelling. */
  static List<List<String[]>> tagged(int n, long seed) {
    Rng rng = new Rng(seed);
    List<List<String[]>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String[]> s = new ArrayList<>();
      int len = 2 + rng.nextInt(6);
      boolean afterTo = false;
      for (int k = 0; k < len; k++) {
        int r = rng.nextInt(4);
        if (r == 0) {
          s.add(new String[] {"to", "PART"});
          afterTo = true;
          continue;
        }
        String w = r == 1 ? Integer.toString(rng.nextInt(1000)) : NOUNS[rng.nextInt(NOUNS.length)];
        s.add(new String[] {w, afterTo && r != 1 ? "VERB" : r == 1 ? "NUM" : "NOUN"});
        afterTo = false;
      }
      out.add(s);
    }
    return out;
  }

  static SeqTrainingConfig training(int epochs) {
    return new SeqTrainingConfig(16, OptimizerKind.ADAM, LearningRateSchedule.constant(1e-2f), 5f, epochs, 0, 0, 7, 0,
        false);
  }

  record Data(SeqEncoding encoding, List<Example> train, List<Example> dev) {}

  static Data classification(InputKind input) {
    List<String[]> train = sentiment(400, 1);
    List<String[]> dev = sentiment(100, 2);
    SeqEncoding enc = SeqEncoding.forClassifier(train.stream().map(r -> r[0]).toList(),
        train.stream().map(r -> r[1]).toList(), input, 1);
    return new Data(enc, train.stream().map(r -> enc.classifierExample(r[0], r[1])).toList(),
        dev.stream().map(r -> enc.classifierExample(r[0], r[1])).toList());
  }

  static Data tagging() {
    List<List<String[]>> train = tagged(300, 3);
    List<List<String[]>> dev = tagged(100, 4);
    SeqEncoding enc = SeqEncoding.forTagger(train.stream().map(s -> s.stream().map(w -> w[0]).toList()).toList(),
        train.stream().map(s -> s.stream().map(w -> w[1]).toList()).toList(), InputKind.BOTH, 2);
    return new Data(enc, encode(enc, train), encode(enc, dev));
  }

  static List<Example> encode(SeqEncoding enc, List<List<String[]>> sentences) {
    return sentences.stream().map(s -> enc.taggerExample(s.stream().map(w -> w[0]).toList(),
        s.stream().map(w -> w[1]).toList())).toList();
  }

  static SeqConfig config(Data d, SeqKind kind, InputKind input) {
    SeqEncoding e = d.encoding();
    return SeqConfig.builder(kind, input, e.wordVocabSize(), e.charVocabSize(), e.labels().size()).layers(1)
        .hidden(16).wordEmbedding(8).charEmbedding(8).charHidden(8).dropout(0.1f).build();
  }

  @Test
  void aClassifierLearnsARuleOfWordOrder(@TempDir Path dir) throws Exception {
    for (InputKind input : InputKind.values()) {
      Data d = classification(input);
      SeqTrainer t = SeqTrainer.create(config(d, SeqKind.CLASSIFIER, input), d.encoding(), "", d.train(), d.dev(),
          training(input == InputKind.CHARS ? 12 : 6));
      t.addListener(new CheckpointWriter(dir.resolve(input.label())));
      t.run();
      assertTrue(t.best() >= 0.95, input + ": dev accuracy " + t.best());
      SeqCheckpoint c = SeqCheckpoint.load(dir.resolve(input.label()).resolve("best.safetensors"), SeqKind.CLASSIFIER);
      Predictor.Result r = new Predictor(c.model(), 7).run(d.dev());
      assertEquals(t.best(), SeqTask.accuracy(d.dev(), r), 1e-12, input + ": the best checkpoint scores its accuracy");
    }
  }

  @Test
  void aTaggerLearnsFromContextAndSpelling(@TempDir Path dir) throws Exception {
    Data d = tagging();
    SeqTrainer t = SeqTrainer.create(config(d, SeqKind.TAGGER, InputKind.BOTH), d.encoding(), "upos", d.train(),
        d.dev(), training(8));
    t.addListener(new CheckpointWriter(dir));
    t.run();
    assertTrue(t.best() >= 0.97, "dev accuracy " + t.best());
    SeqCheckpoint c = SeqCheckpoint.load(dir.resolve("best.safetensors"), SeqKind.TAGGER);
    assertEquals("upos", c.tagColumn());
    assertEquals(d.encoding().labels(), c.encoding().labels());
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> SeqCheckpoint.load(dir.resolve("best.safetensors"), SeqKind.CLASSIFIER));
    assertTrue(e.getMessage().contains("not a classifier's"), e.getMessage());
  }

  @Test
  void aResumedRunContinuesExactly(@TempDir Path dir) throws Exception {
    Data d = tagging();
    SeqConfig config = config(d, SeqKind.TAGGER, InputKind.BOTH);
    SeqTrainingConfig whole = training(0).withLimits(0, 30, 0);
    SeqTrainer straight = SeqTrainer.create(config, d.encoding(), "upos", d.train(), d.dev(), whole);
    straight.run();
    SeqTrainer first = SeqTrainer.create(config, d.encoding(), "upos", d.train(), d.dev(), whole.withLimits(0, 13, 0));
    first.addListener(new CheckpointWriter(dir));
    first.run();
    SeqCheckpoint c = SeqCheckpoint.load(dir.resolve("last.safetensors"), SeqKind.TAGGER);
    SeqTrainer resumed = SeqTrainer.resume(c, d.train(), d.dev(), c.trainingConfig().withLimits(0, 30, 0));
    resumed.run();
    assertEquals(30, resumed.iteration());
    assertArrayEquals(straight.model().parameters().values().toArray(),
        resumed.model().parameters().values().toArray());
  }
}
