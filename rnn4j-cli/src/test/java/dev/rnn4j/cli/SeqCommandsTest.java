package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code classify} and {@code tag} end to end on tiny data (train, eval, predict, cv), and every bad input
 * a one-line refusal.
 */
class SeqCommandsTest {
  static final String[] TINY = {"--layers", "1", "--hidden", "8", "--word-embedding", "8", "--char-embedding", "4",
      "--char-hidden", "4", "--batch", "8", "--threads", "1", "--min-count", "1"};

  @TempDir
  static Path dir;
  static Path tsv;
  static Path conllu;
  static Path classifier;
  static Path tagger;

  @BeforeAll
  static void trainBoth() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      lines.add((i % 2 == 0 ? "a fine good film " : "a dull bad film ") + i + "\t" + (i % 2 == 0 ? "pos" : "neg"));
    }
    tsv = Files.write(dir.resolve("train.tsv"), lines);
    StringBuilder c = new StringBuilder();
    for (int s = 0; s < 30; s++) {
      c.append("# sent_id = s").append(s).append('\n');
      c.append("1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n");
      c.append("2\t").append(s % 2 == 0 ? "cat" : "dog").append("\t_\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n");
      c.append("3\truns\trun\tVERB\tVBZ\t_\t0\troot\t_\t_\n");
      c.append("4\t").append(s).append("\t_\tNUM\tCD\t_\t3\tobj\t_\t_\n\n");
    }
    conllu = Files.writeString(dir.resolve("train.conllu"), c);
    Cli.Result r = Cli.run(args("classify", "train", tsv.toString(), "--epochs", "3", "--out",
        dir.resolve("cls").toString()));
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("dev accuracy"), r::toString);
    classifier = dir.resolve("cls/best.safetensors");
    r = Cli.run(args("tag", "train", conllu.toString(), "--dev", conllu.toString(), "--epochs", "3", "--out",
        dir.resolve("tag").toString()));
    assertEquals(0, r.status(), r::toString);
    tagger = dir.resolve("tag/best.safetensors");
  }

  static String[] args(String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(TINY));
    return all.toArray(new String[0]);
  }

  @Test
  void classifyEvalReportsAccuracyAndTheConfusionMatrix() {
    Cli.Result r = Cli.run("classify", "eval", classifier.toString(), tsv.toString(), "--errors", "5");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("accuracy") && r.out().contains("macro-F1") && r.out().contains("gold \\ predicted"),
        r::toString);
    assertTrue(r.out().contains("misclassified: "), r::toString);
  }

  @Test
  void classifyPredictPrintsALabelAndProbabilityPerLine() throws Exception {
    Path in = Files.writeString(dir.resolve("in.txt"), "a good film\n\na bad film\n");
    Cli.Result r = Cli.run("classify", "predict", classifier.toString(), in.toString());
    assertEquals(0, r.status(), r::toString);
    List<String> out = r.out().lines().toList();
    assertEquals(3, out.size(), r::toString);
    assertTrue(out.get(0).matches("(pos|neg)\t0\\.\\d{4}|(pos|neg)\t1\\.0000"), r::toString);
    assertEquals("", out.get(1));
  }

  @Test
  void crossValidationComparesWithTheBagOfWords() {
    Cli.Result r = Cli.run(args("classify", "cv", tsv.toString(), "--folds", "2", "--epochs", "1"));
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("fold 2/2") && r.out().contains("2-fold accuracy: rnn")
        && r.out().contains("bag-of-words"), r::toString);
  }

  @Test
  void tagEvalAndPredict() throws Exception {
    Cli.Result r = Cli.run("tag", "eval", tagger.toString(), conllu.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("token accuracy") && r.out().contains("NOUN"), r::toString);
    Path in = Files.writeString(dir.resolve("tokens.txt"), "the cat runs 7\n", StandardCharsets.UTF_8);
    r = Cli.run("tag", "predict", tagger.toString(), in.toString());
    assertEquals(0, r.status(), r::toString);
    List<String> words = r.out().lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertEquals(4, words.size(), r::toString);
    assertTrue(words.get(0).startsWith("1\tthe\t_\t"), r::toString);
    assertEquals(10, words.get(2).split("\t", -1).length, r::toString);
  }

  @Test
  void aTaggerResumesFromItsCheckpoint() {
    Cli.Result r = Cli.run("tag", "train", conllu.toString(), "--dev", conllu.toString(), "--resume",
        dir.resolve("tag/last.safetensors").toString(), "--epochs", "4", "--out", dir.resolve("tag-resumed").toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("epoch 4.00"), r::toString);
    Cli.assertRefused(Cli.run("tag", "train", conllu.toString(), "--resume", dir.resolve("tag/last.safetensors").toString(),
        "--hidden", "16"), 1, "--resume");
  }

  @Test
  void badInputIsOneLine() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.tsv"), "");
    Cli.assertRefused(Cli.run(args("classify", "train", empty.toString())), 1, "empty.tsv");
    Path noLabel = Files.writeString(dir.resolve("nolabel.tsv"), "good film\tpos\njust text\n");
    Cli.assertRefused(Cli.run(args("classify", "train", noLabel.toString())), 1, "nolabel.tsv", "2");
    Path oneClass = Files.writeString(dir.resolve("one.tsv"), "a\tx\nb\tx\nc\tx\n");
    Cli.assertRefused(Cli.run(args("classify", "train", oneClass.toString(), "--dev-frac", "0")), 1, "label");
    Path unseen = Files.writeString(dir.resolve("unseen.conllu"),
        "1\tthe\t_\tDET\tDT\t_\t0\troot\t_\t_\n2\tend\t_\tINTJ\tUH\t_\t1\tdep\t_\t_\n\n");
    Cli.assertRefused(Cli.run(args("tag", "train", conllu.toString(), "--dev", unseen.toString())), 1,
        "unseen.conllu", "INTJ");
    Cli.assertRefused(Cli.run("tag", "eval", tagger.toString(), unseen.toString()), 1, "INTJ");
    Path malformed = Files.writeString(dir.resolve("bad.conllu"), "# c\n1\tthe\t_\tDET\n");
    Cli.assertRefused(Cli.run(args("tag", "train", malformed.toString())), 1, "bad.conllu", "2");
    Cli.assertRefused(Cli.run("tag", "eval", classifier.toString(), conllu.toString()), 1, "classify");
    Cli.assertRefused(Cli.run("classify", "predict", tagger.toString(), tsv.toString()), 1, "tag");
    Cli.assertRefused(Cli.run("classify", "eval", classifier.toString(), dir.resolve("missing.tsv").toString()), 1,
        "missing.tsv");
    Cli.assertRefused(Cli.run("tag", "predict", tagger.toString(), dir.resolve("missing.txt").toString()), 1,
        "missing.txt");
    Cli.assertRefused(Cli.run(args("classify", "train", tsv.toString(), "--format", "csv")), 1, "csv");
    Cli.assertRefused(Cli.run(args("classify", "train", tsv.toString(), "--pooling", "sum")), 1, "sum");
  }
}
