package dev.rnn4j.seq.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.caption.model.CaptionConfig;
import dev.rnn4j.caption.model.EncodedCaptions;
import dev.rnn4j.caption.train.CaptionCheckpoint;
import dev.rnn4j.caption.train.CaptionTrainer;
import dev.rnn4j.caption.train.CaptionTrainingConfig;
import dev.rnn4j.io.CheckpointException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.Tensor;
import dev.rnn4j.model.CellType;
import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.InputKind;
import dev.rnn4j.seq.model.SeqConfig;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.model.SequenceModel;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.CheckpointWriter;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifier's and tagger's checkpoints follow format 1.0 as the character model's and the captioner's
 * do: exactly the documented metadata keys, PyTorch's tensor names and shapes for LSTM layers (the reverse
 * direction included), models that round-trip bit for bit, and other kinds' files refused both ways.
 */
public class SeqCheckpointFormatTest {
  /** The keys {@link SeqCheckpoint}'s class comment documents, plus the file layer's three. */
  static final Set<String> DOCUMENTED_KEYS = Set.of("format", "format_version", "checksum",
      "rnn4j.kind",
      "seq.input", "seq.cell", "seq.layers", "seq.hidden", "seq.char_embedding", "seq.bidirectional",
      "seq.dropout", "seq.word_vocab", "seq.word_embedding", "seq.char_hidden", "seq.char_vocab", "seq.pooling",
      "seq.classes", "seq.tag_column", "seq.word_dropout", "seq.word_init_scale",
      "vocabulary.words", "vocabulary.chars", "labels",
      "training.batch", "training.optimizer", "training.lr", "training.lr_decay", "training.lr_decay_after",
      "training.lr_warmup", "training.lr_anneal", "training.lr_floor", "training.clip_norm",
      "training.max_epochs", "training.max_iterations", "training.max_seconds", "training.seed",
      "training.eval_every", "training.balanced",
      "position.iteration", "position.epoch", "position.batch", "position.train_size", "position.best",
      "position.optimizer_steps",
      "history");

  @TempDir
  static Path dir;

  /** Bidirectional 2-layer LSTM tagger reading words and their characters. */
  static Run tagger;
  /** Bidirectional 2-layer LSTM classifier over words, max-pooled. */
  static Run classifier;
  /** Unidirectional GRU classifier over characters, mean-pooled: the names that are not PyTorch's. */
  static Run charGru;

  record Run(SeqTrainer trainer, Path file, List<Example> batch) {}

  @BeforeAll
  static void trainOnce() {
    SeqTrainerTest.Data t = SeqTrainerTest.tagging();
    tagger = train("tagger", SeqConfig.builder(SeqKind.TAGGER, InputKind.BOTH, t.encoding().wordVocabSize(),
            t.encoding().charVocabSize(), t.encoding().labels().size()).layers(2).hidden(5).wordEmbedding(4)
        .charEmbedding(3).charHidden(2).dropout(0.1f).build(), t, "upos");
    SeqTrainerTest.Data c = SeqTrainerTest.classification(InputKind.WORDS);
    classifier = train("classifier", SeqConfig.builder(SeqKind.CLASSIFIER, InputKind.WORDS,
            c.encoding().wordVocabSize(), c.encoding().charVocabSize(), c.encoding().labels().size()).layers(2)
        .hidden(5).wordEmbedding(4).dropout(0.1f).build(), c, "");
    SeqTrainerTest.Data g = SeqTrainerTest.classification(InputKind.CHARS);
    charGru = train("char-gru", SeqConfig.builder(SeqKind.CLASSIFIER, InputKind.CHARS, 0,
            g.encoding().charVocabSize(), g.encoding().labels().size()).cell(CellType.GRU).layers(1).hidden(5)
        .bidirectional(false).charEmbedding(4).pooling(SequencePooling.Kind.MEAN).build(), g, "");
  }

  private static Run train(String name, SeqConfig config, SeqTrainerTest.Data d, String tagColumn) {
    SeqTrainingConfig tc = new SeqTrainingConfig(16, OptimizerKind.ADAM, LearningRateSchedule.constant(1e-2f), 5f, 1,
        0, 0, 7, 0, false);
    SeqTrainer t = SeqTrainer.create(config, d.encoding(), tagColumn, d.train().subList(0, 48),
        d.dev().subList(0, 16), tc);
    CheckpointWriter writer = new CheckpointWriter(dir.resolve(name));
    t.addListener(writer);
    t.run();
    return new Run(t, writer.last(), d.dev().subList(0, 9));
  }

  /** The one-line refusal of {@code load}, which must name {@code file}. */
  public static String refusal(Path file, ThrowingLoad load) {
    CheckpointException e = assertThrows(CheckpointException.class, load::run);
    String m = e.getMessage();
    assertEquals(-1, m.indexOf('\n'), m);
    assertEquals(-1, m.indexOf('\r'), m);
    assertTrue(m.startsWith(file + ": "), m);
    return m;
  }

  public interface ThrowingLoad {
    void run() throws Exception;
  }

  @Test
  void writesExactlyTheDocumentedMetadataKeys() throws Exception {
    for (Run r : List.of(tagger, classifier, charGru)) {
      SafeTensorsFile f = SafeTensors.readRnn4j(r.file());
      assertEquals(new TreeSet<>(DOCUMENTED_KEYS), new TreeSet<>(f.metadata().keySet()), r.file().toString());
      assertEquals("1.0", f.metadata("format_version"));
    }
    SafeTensorsFile t = SafeTensors.readRnn4j(tagger.file());
    assertEquals("tag", t.metadata("rnn4j.kind"));
    assertEquals("both", t.metadata("seq.input"));
    assertEquals("lstm", t.metadata("seq.cell"));
    assertEquals("true", t.metadata("seq.bidirectional"));
    assertEquals("upos", t.metadata("seq.tag_column"));
    assertTrue(t.metadata("labels").startsWith("[\""), t.metadata("labels"));
    SafeTensorsFile c = SafeTensors.readRnn4j(classifier.file());
    assertEquals("classify", c.metadata("rnn4j.kind"));
    assertEquals("", c.metadata("seq.tag_column"));
    assertEquals("0", c.metadata("seq.char_hidden"));
    assertEquals("[\"neg\",\"pos\"]", c.metadata("labels"));
    SafeTensorsFile g = SafeTensors.readRnn4j(charGru.file());
    assertEquals("", g.metadata("vocabulary.words"), "no word vocabulary without word input");
    assertEquals("0", g.metadata("seq.word_vocab"));
    assertEquals("mean", g.metadata("seq.pooling"));
  }

  @Test
  void anLstmTaggerHasPyTorchsTensorNamesAndShapes() throws Exception {
    SafeTensorsFile f = SafeTensors.readRnn4j(tagger.file());
    SeqConfig c = tagger.trainer().model().config();
    int h = c.hidden();
    int in = c.wordEmbedding() + 2 * c.charHidden();
    for (String dir : new String[] {"", "_reverse"}) {
      assertArrayEquals(new int[] {4 * h, in}, f.tensor("rnn.weight_ih_l0" + dir).shape());
      assertArrayEquals(new int[] {4 * h, h}, f.tensor("rnn.weight_hh_l0" + dir).shape());
      assertArrayEquals(new int[] {4 * h, 2 * h}, f.tensor("rnn.weight_ih_l1" + dir).shape(), "layer 1 reads 2H");
      assertArrayEquals(new int[] {4 * h, h}, f.tensor("rnn.weight_hh_l1" + dir).shape());
      for (int layer = 0; layer < 2; layer++) {
        assertArrayEquals(new int[] {4 * h}, f.tensor("rnn.bias_ih_l" + layer + dir).shape(), "biases are 1-D");
        assertArrayEquals(new int[] {4 * h}, f.tensor("rnn.bias_hh_l" + layer + dir).shape());
        assertZero(f, "rnn.bias_hh_l" + layer + dir);
      }
      int hc = c.charHidden();
      assertArrayEquals(new int[] {4 * hc, c.charEmbedding()}, f.tensor("char_rnn.weight_ih_l0" + dir).shape());
      assertArrayEquals(new int[] {4 * hc, hc}, f.tensor("char_rnn.weight_hh_l0" + dir).shape());
      assertArrayEquals(new int[] {4 * hc}, f.tensor("char_rnn.bias_ih_l0" + dir).shape());
    }
    assertArrayEquals(new int[] {c.wordVocab(), c.wordEmbedding()}, f.tensor("embedding.weight").shape());
    assertArrayEquals(new int[] {c.charVocab(), c.charEmbedding()}, f.tensor("char_embedding.weight").shape());
    assertArrayEquals(new int[] {c.classes(), 2 * h}, f.tensor("classifier.weight").shape());
    assertArrayEquals(new int[] {c.classes()}, f.tensor("classifier.bias").shape());
    assertArrayEquals(new int[] {4}, f.tensor("rng.shuffle").shape());
    assertArrayEquals(new int[] {4}, f.tensor("rng.dropout").shape());
    assertEquals(Tensor.DType.I64, f.tensor("rng.dropout").dtype());
    assertFalse(f.has("rnn.weight_ih_l2"), "two layers, no more");
    assertFalse(f.tensors().stream().anyMatch(t -> t.name().startsWith("rnn4j_")), "an LSTM's names are PyTorch's");
  }

  @Test
  void theCharacterLstmHasPyTorchsSecondBiasToo() throws Exception {
    // char_rnn is an nn.LSTM(bidirectional=True) in PyTorch's terms: load_state_dict needs bias_hh too.
    SafeTensorsFile f = SafeTensors.readRnn4j(tagger.file());
    int hc = tagger.trainer().model().config().charHidden();
    for (String dir : new String[] {"", "_reverse"}) {
      assertArrayEquals(new int[] {4 * hc}, f.tensor("char_rnn.bias_hh_l0" + dir).shape());
      assertZero(f, "char_rnn.bias_hh_l0" + dir);
    }
  }

  @Test
  void aGruClassifierIsNotNamedForPyTorch() throws Exception {
    SafeTensorsFile f = SafeTensors.readRnn4j(charGru.file());
    assertFalse(f.tensors().stream().anyMatch(t -> t.name().startsWith("rnn.")), "the lecture's GRU is not PyTorch's");
    assertArrayEquals(new int[] {15}, f.tensor("rnn4j_gru.bias_ih_l0").shape());
    assertFalse(f.has("rnn4j_gru.bias_hh_l0"));
    assertFalse(f.has("rnn4j_gru.weight_ih_l0_reverse"), "unidirectional");
    assertFalse(f.has("char_embedding.weight"), "a character classifier embeds its characters once");
  }

  @Test
  void eachKindRoundTripsToIdenticalLogits() throws Exception {
    for (Run r : List.of(tagger, classifier, charGru)) {
      SeqKind kind = r.trainer().model().config().kind();
      SeqCheckpoint c = SeqCheckpoint.load(r.file(), kind);
      assertEquals(r.trainer().iteration(), c.iteration(), "the last checkpoint is the end of the run");
      assertEquals(r.trainer().model().config(), c.model().config());
      assertArrayEquals(r.trainer().model().parameters().values().toArray(),
          c.model().parameters().values().toArray(), r.file().toString());
      // the trained model's buffers are laid out for its training batches; another layout may round
      // differently in BLAS, so the logits to match are those of its weights in a fresh model
      SequenceModel same = new SequenceModel(r.trainer().model().config());
      same.parameters().values().copyFrom(r.trainer().model().parameters().values());
      float[] expected = logits(same, r.batch());
      float[] actual = logits(c.model(), r.batch());
      assertTrue(expected.length > 0);
      assertArrayEquals(expected, actual, r.file() + ": logits");
      assertEquals(r.trainer().encoding().labels(), c.encoding().labels());
      assertEquals(r.trainer().encoding().wordsSerial(), c.encoding().wordsSerial());
      assertEquals(r.trainer().encoding().charsSerial(), c.encoding().charsSerial());
      assertEquals(r.trainer().history().size(), c.history().size());
    }
  }

  @Test
  void aClassifierIsNotATaggerNorViceVersa() {
    String m = refusal(classifier.file(), () -> SeqCheckpoint.load(classifier.file(), SeqKind.TAGGER));
    assertTrue(m.contains("'classify'") && m.contains("not a tagger's") && m.contains("rnn4j classify"), m);
    m = refusal(tagger.file(), () -> SeqCheckpoint.load(tagger.file(), SeqKind.CLASSIFIER));
    assertTrue(m.contains("'tag'") && m.contains("not a classifier's") && m.contains("rnn4j tag"), m);
  }

  @Test
  void characterModelAndCaptionCheckpointsAreRefused() throws Exception {
    Path charLm = charLmCheckpoint(dir.resolve("char-lm"));
    Path caption = captionCheckpoint(dir.resolve("caption"));
    for (SeqKind kind : SeqKind.values()) {
      String m = refusal(charLm, () -> SeqCheckpoint.load(charLm, kind));
      assertTrue(m.contains("'char-lm'"), m);
      m = refusal(caption, () -> SeqCheckpoint.load(caption, kind));
      assertTrue(m.contains("'caption'"), m);
    }
  }

  @Test
  void theCharacterModelAndCaptionLoadersRefuseASeqCheckpoint() {
    for (Run r : List.of(tagger, classifier)) {
      String kind = r == tagger ? "tag" : "classify";
      String m = refusal(r.file(), () -> Checkpoint.load(r.file()));
      assertTrue(m.contains("'" + kind + "'") && m.contains("not a character model's"), m);
      m = refusal(r.file(), () -> CaptionCheckpoint.load(r.file()));
      assertTrue(m.contains("'" + kind + "'") && m.contains("not a captioning checkpoint"), m);
    }
  }

  /**
   * The logits of a batch's real rows, example by example (and word by word): the padded rows past the
   * batch depend on the model's buffer high-water mark, not on its weights.
   */
  static float[] logits(SequenceModel model, List<Example> batch) {
    Matrix l = model.logits(batch);
    int rows = model.rows();
    boolean tagger = model.config().kind() == SeqKind.TAGGER;
    List<Float> out = new ArrayList<>();
    for (int b = 0; b < batch.size(); b++) {
      for (int s = 0; s < (tagger ? batch.get(b).length() : 1); s++) {
        int row = tagger ? s * rows + b : b;
        for (int k = 0; k < l.cols(); k++) {
          out.add(l.get(row, k));
        }
      }
    }
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void assertZero(SafeTensorsFile f, String name) throws CheckpointException {
    for (float v : f.floats(name)) {
      assertEquals(0f, v, name + " is PyTorch's second bias, written as zeros");
    }
  }

  /** A tiny character model's checkpoint, trained a few iterations. */
  public static Path charLmCheckpoint(Path runDir) {
    Corpus corpus = Corpus.fromString("the cat is good. the dog is not good. the owl is bad.\n".repeat(3));
    TrainingConfig tc = TrainingConfig.builder().batch(2).steps(8).optimizer(OptimizerKind.ADAM)
        .learningRate(LearningRateSchedule.constant(1e-2f)).valFraction(0.1).evalEvery(2).maxIterations(2).seed(3)
        .sampleEvery(0).sampleLength(0).build();
    Trainer t = Trainer.create(ModelConfig.builder(corpus.vocabulary().size()).cell(CellType.LSTM).hiddenSize(4)
        .layers(1).build(), corpus, tc, 1);
    CheckpointWriter writer = new CheckpointWriter(runDir);
    t.addListener(writer);
    t.run();
    return writer.last();
  }

  /** A tiny captioner's checkpoint: 4 noisy one-hot images, captions of 2 or 3 words. */
  public static Path captionCheckpoint(Path runDir) {
    Rng rng = new Rng(5);
    int n = 12;
    int[][] words = new int[n][];
    int[] image = new int[n];
    float[][] features = new float[n][5];
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(4);
      words[i] = new int[] {4 + c, 8 + c};
      image[i] = i;
      features[i][c] = 1f;
    }
    EncodedCaptions data = new EncodedCaptions(words, image, features);
    CaptionTrainer t = CaptionTrainer.create(CaptionConfig.builder(5, 13).hidden(4).embedding(3).build(),
        "{\"toy\": 13}", data, data, null, CaptionTrainingConfig.builder().batch(6).maxEpochs(1).seed(7).build());
    CheckpointWriter writer = new CheckpointWriter(runDir);
    t.addListener(writer);
    t.run();
    return writer.last();
  }
}
