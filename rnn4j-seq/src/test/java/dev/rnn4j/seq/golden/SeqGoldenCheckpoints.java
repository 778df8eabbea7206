package dev.rnn4j.seq.golden;

import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.optim.LearningRateSchedule;
import dev.rnn4j.optim.OptimizerKind;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.InputKind;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqConfig;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import dev.rnn4j.seq.train.SeqTrainer;
import dev.rnn4j.seq.train.SeqTrainingConfig;
import dev.rnn4j.train.CheckpointWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The golden classifier and tagger checkpoints of format 1.0 and how they were made: tiny models trained
 * {@link #EPOCHS} epochs on the fixed sentences below, and what they say of {@link #CLASSIFY_EVAL} / {@link #TAG_EVAL}
 * (the mean loss and every predicted label). The files are committed under
 * {@code src/test/resources/dev/rnn4j/seq/golden/1.0/} and {@link SeqGoldenCheckpointTest} reads them; this
 * class only matters to regenerate them, which a frozen format should never need:
 *
 * <pre>
 *   RNN4J_WRITE_GOLDENS=$PWD/rnn4j-seq/src/test/resources/dev/rnn4j/seq/golden/1.0 \
 *       mvn -pl rnn4j-seq -am test -Dtest=SeqGoldenCheckpointsWriter -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dexcluded.groups=none
 * </pre>
 *
 * <p>{@code <name>.expected}: the loss in nats on its first line, then one line per evaluated example with
 * its predicted label (classifier) or labels (tagger, one per word), space-separated.
 */
final class SeqGoldenCheckpoints {
  static final String RESOURCES = "/dev/rnn4j/seq/golden/1.0/";
  /** Enough for the tiny models to tell most examples apart (labels that differ make a sharper test). */
  static final int EPOCHS = 40;

  /** The golden files, each a {@code .safetensors} and a {@code .expected}. */
  enum Golden {
    /** Words, a bidirectional LSTM, max-pooled. */
    CLASSIFIER("classifier", SeqKind.CLASSIFIER),
    /** Characters, a one-way GRU (the names that are not PyTorch's), mean-pooled. */
    CHAR_CLASSIFIER("char-classifier", SeqKind.CLASSIFIER),
    /** Words and their characters, a bidirectional LSTM. */
    TAGGER("tagger", SeqKind.TAGGER);

    final String file;
    final SeqKind kind;

    Golden(String file, SeqKind kind) {
      this.file = file;
      this.kind = kind;
    }
  }

  static final String[][] CLASSIFY_TRAIN = {
      {"the cat is good", "pos"}, {"the dog is bad", "neg"}, {"the owl is not good", "neg"},
      {"the fox is not bad", "pos"}, {"a bird is good", "pos"}, {"a fish is bad", "neg"},
      {"the dog is not good", "neg"}, {"the cat is not bad", "pos"}, {"a fox is good", "pos"},
      {"the owl is bad", "neg"}, {"a cat is not good", "neg"}, {"a dog is not bad", "pos"},
      {"the bird is good!", "pos"}, {"the fish is not bad", "pos"}, {"a owl is good", "pos"},
      {"a fox is bad", "neg"}};
  /** Unseen words ("hen", "very") and an empty text (one unknown word) among them. */
  static final String[][] CLASSIFY_EVAL = {
      {"the hen is good", "pos"}, {"a dog is not good", "neg"}, {"the cat is very bad", "neg"},
      {"the fish is not bad", "pos"}, {"", "neg"}, {"Good", "pos"}, {"not bad at all", "pos"}};

  static final String[] TAG_TRAIN = {
      "I/PRON want/VERB to/PART run/VERB", "The/DET cat/NOUN runs/VERB", "Cats/NOUN like/VERB 3/NUM fish/NOUN",
      "We/PRON need/VERB to/PART eat/VERB 12/NUM eggs/NOUN", "A/DET dog/NOUN barks/VERB", "Birds/NOUN fly/VERB",
      "I/PRON like/VERB to/PART swim/VERB", "The/DET 2/NUM owls/NOUN sleep/VERB", "Dogs/NOUN want/VERB fish/NOUN",
      "We/PRON run/VERB", "The/DET fox/NOUN wants/VERB to/PART eat/VERB", "7/NUM cats/NOUN"};
  /** Unseen words ("hens", "44", "Bob") among them. */
  static final String[] TAG_EVAL = {
      "I/PRON want/VERB to/PART eat/VERB", "The/DET hens/NOUN run/VERB", "We/PRON like/VERB 44/NUM eggs/NOUN",
      "Bob/NOUN needs/VERB to/PART sleep/VERB"};

  private SeqGoldenCheckpoints() {}

  /** The encoding built from the training part (a checkpoint stores it; this is only for training). */
  static SeqEncoding trainingEncoding(Golden g) {
    if (g.kind == SeqKind.TAGGER) {
      return SeqEncoding.forTagger(column(TAG_TRAIN, 0), column(TAG_TRAIN, 1), InputKind.BOTH, 1);
    }
    InputKind input = g == Golden.CHAR_CLASSIFIER ? InputKind.CHARS : InputKind.WORDS;
    return SeqEncoding.forClassifier(Arrays.stream(CLASSIFY_TRAIN).map(r -> r[0]).toList(),
        Arrays.stream(CLASSIFY_TRAIN).map(r -> r[1]).toList(), input, 1);
  }

  static SeqConfig config(Golden g, SeqEncoding e) {
    return switch (g) {
      case CLASSIFIER -> SeqConfig.builder(SeqKind.CLASSIFIER, InputKind.WORDS, e.wordVocabSize(), e.charVocabSize(),
          e.labels().size()).layers(1).hidden(4).wordEmbedding(4).charEmbedding(1).dropout(0.1f).build();
      case CHAR_CLASSIFIER -> SeqConfig.builder(SeqKind.CLASSIFIER, InputKind.CHARS, 0, e.charVocabSize(),
          e.labels().size()).cell(CellType.GRU).layers(1).hidden(4).bidirectional(false).charEmbedding(3)
          .pooling(SequencePooling.Kind.MEAN).dropout(0f).build();
      case TAGGER -> SeqConfig.builder(SeqKind.TAGGER, InputKind.BOTH, e.wordVocabSize(), e.charVocabSize(),
          e.labels().size()).layers(1).hidden(4).wordEmbedding(3).charEmbedding(3).charHidden(2).dropout(0.1f)
          .build();
    };
  }

  /** The evaluation examples, encoded by the checkpoint's own encoding. */
  static List<Example> evalExamples(Golden g, SeqEncoding e) {
    List<Example> out = new ArrayList<>();
    if (g.kind == SeqKind.TAGGER) {
      List<List<String>> words = column(TAG_EVAL, 0);
      List<List<String>> tags = column(TAG_EVAL, 1);
      for (int i = 0; i < words.size(); i++) {
        out.add(e.taggerExample(words.get(i), tags.get(i)));
      }
    } else {
      for (String[] r : CLASSIFY_EVAL) {
        out.add(e.classifierExample(r[0], r[1]));
      }
    }
    return out;
  }

  private static List<Example> trainExamples(Golden g, SeqEncoding e) {
    List<Example> out = new ArrayList<>();
    if (g.kind == SeqKind.TAGGER) {
      List<List<String>> words = column(TAG_TRAIN, 0);
      List<List<String>> tags = column(TAG_TRAIN, 1);
      for (int i = 0; i < words.size(); i++) {
        out.add(e.taggerExample(words.get(i), tags.get(i)));
      }
    } else {
      for (String[] r : CLASSIFY_TRAIN) {
        out.add(e.classifierExample(r[0], r[1]));
      }
    }
    return out;
  }

  /** "word/TAG word/TAG" sentences: the words ({@code part} 0) or the tags (1). */
  private static List<List<String>> column(String[] sentences, int part) {
    List<List<String>> out = new ArrayList<>();
    for (String s : sentences) {
      List<String> col = new ArrayList<>();
      for (String w : s.split(" ")) {
        col.add(w.split("/")[part]);
      }
      out.add(col);
    }
    return out;
  }

  /** Trains one tiny model and writes {@code <name>.safetensors} and {@code <name>.expected} into {@code dir}. */
  static void write(Golden g, Path dir) throws IOException {
    SeqEncoding e = trainingEncoding(g);
    List<Example> train = trainExamples(g, e);
    // One optimizer each, so that each one's state tensors are in some golden file.
    OptimizerKind opt = switch (g) {
      case CLASSIFIER -> OptimizerKind.ADAM;
      case CHAR_CLASSIFIER -> OptimizerKind.ADAGRAD;
      case TAGGER -> OptimizerKind.RMSPROP;
    };
    float lr = opt == OptimizerKind.ADAGRAD ? 1e-1f : 2e-2f;
    SeqTrainingConfig tc = new SeqTrainingConfig(4, opt, LearningRateSchedule.constant(lr), 5f, EPOCHS, 0, 0, 11, 0,
        false);
    SeqTrainer t = SeqTrainer.create(config(g, e), e, g.kind == SeqKind.TAGGER ? "upos" : "", train,
        evalExamples(g, e), tc);
    Path run = Files.createTempDirectory("golden-" + g.file);
    CheckpointWriter writer = new CheckpointWriter(run);
    t.addListener(writer);
    t.run();
    Path file = dir.resolve(g.file + ".safetensors");
    Files.copy(writer.last(), file, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve(g.file + ".expected"), expected(SeqCheckpoint.load(file, g.kind), g),
        StandardCharsets.UTF_8);
  }

  /** What a golden checkpoint says of its evaluation examples, in the {@code .expected} form. */
  static String expected(SeqCheckpoint c, Golden g) {
    Predictor.Result r = evaluate(c, g);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.9f%n", r.loss()));
    for (int[] labels : r.labels()) {
      sb.append(String.join(" ", Arrays.stream(labels).mapToObj(c.encoding()::label).toList())).append('\n');
    }
    return sb.toString();
  }

  /** The golden model run over its evaluation examples, in batches of 3 (so some are padded). */
  static Predictor.Result evaluate(SeqCheckpoint c, Golden g) {
    return new Predictor(c.model(), 3).run(evalExamples(g, c.encoding()));
  }
}
