package dev.rnn4j.seq.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Examples for a sequence classifier, read from files in one of three {@link Format formats}, in file order
 * (several files: one after another, in the order given), with the set of labels they use. Immutable.
 *
 * <p>Every file (or, for {@link Format#DIR}, every class folder) must hold at least one example: an empty one
 * is far more often a wrong path than an intended no-op. Files are decoded strictly as UTF-8; blank lines are
 * skipped; text and label are stripped of surrounding white space.
 */
public final class ClassificationData {
  /** How the examples are laid out on disk. */
  public enum Format {
    /**
     * {@code text<TAB>label}, one example a line; the label is the last tab-separated field, so the text
     * may hold tabs. No CSV quoting: a {@code "} is part of the text.
     */
    TSV,
    /**
     * fastText's {@code __label__x some text}, one example a line: the first {@code __label__} token gives
     * the label, the other tokens, joined by single spaces, the text. Further {@code __label__} tokens
     * (multi-label data) are dropped: a classifier here predicts one class.
     */
    FASTTEXT,
    /**
     * A folder with one sub-folder per class, named by the label; every regular file directly in a
     * sub-folder holds one example a line. Hidden files and folders (a leading {@code .}) are ignored, as are
     * files at the top level; folders and files are read in name order so equal trees give equal data.
     */
    DIR;

    /** {@code tsv}, {@code fasttext} or {@code dir}, in any case. */
    public static Format parse(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown data format '" + name + "' (expected tsv, fasttext or dir)");
      }
    }
  }

  private static final String FASTTEXT_LABEL = "__label__";

  private final List<LabelledText> examples;
  private final List<String> labels;

  private ClassificationData(List<LabelledText> examples) {
    this.examples = List.copyOf(examples);
    TreeSet<String> distinct = new TreeSet<>();
    examples.forEach(e -> distinct.add(e.label()));
    this.labels = List.copyOf(distinct);
  }

  /** The examples of the given ones (for splits and tests). */
  public static ClassificationData of(List<LabelledText> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no examples");
    }
    return new ClassificationData(examples);
  }

  /**
   * Reads {@code paths} (files, or folders for {@link Format#DIR}) one after another.
   *
   * @throws DataFileException naming the file and line of the first fault
   */
  public static ClassificationData read(Format format, List<Path> paths) throws DataFileException {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no data files given");
    }
    List<LabelledText> all = new ArrayList<>();
    for (Path p : paths) {
      switch (format) {
        case TSV -> all.addAll(nonEmpty(p, readTsv(p)));
        case FASTTEXT -> all.addAll(nonEmpty(p, readFastText(p)));
        case DIR -> all.addAll(readDir(p));
      }
    }
    return new ClassificationData(all);
  }

  /** As {@link #read(Format, List)}. */
  public static ClassificationData read(Format format, Path... paths) throws DataFileException {
    return read(format, List.of(paths));
  }

  /** All examples, in the order read. */
  public List<LabelledText> examples() {
    return examples;
  }

  /** The distinct labels, sorted (by {@link String#compareTo}), so that equal data give equal class ids. */
  public List<String> labels() {
    return labels;
  }

  public int size() {
    return examples.size();
  }

  private static List<LabelledText> readTsv(Path file) throws DataFileException {
    List<String> lines = TextLines.read(file);
    List<LabelledText> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      int tab = line.lastIndexOf('\t');
      if (tab < 0) {
        throw new DataFileException(file, i + 1, "no label column (expected text<TAB>label)");
      }
      out.add(example(file, i + 1, line.substring(0, tab), line.substring(tab + 1)));
    }
    return out;
  }

  private static List<LabelledText> readFastText(Path file) throws DataFileException {
    List<String> lines = TextLines.read(file);
    List<LabelledText> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String label = null;
      List<String> words = new ArrayList<>();
      for (String token : line.strip().split("\\s+")) {
        if (!token.startsWith(FASTTEXT_LABEL)) {
          words.add(token);
        } else if (label == null) {
          label = token.substring(FASTTEXT_LABEL.length());
        }
      }
      if (label == null) {
        throw new DataFileException(file, i + 1, "no label (expected __label__<label> text)");
      }
      out.add(example(file, i + 1, String.join(" ", words), label));
    }
    return out;
  }

  private static List<LabelledText> readDir(Path root) throws DataFileException {
    if (!Files.isDirectory(root)) {
      throw new DataFileException(root, Files.exists(root)
          ? "is a file; the dir format wants a folder with one sub-folder per class" : "no such folder");
    }
    List<LabelledText> out = new ArrayList<>();
    for (Path classDir : visibleEntries(root)) {
      if (!Files.isDirectory(classDir)) {
        continue;
      }
      String label = classDir.getFileName().toString().strip();
      List<LabelledText> ofClass = new ArrayList<>();
      for (Path file : visibleEntries(classDir)) {
        if (!Files.isRegularFile(file)) {
          continue;
        }
        List<String> lines = TextLines.read(file);
        for (int i = 0; i < lines.size(); i++) {
          if (!lines.get(i).isBlank()) {
            ofClass.add(example(file, i + 1, lines.get(i), label));
          }
        }
      }
      out.addAll(nonEmpty(classDir, ofClass));
    }
    if (out.isEmpty()) {
      throw new DataFileException(root, "no examples (expected one sub-folder per class, holding text files)");
    }
    return out;
  }

  private static List<Path> visibleEntries(Path dir) throws DataFileException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new DataFileException(dir, 0, "cannot list folder (" + e.getMessage() + ")", e);
    }
  }

  private static LabelledText example(Path file, int line, String text, String label) throws DataFileException {
    String t = text.strip();
    String l = label.strip();
    if (l.isEmpty()) {
      throw new DataFileException(file, line, "empty label");
    }
    if (t.isEmpty()) {
      throw new DataFileException(file, line, "empty text");
    }
    return new LabelledText(t, l);
  }

  private static List<LabelledText> nonEmpty(Path file, List<LabelledText> examples) throws DataFileException {
    if (examples.isEmpty()) {
      throw new DataFileException(file, "no examples");
    }
    return examples;
  }
}
