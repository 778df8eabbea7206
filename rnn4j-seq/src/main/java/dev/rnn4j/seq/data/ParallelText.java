package dev.rnn4j.seq.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Two aligned text files, one sentence per line, line i of one the translation of line i of the other
 * (Multi30k's layout). Refused with the file and line named: different line counts, an empty (or blank)
 * line, a line of more than {@code maxWords} whitespace-separated words (so that a runaway line, e.g. a
 * file without newlines, is caught before it is tokenised), or invalid UTF-8.
 */
public record ParallelText(List<String> source, List<String> target) {
  public static ParallelText read(Path sourceFile, Path targetFile, int maxWords) throws DataFileException {
    List<String> src = TextLines.read(sourceFile);
    List<String> tgt = TextLines.read(targetFile);
    if (src.size() != tgt.size()) {
      throw new DataFileException(sourceFile, "has " + src.size() + " lines but " + targetFile + " has "
          + tgt.size() + "; the files must be aligned line by line");
    }
    if (src.isEmpty()) {
      throw new DataFileException(sourceFile, "has no sentences");
    }
    check(sourceFile, src, maxWords);
    check(targetFile, tgt, maxWords);
    return new ParallelText(List.copyOf(src), List.copyOf(tgt));
  }

  /** The lines of one file to translate (no reference): the same checks. */
  public static List<String> readSource(Path file, int maxWords) throws DataFileException {
    List<String> lines = TextLines.read(file);
    check(file, lines, maxWords);
    return lines;
  }

  static void check(Path file, List<String> lines, int maxWords) throws DataFileException {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        throw new DataFileException(file, i + 1, "is empty; every line must hold a sentence");
      }
      int words = line.strip().split("\\s+").length;
      if (words > maxWords) {
        throw new DataFileException(file, i + 1, "has " + words + " words, more than the limit of " + maxWords
            + " (raise --max-length to allow it)");
      }
    }
  }

  public int size() {
    return source.size();
  }
}
