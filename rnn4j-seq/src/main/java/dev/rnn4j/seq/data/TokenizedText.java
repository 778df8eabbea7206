package dev.rnn4j.seq.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain tokenised text for a tagger to tag: one sentence a line, tokens separated by white space; blank lines
 * are skipped. Nothing is split further: {@code don't} stays one token, so text meant for a UD-trained tagger
 * should be tokenised the treebank's way ({@code do n't}).
 */
public final class TokenizedText {
  private TokenizedText() {}

  /**
   * The sentences of {@code file}, untagged (every tag {@code _}), each with its line as its {@code text}.
   *
   * @throws DataFileException when the file cannot be read, is not UTF-8 (naming the line) or has no tokens
   */
  public static List<TaggedSentence> read(Path file) throws DataFileException {
    List<TaggedSentence> out = new ArrayList<>();
    for (String line : TextLines.read(file)) {
      String stripped = line.strip();
      if (!stripped.isEmpty()) {
        TaggedSentence s = TaggedSentence.untagged(List.of(stripped.split("\\s+")));
        out.add(new TaggedSentence(s.forms(), s.upos(), s.xpos(), null, stripped, List.of()));
      }
    }
    if (out.isEmpty()) {
      throw new DataFileException(file, "no sentences (expected one tokenised sentence a line)");
    }
    return out;
  }
}
