package dev.rnn4j.seq.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes CoNLL-U (universaldependencies.org/format.html) for tagging: each word line has ten
 * tab-separated columns {@code ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC}; lines starting with
 * {@code #} are comments; a blank line ends a sentence (a missing final one is fine). Only FORM, UPOS and XPOS
 * and the {@code sent_id} and {@code text} comments are kept.
 *
 * <p>Three kinds of ID: a syntactic word ({@code 3}, numbered 1, 2, 3, ... in each sentence), which carries
 * the tags; a multi-word token ({@code 3-4}, e.g. {@code didn't} over {@code did n't}), kept only to be
 * written back; and an empty node of enhanced dependencies ({@code 5.1}), skipped. Any other line, a wrong
 * column count, an empty column or an ID out of sequence is refused with its file and line number.
 */
public final class ConllU {
  private static final int COLUMNS = 10;
  private static final String[] COLUMN_NAMES =
      {"ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC"};
  private static final Pattern WORD_ID = Pattern.compile("[0-9]{1,9}");
  private static final Pattern RANGE_ID = Pattern.compile("([0-9]{1,9})-([0-9]{1,9})");
  private static final Pattern EMPTY_NODE_ID = Pattern.compile("([0-9]{1,9})\\.[0-9]{1,9}");
  private static final Pattern COMMENT = Pattern.compile("#\\s*(sent_id|text)\\s*=\\s?(.*)");

  private ConllU() {}

  /**
   * The sentences of a CoNLL-U file, in file order.
   *
   * @throws DataFileException naming the file and line of the first malformed line, or the file when it holds
   *     no sentence
   */
  public static List<TaggedSentence> read(Path file) throws DataFileException {
    List<String> lines = TextLines.read(file);
    List<TaggedSentence> sentences = new ArrayList<>();
    Sentence s = new Sentence();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int number = i + 1;
      if (line.isBlank()) {
        if (!s.forms.isEmpty()) {
          sentences.add(s.finish(file));
        }
        // A comment block without words (e.g. a stray "# newdoc") describes nothing; it is dropped.
        s = new Sentence();
      } else if (line.startsWith("#")) {
        if (!s.forms.isEmpty()) {
          throw new DataFileException(file, number, "comment inside a sentence (a blank line must end the "
              + "sentence before it)");
        }
        s.comment(line);
      } else {
        s.word(file, number, line);
      }
    }
    if (!s.forms.isEmpty()) {
      sentences.add(s.finish(file));
    }
    if (sentences.isEmpty()) {
      throw new DataFileException(file, "no sentences (expected CoNLL-U word lines)");
    }
    return sentences;
  }

  /** Writes {@code sentences} as CoNLL-U (see {@link #format}), replacing {@code file}. */
  public static void write(Path file, List<TaggedSentence> sentences) throws IOException {
    StringBuilder out = new StringBuilder();
    sentences.forEach(s -> out.append(format(s)));
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  /**
   * One sentence as CoNLL-U, ending in its blank line: the {@code # sent_id} comment when known, a
   * {@code # text} comment (the sentence's own text, or its tokens joined by spaces), the multi-word token
   * lines, and for each word {@code ID FORM _ UPOS XPOS _ _ _ _ _}.
   *
   * @throws IllegalArgumentException when a form holds a tab or line break, which the format cannot carry
   */
  public static String format(TaggedSentence s) {
    StringBuilder out = new StringBuilder();
    if (s.sentId() != null) {
      out.append("# sent_id = ").append(oneLine(s.sentId())).append('\n');
    }
    out.append("# text = ").append(oneLine(s.text() != null ? s.text() : surface(s))).append('\n');
    int nextToken = 0;
    for (int w = 1; w <= s.size(); w++) {
      List<MultiwordToken> tokens = s.multiwordTokens();
      if (nextToken < tokens.size() && tokens.get(nextToken).first() == w) {
        MultiwordToken m = tokens.get(nextToken++);
        out.append(m.first()).append('-').append(m.last()).append('\t').append(field(m.form()))
            .append("\t_\t_\t_\t_\t_\t_\t_\t_\n");
      }
      out.append(w).append('\t').append(field(s.forms().get(w - 1))).append("\t_\t")
          .append(field(s.upos().get(w - 1))).append('\t').append(field(s.xpos().get(w - 1)))
          .append("\t_\t_\t_\t_\t_\n");
    }
    return out.append('\n').toString();
  }

  /** The sentence's tokens as written: a multi-word token's form in place of its words. */
  private static String surface(TaggedSentence s) {
    List<String> tokens = new ArrayList<>();
    int m = 0;
    for (int w = 1; w <= s.size(); w++) {
      if (m < s.multiwordTokens().size() && s.multiwordTokens().get(m).first() == w) {
        tokens.add(s.multiwordTokens().get(m).form());
        w = s.multiwordTokens().get(m++).last();
      } else {
        tokens.add(s.forms().get(w - 1));
      }
    }
    return String.join(" ", tokens);
  }

  private static String field(String value) {
    if (value == null || value.isEmpty()) {
      return TaggedSentence.NO_TAG;
    }
    if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("CoNLL-U cannot hold a field with a tab or line break: '"
          + value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "'");
    }
    return value;
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }

  /** The sentence being read: words so far, its comments, its multi-word tokens and where each began. */
  private static final class Sentence {
    final List<String> forms = new ArrayList<>();
    final List<String> upos = new ArrayList<>();
    final List<String> xpos = new ArrayList<>();
    final List<MultiwordToken> tokens = new ArrayList<>();
    final List<Integer> tokenLines = new ArrayList<>();
    String sentId;
    String text;

    void comment(String line) {
      Matcher m = COMMENT.matcher(line);
      if (m.matches()) {
        if (m.group(1).equals("sent_id")) {
          sentId = m.group(2).strip();
        } else {
          text = m.group(2);
        }
      }
    }

    void word(Path file, int line, String text) throws DataFileException {
      String[] col = text.split("\t", -1);
      if (col.length != COLUMNS) {
        throw new DataFileException(file, line, "expected " + COLUMNS + " tab-separated columns, found "
            + col.length);
      }
      for (int c = 0; c < COLUMNS; c++) {
        if (col[c].isEmpty()) {
          throw new DataFileException(file, line, "empty " + COLUMN_NAMES[c] + " column (write _ for none)");
        }
      }
      int expected = forms.size() + 1;
      Matcher range = RANGE_ID.matcher(col[0]);
      Matcher empty = EMPTY_NODE_ID.matcher(col[0]);
      if (WORD_ID.matcher(col[0]).matches()) {
        if (Integer.parseInt(col[0]) != expected) {
          throw new DataFileException(file, line, "word ID " + col[0] + " out of sequence (expected " + expected
              + ")");
        }
        forms.add(col[1]);
        upos.add(col[3]);
        xpos.add(col[4]);
      } else if (range.matches()) {
        int first = Integer.parseInt(range.group(1));
        int last = Integer.parseInt(range.group(2));
        int coveredUpTo = tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).last();
        if (first != expected || last <= first || coveredUpTo >= first) {
          throw new DataFileException(file, line, "multi-word token " + col[0] + " out of sequence (expected "
              + "a range starting at word " + expected + ")");
        }
        tokens.add(new MultiwordToken(first, last, col[1]));
        tokenLines.add(line);
      } else if (empty.matches()) {
        if (Integer.parseInt(empty.group(1)) != forms.size()) {
          throw new DataFileException(file, line, "empty node " + col[0] + " out of sequence (expected "
              + forms.size() + ".N after word " + forms.size() + ")");
        }
      } else {
        throw new DataFileException(file, line, "ID '" + col[0] + "' is not a word number (3), a multi-word "
            + "range (3-4) or an empty node (3.1)");
      }
    }

    TaggedSentence finish(Path file) throws DataFileException {
      for (int t = 0; t < tokens.size(); t++) {
        if (tokens.get(t).last() > forms.size()) {
          throw new DataFileException(file, tokenLines.get(t), "multi-word token " + tokens.get(t).first() + "-"
              + tokens.get(t).last() + " runs past the sentence's last word " + forms.size());
        }
      }
      return new TaggedSentence(forms, upos, xpos, sentId, text, tokens);
    }
  }
}
