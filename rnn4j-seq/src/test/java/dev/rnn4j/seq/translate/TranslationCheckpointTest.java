package dev.rnn4j.seq.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Attention;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import dev.rnn4j.seq.train.SeqCheckpointFormatTest;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.CheckpointWriter;
import dev.rnn4j.train.IterationReport;
import dev.rnn4j.train.TrainingListener;
import dev.rnn4j.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A translator's checkpoint: format 1.0 with PyTorch's tensor names where PyTorch has the layer, identical
 * model and tokenisation after a round trip, a resumed run that continues exactly, and refusals of other
 * kinds' checkpoints (and by their loaders) in one line.
 */
class TranslationCheckpointTest {
  record Data(TranslationEncoding encoding, List<SentencePair> train, List<SentencePair> dev,
              List<List<String>> refs) {}

  static Data data(int merges) {
    List<String[]> lines = TranslationTrainerTest.reversals(120, 5);
    List<String> src = lines.stream().map(p -> p[0] + " xyzzy").toList();
    List<String> tgt = lines.stream().map(p -> p[1]).toList();
    TranslationEncoding enc = TranslationEncoding.learn(src, tgt, true, 1, merges);
    List<SentencePair> pairs = new ArrayList<>();
    List<List<String>> refs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      pairs.add(enc.pair(src.get(i), tgt.get(i)));
      refs.add(enc.words(tgt.get(i)));
    }
    return new Data(enc, pairs.subList(0, 100), pairs.subList(100, 120), refs.subList(100, 120));
  }

  static TranslationConfig config(Data d, CellType cell, Attention.Score attention) {
    return new TranslationConfig(cell, d.encoding().sourceVocabulary().size(), d.encoding().targetVocabulary().size(),
        6, 5, 2, true, 7, 2, attention, attention == Attention.Score.ADDITIVE ? 4 : 0, 0.2f);
  }

  static SeqTrainingConfig training(long iterations) {
    return new SeqTrainingConfig(16, OptimizerKind.ADAM, LearningRateSchedule.cosine(1e-2f, 3, 0.1f), 5f, 0,
        iterations, 0, 9, 4, false);
  }

  private static TranslationTrainer train(Path dir, Data d, TranslationConfig c, long iterations) {
    TranslationTrainer t = TranslationTrainer.create(c, d.encoding(), d.train(), d.dev(), d.refs(),
        training(iterations), 30);
    t.addListener(new CheckpointWriter(dir));
    t.run();
    return t;
  }

  @Test
  void aResumedRunContinuesExactly(@TempDir Path dir) throws Exception {
    Data d = data(0);
    TranslationConfig c = config(d, CellType.GRU, Attention.Score.GENERAL);
    TranslationTrainer straight = TranslationTrainer.create(c, d.encoding(), d.train(), d.dev(), d.refs(),
        training(20), 30);
    straight.run();
    // the same 20-update run (its learning rate anneals over 20), stopped after 9 as a kill would stop it
    TranslationTrainer first = TranslationTrainer.create(c, d.encoding(), d.train(), d.dev(), d.refs(),
        training(20), 30);
    first.addListener(new TrainingListener() {
      @Override
      public void onIteration(TrainingLoop loop, IterationReport report) {
        if (report.iteration() == 9) {
          loop.requestStop();
        }
      }
    });
    first.addListener(new CheckpointWriter(dir));
    first.run();
    TranslationCheckpoint cp = TranslationCheckpoint.load(dir.resolve("last.safetensors"));
    assertEquals(9, cp.iteration());
    TranslationTrainer resumed = TranslationTrainer.resume(cp, d.train(), d.dev(), d.refs(),
        cp.trainingConfig().withLimits(0, 20, 0));
    resumed.run();
    assertEquals(20, resumed.iteration());
    assertArrayEquals(straight.model().parameters().values().toArray(),
        resumed.model().parameters().values().toArray(), "9 updates, a checkpoint, 11 more == 20 in one run");
    // (the stopped run also validated where it stopped, so the resumed history has one row more)
    assertArrayEquals(straight.history().get(straight.history().size() - 1),
        resumed.history().get(resumed.history().size() - 1));
  }

  @Test
  void roundTripsModelTokenisationAndHistory(@TempDir Path dir) throws Exception {
    for (int merges : new int[] {0, 12}) {
      Data d = data(merges);
      TranslationTrainer t = train(dir.resolve("m" + merges), d, config(d, CellType.LSTM, Attention.Score.ADDITIVE), 8);
      TranslationCheckpoint cp = TranslationCheckpoint.load(dir.resolve("m" + merges).resolve("last.safetensors"));
      assertEquals(t.model().config(), cp.model().config());
      assertArrayEquals(t.model().parameters().values().toArray(), cp.model().parameters().values().toArray());
      assertEquals(30, cp.maxLength());
      assertEquals(t.history().size(), cp.history().size());
      assertEquals(d.encoding().merges(), cp.encoding().merges());
      assertEquals(merges > 0, cp.encoding().merges() > 0, "some merges are learned, and kept");
      String line = "a b c xyzzy h";
      assertArrayEquals(d.encoding().encodeSource(line), cp.encoding().encodeSource(line));
      assertArrayEquals(d.encoding().encodeTarget(line), cp.encoding().encodeTarget(line));
      int[] n1 = new int[1];
      int[] n2 = new int[1];
      assertEquals(t.model().summedLoss(d.dev(), n1), cp.model().summedLoss(d.dev(), n2), 0.0);
      assertEquals(n1[0], n2[0]);
    }
  }

  @Test
  void tensorsHavePyTorchsNamesForLstmAndTheLecturesForGru(@TempDir Path dir) throws Exception {
    Data d = data(0);
    train(dir.resolve("lstm"), d, config(d, CellType.LSTM, Attention.Score.GENERAL), 2);
    SafeTensorsFile f = SafeTensors.readRnn4j(dir.resolve("lstm").resolve("last.safetensors"));
    assertEquals("translate", f.metadata("rnn4j.kind"));
    assertEquals("1.0", f.metadata("format_version"));
    assertEquals("general", f.metadata("translate.attention"));
    assertArrayEquals(new int[] {20, 6}, f.tensor("encoder.rnn.weight_ih_l0").shape());
    assertArrayEquals(new int[] {20, 10}, f.tensor("encoder.rnn.weight_ih_l1_reverse").shape(), "layer 1 reads 2H");
    assertArrayEquals(new int[] {20}, f.tensor("encoder.rnn.bias_hh_l0").shape());
    for (float v : f.floats("encoder.rnn.bias_hh_l0")) {
      assertEquals(0f, v, "PyTorch's second bias, written as zeros");
    }
    assertArrayEquals(new int[] {28, 7}, f.tensor("decoder.rnn.weight_hh_l1").shape());
    assertFalse(f.has("decoder.rnn.weight_hh_l0_reverse"), "the decoder reads forwards");
    assertTrue(f.has("encoder.embedding.weight") && f.has("decoder.embedding.weight"));
    train(dir.resolve("gru"), d, config(d, CellType.GRU, null), 2);
    SafeTensorsFile g = SafeTensors.readRnn4j(dir.resolve("gru").resolve("last.safetensors"));
    assertTrue(g.has("encoder.rnn4j_gru.weight_ih_l0"), g.tensors().toString());
    assertFalse(g.tensors().stream().anyMatch(t -> t.name().contains(".rnn.")), "the lecture's GRU is not PyTorch's");
    assertFalse(g.tensors().stream().anyMatch(t -> t.name().startsWith("attention")), "no attention, no weights");
    assertEquals("none", g.metadata("translate.attention"));
  }

  @Test
  void otherKindsAreRefusedInOneLineBothWays(@TempDir Path dir) throws Exception {
    Path charLm = SeqCheckpointFormatTest.charLmCheckpoint(dir.resolve("char-lm"));
    String m = SeqCheckpointFormatTest.refusal(charLm, () -> TranslationCheckpoint.load(charLm));
    assertTrue(m.contains("'char-lm'") && m.contains("not a translator's"), m);
    Path caption = SeqCheckpointFormatTest.captionCheckpoint(dir.resolve("caption"));
    m = SeqCheckpointFormatTest.refusal(caption, () -> TranslationCheckpoint.load(caption));
    assertTrue(m.contains("'caption'") && m.contains("rnn4j caption"), m);
    Data d = data(0);
    train(dir.resolve("t"), d, config(d, CellType.GRU, Attention.Score.GENERAL), 1);
    Path mine = dir.resolve("t").resolve("last.safetensors");
    for (SeqKind kind : SeqKind.values()) {
      m = SeqCheckpointFormatTest.refusal(mine, () -> SeqCheckpoint.load(mine, kind));
      assertTrue(m.contains("'translate'"), m);
    }
    m = SeqCheckpointFormatTest.refusal(mine, () -> Checkpoint.load(mine));
    assertTrue(m.contains("translate"), m);
  }
}
