package dev.rnn4j.seq.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.seq.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConllUTest {
  @TempDir
  Path dir;

  private static String word(String id, String form, String upos, String xpos) {
    return String.join("\t", id, form, form.toLowerCase(), upos, xpos, "_", "0", "root", "_", "_") + "\n";
  }

  private static String mwt(String range, String form) {
    return range + "\t" + form + "\t_\t_\t_\t_\t_\t_\t_\t_\n";
  }

  private Path file(String text) throws IOException {
    Path f = dir.resolve("in.conllu");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  /** The message of reading {@code text}, which must be refused. */
  private String refusal(String text) throws IOException {
    Path f = file(text);
    DataFileException e = assertThrows(DataFileException.class, () -> ConllU.read(f));
    assertEquals(f, e.file());
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void readsWordsTagsAndComments() throws IOException {
    List<TaggedSentence> s = ConllU.read(file("# newdoc id = d1\n# sent_id = s1\n# text = Dogs bark.\n"
        + word("1", "Dogs", "NOUN", "NNS") + word("2", "bark", "VERB", "VBP") + word("3", ".", "PUNCT", ".")
        + "\n" + word("1", "Hi", "INTJ", "_") + "\n"));
    assertEquals(2, s.size());
    assertEquals(List.of("Dogs", "bark", "."), s.get(0).forms());
    assertEquals(List.of("NOUN", "VERB", "PUNCT"), s.get(0).upos());
    assertEquals(List.of("NNS", "VBP", "."), s.get(0).xpos());
    assertEquals("s1", s.get(0).sentId());
    assertEquals("Dogs bark.", s.get(0).text());
    assertNull(s.get(1).sentId());
    assertNull(s.get(1).text());
    assertEquals(List.of("_"), s.get(1).xpos());
  }

  @Test
  void multiwordTokensAreNotWordsButAreKept() throws IOException {
    List<TaggedSentence> s = ConllU.read(file(mwt("1-2", "didn't") + word("1", "did", "AUX", "VBD")
        + word("2", "n't", "PART", "RB") + word("3", "go", "VERB", "VB") + "\n"));
    assertEquals(List.of("did", "n't", "go"), s.get(0).forms());
    assertEquals(List.of("AUX", "PART", "VERB"), s.get(0).upos());
    assertEquals(List.of(new MultiwordToken(1, 2, "didn't")), s.get(0).multiwordTokens());
  }

  @Test
  void emptyNodesAreSkipped() throws IOException {
    List<TaggedSentence> s = ConllU.read(file(word("1", "I", "PRON", "PRP") + word("2", "ran", "VERB", "VBD")
        + "2.1\tran\trun\tVERB\tVBD\t_\t_\t_\t0:root\t_\n" + word("3", "fast", "ADV", "RB") + "\n"));
    assertEquals(List.of("I", "ran", "fast"), s.get(0).forms());
  }

  @Test
  void missingFinalBlankLineAndCrlfAreFine() throws IOException {
    String text = "# sent_id = a\n" + word("1", "Yes", "INTJ", "UH") + "\n" + word("1", "No", "INTJ", "UH");
    assertEquals(2, ConllU.read(file(text)).size());
    List<TaggedSentence> crlf = ConllU.read(file(text.replace("\n", "\r\n")));
    assertEquals(List.of("No"), crlf.get(1).forms());
    assertEquals(List.of("UH"), crlf.get(1).xpos());
  }

  @Test
  void severalBlankLinesAndCommentOnlyBlocksAreNotSentences() throws IOException {
    assertEquals(1, ConllU.read(file("\n\n# newdoc\n\n" + word("1", "Hi", "INTJ", "UH") + "\n\n\n")).size());
  }

  @Test
  void malformedLinesAreRefusedWithFileAndLineNumber() throws IOException {
    Path f = dir.resolve("in.conllu");
    String ok = "# text = a b\n" + word("1", "a", "X", "_");
    assertEquals(f + ":3: expected 10 tab-separated columns, found 3", refusal(ok + "2\tb\tX\n"));
    assertEquals(f + ":3: expected 10 tab-separated columns, found 1", refusal(ok + "2 b b X _ _ 0 root _ _\n"));
    assertEquals(f + ":3: ID 'two' is not a word number (3), a multi-word range (3-4) or an empty node (3.1)",
        refusal(ok + word("two", "b", "X", "_")));
    assertEquals(f + ":3: word ID 3 out of sequence (expected 2)", refusal(ok + word("3", "b", "X", "_")));
    assertEquals(f + ":2: word ID 0 out of sequence (expected 1)", refusal("\n" + word("0", "b", "X", "_")));
    assertEquals(f + ":3: empty UPOS column (write _ for none)", refusal(ok + word("2", "b", "", "_")));
    assertEquals(f + ":3: multi-word token 3-4 out of sequence (expected a range starting at word 2)",
        refusal(ok + mwt("3-4", "bc")));
    assertEquals(f + ":3: multi-word token 2-2 out of sequence (expected a range starting at word 2)",
        refusal(ok + mwt("2-2", "b")));
    assertEquals(f + ":3: multi-word token 2-3 runs past the sentence's last word 2",
        refusal(ok + mwt("2-3", "bc") + word("2", "b", "X", "_") + "\n"));
    assertEquals(f + ":3: empty node 5.1 out of sequence (expected 1.N after word 1)",
        refusal(ok + "5.1\tb\tb\tX\t_\t_\t_\t_\t_\t_\n"));
    assertEquals(f + ":3: comment inside a sentence (a blank line must end the sentence before it)",
        refusal(ok + "# sent_id = 2\n" + word("1", "b", "X", "_")));
    // A missing blank line between sentences shows up as an ID out of sequence.
    assertEquals(f + ":3: word ID 1 out of sequence (expected 2)", refusal(ok + word("1", "b", "X", "_")));
  }

  @Test
  void emptyOrCommentOnlyFileIsRefused() throws IOException {
    Path f = dir.resolve("in.conllu");
    assertEquals(f + ": no sentences (expected CoNLL-U word lines)", refusal(""));
    assertEquals(f + ": no sentences (expected CoNLL-U word lines)", refusal("# just a comment\n\n"));
  }

  @Test
  void invalidUtf8IsRefusedOnItsLine() throws IOException {
    Path f = dir.resolve("bad.conllu");
    byte[] head = word("1", "a", "X", "_").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'2', '\t', (byte) 0xC3, '(', '\n'};
    byte[] all = new byte[head.length + bad.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Files.write(f, all);
    DataFileException e = assertThrows(DataFileException.class, () -> ConllU.read(f));
    assertEquals(f + ":2: not valid UTF-8", e.getMessage());
    Path missing = dir.resolve("missing.conllu");
    assertEquals(missing + ": no such file",
        assertThrows(DataFileException.class, () -> ConllU.read(missing)).getMessage());
  }

  @Test
  void writesPredictedTagsAsConllU() {
    TaggedSentence s = new TaggedSentence(List.of("did", "n't", "go"), List.of("AUX", "PART", "VERB"),
        List.of("VBD", "RB", "_"), "s9", null, List.of(new MultiwordToken(1, 2, "didn't")));
    assertEquals("# sent_id = s9\n# text = didn't go\n"
        + "1-2\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
        + "1\tdid\t_\tAUX\tVBD\t_\t_\t_\t_\t_\n"
        + "2\tn't\t_\tPART\tRB\t_\t_\t_\t_\t_\n"
        + "3\tgo\t_\tVERB\t_\t_\t_\t_\t_\t_\n\n", ConllU.format(s));
    TaggedSentence bad = TaggedSentence.untagged(List.of("a\tb"));
    assertThrows(IllegalArgumentException.class, () -> ConllU.format(bad));
  }

  @Test
  void writtenFileReadsBackTheSame() throws IOException {
    List<TaggedSentence> in = ConllU.read(file("# sent_id = x\n# text = Today's news\n" + mwt("1-2", "Today's")
        + word("1", "Today", "NOUN", "NN") + word("2", "'s", "PART", "POS") + word("3", "news", "NOUN", "NN")
        + "\n" + word("1", "Hi", "INTJ", "UH")));
    Path out = dir.resolve("out.conllu");
    ConllU.write(out, in);
    List<TaggedSentence> back = ConllU.read(out);
    assertEquals(in.get(0), back.get(0));
    // The second sentence had no text comment; the writer made one from its words.
    assertEquals(in.get(1).forms(), back.get(1).forms());
    assertEquals(in.get(1).upos(), back.get(1).upos());
    assertEquals("Hi", back.get(1).text());
  }

  @Test
  void tokenizedTextReadsOneSentenceALine() throws IOException {
    Path f = dir.resolve("plain.txt");
    Files.writeString(f, "The dog  barks .\n\n  I do n't\tknow\n");
    List<TaggedSentence> s = TokenizedText.read(f);
    assertEquals(2, s.size());
    assertEquals(List.of("The", "dog", "barks", "."), s.get(0).forms());
    assertEquals(List.of("_", "_", "_", "_"), s.get(0).upos());
    assertEquals(List.of("I", "do", "n't", "know"), s.get(1).forms());
    assertEquals("I do n't\tknow", s.get(1).text());
    Files.writeString(f, "\n  \n");
    assertEquals(f + ": no sentences (expected one tokenised sentence a line)",
        assertThrows(DataFileException.class, () -> TokenizedText.read(f)).getMessage());
  }

  @Test
  void readsTheEnglishWebTreebankDevSet() throws IOException {
    Path dev = SharedData.require("ud-english-ewt/en_ewt-ud-dev.first300.conllu");
    List<TaggedSentence> s = ConllU.read(dev);
    // Counted by a separate script over the ID column: 300 sentences, 5,708 word lines, 83 multi-word token
    // lines (and 1 empty node, skipped). The whole dev file has 2,001, 25,147, 359 and 4.
    assertEquals(300, s.size());
    assertEquals(5708, s.stream().mapToInt(TaggedSentence::size).sum());
    assertEquals(83, s.stream().mapToInt(t -> t.multiwordTokens().size()).sum());
    assertEquals(17, s.stream().flatMap(t -> t.upos().stream()).distinct().count());
    TaggedSentence first = s.get(0);
    assertEquals("weblog-blogspot.com_nominations_20041117172713_ENG_20041117_172713-0001", first.sentId());
    assertEquals("From the AP comes this story :", first.text());
    assertEquals(List.of("From", "the", "AP", "comes", "this", "story", ":"), first.forms());
    assertEquals(List.of("ADP", "DET", "PROPN", "VERB", "DET", "NOUN", "PUNCT"), first.upos());
  }
}
