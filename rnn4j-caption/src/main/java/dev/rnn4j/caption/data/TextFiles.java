package dev.rnn4j.caption.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads small UTF-8 text files (caption lists, name lists) with errors that name the file. */
final class TextFiles {
  private TextFiles() {}

  /** All lines of a UTF-8 text file; decoding errors and missing files name the file. */
  static List<String> lines(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not a text file");
    }
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (CharacterCodingException e) {
      throw new IOException(file + ":" + (lines.size() + 1) + ": not valid UTF-8", e);
    }
    return lines;
  }
}
