package dev.rnn4j.seq.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.seq.SharedData;
import dev.rnn4j.seq.data.ClassificationData.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationDataTest {
  @TempDir
  Path dir;

  private Path file(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private static String refusal(Format format, Path path) {
    DataFileException e = assertThrows(DataFileException.class, () -> ClassificationData.read(format, path));
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void tsvLabelIsTheLastFieldAndQuotesAreText() throws IOException {
    Path f = file("a.tsv", "Great \"value\", works.  \t1\n\n  \nhas\ta tab\tneg\r\nso-so\t 0 \n");
    ClassificationData d = ClassificationData.read(Format.TSV, f);
    assertEquals(List.of(new LabelledText("Great \"value\", works.", "1"), new LabelledText("has\ta tab", "neg"),
        new LabelledText("so-so", "0")), d.examples());
    assertEquals(List.of("0", "1", "neg"), d.labels());
  }

  @Test
  void severalFilesAreReadInTheOrderGiven() throws IOException {
    Path a = file("a.tsv", "one\tx\n");
    Path b = file("b.tsv", "two\ty\n");
    assertEquals(List.of("two", "one"),
        ClassificationData.read(Format.TSV, List.of(b, a)).examples().stream().map(LabelledText::text).toList());
  }

  @Test
  void tsvBadInputIsRefusedWithFileAndLine() throws IOException {
    Path f = file("a.tsv", "fine\t1\nno label here\n");
    assertEquals(f + ":2: no label column (expected text<TAB>label)", refusal(Format.TSV, f));
    file("a.tsv", "fine\t1\nempty label\t \n");
    assertEquals(f + ":2: empty label", refusal(Format.TSV, f));
    file("a.tsv", "\t1\n");
    assertEquals(f + ":1: empty text", refusal(Format.TSV, f));
  }

  @Test
  void emptyFilesAreRefused() throws IOException {
    Path f = file("empty.tsv", "");
    assertEquals(f + ": no examples", refusal(Format.TSV, f));
    file("empty.tsv", "\n  \n\t\n".replace("\t", " "));
    assertEquals(f + ": no examples", refusal(Format.TSV, f));
    assertEquals(f + ": no examples", refusal(Format.FASTTEXT, f));
    Path good = file("good.tsv", "x\t1\n");
    DataFileException e = assertThrows(DataFileException.class,
        () -> ClassificationData.read(Format.TSV, good, f));
    assertEquals(f + ": no examples", e.getMessage());
  }

  @Test
  void missingFilesFoldersAndBadUtf8AreRefused() throws IOException {
    Path missing = dir.resolve("missing.tsv");
    assertEquals(missing + ": no such file", refusal(Format.TSV, missing));
    assertEquals(dir + ": is a directory, not a text file", refusal(Format.TSV, dir));
    Path bad = dir.resolve("bad.tsv");
    Files.write(bad, new byte[] {'o', 'k', '\t', '1', '\n', 'b', (byte) 0xFF, '\t', '0', '\n'});
    assertEquals(bad + ":2: not valid UTF-8", refusal(Format.TSV, bad));
  }

  @Test
  void sentencesKeepNextLineCharacters() throws IOException {
    // The UCI IMDB file has a U+0085 inside a sentence; only LF ends a line.
    Path f = file("nel.tsv", "a\u0085b\t1\n");
    assertEquals("a\u0085b", ClassificationData.read(Format.TSV, f).examples().get(0).text());
  }

  @Test
  void fastTextTakesTheFirstLabelToken() throws IOException {
    Path f = file("a.ft", "__label__pos I loved it\nIt was __label__neg  awful __label__other\n\n");
    assertEquals(List.of(new LabelledText("I loved it", "pos"), new LabelledText("It was awful", "neg")),
        ClassificationData.read(Format.FASTTEXT, f).examples());
    file("a.ft", "__label__pos fine\nno label at all\n");
    assertEquals(f + ":2: no label (expected __label__<label> text)", refusal(Format.FASTTEXT, f));
    file("a.ft", "__label__ text\n");
    assertEquals(f + ":1: empty label", refusal(Format.FASTTEXT, f));
    file("a.ft", "__label__x\n");
    assertEquals(f + ":1: empty text", refusal(Format.FASTTEXT, f));
  }

  @Test
  void dirHasOneFolderPerClassReadInNameOrder() throws IOException {
    Path root = dir.resolve("data");
    file("data/pos/b.txt", "good\n\nfine\n");
    file("data/pos/a.txt", "great\n");
    file("data/neg/x.txt", "bad\n");
    file("data/neg/.hidden.txt", "ignored\n");
    file("data/.git/config", "ignored\n");
    file("data/README.txt", "ignored: not in a class folder\n");
    Files.createDirectories(root.resolve("neg/nested"));
    ClassificationData d = ClassificationData.read(Format.DIR, root);
    assertEquals(List.of(new LabelledText("bad", "neg"), new LabelledText("great", "pos"),
        new LabelledText("good", "pos"), new LabelledText("fine", "pos")), d.examples());
    assertEquals(List.of("neg", "pos"), d.labels());
  }

  @Test
  void dirBadInputIsRefused() throws IOException {
    Path root = Files.createDirectories(dir.resolve("data"));
    assertEquals(root + ": no examples (expected one sub-folder per class, holding text files)",
        refusal(Format.DIR, root));
    file("data/flat.txt", "a text not in a class folder\n");
    assertEquals(root + ": no examples (expected one sub-folder per class, holding text files)",
        refusal(Format.DIR, root));
    file("data/pos/a.txt", "good\n");
    Path neg = Files.createDirectories(root.resolve("neg"));
    file("data/neg/empty.txt", "\n");
    assertEquals(neg + ": no examples", refusal(Format.DIR, root));
    Path flat = root.resolve("flat.txt");
    assertEquals(flat + ": is a file; the dir format wants a folder with one sub-folder per class",
        refusal(Format.DIR, flat));
    Path missing = dir.resolve("nowhere");
    assertEquals(missing + ": no such folder", refusal(Format.DIR, missing));
  }

  @Test
  void formatNamesParse() {
    assertEquals(Format.TSV, Format.parse("tsv"));
    assertEquals(Format.FASTTEXT, Format.parse("FastText"));
    assertEquals(Format.DIR, Format.parse(" dir "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.parse("csv"));
    assertEquals("unknown data format 'csv' (expected tsv, fasttext or dir)", e.getMessage());
  }

  @Test
  void readsTheUciSentimentSet() throws IOException {
    Path d = SharedData.require("sentiment");
    ClassificationData data = ClassificationData.read(Format.TSV, d.resolve("amazon_cells_labelled.txt"),
        d.resolve("imdb_labelled.txt"), d.resolve("yelp_labelled.txt"));
    assertEquals(3000, data.size());
    assertEquals(List.of("0", "1"), data.labels());
    assertEquals(1500, data.examples().stream().filter(e -> e.label().equals("1")).count());
    assertEquals("So there is no way for me to plug it in here in the US unless I go by a converter.",
        data.examples().get(0).text());
  }
}
