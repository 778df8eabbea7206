package dev.rnn4j.caption.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads {@code name<TAB>f1<TAB>f2...} lines (values split by tabs or spaces); see {@link ImageFeatures}. */
final class FeatureTsv {
  private FeatureTsv() {}

  static ImageFeatures read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not a features file");
    }
    List<String> names = new ArrayList<>();
    float[] data = new float[1 << 16];
    int size = 0;
    int width = -1;
    int lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab <= 0) {
          throw new IOException(file + ":" + lineNo + ": expected '<image name><TAB><values>'");
        }
        String name = line.substring(0, tab);
        int n = 0;
        int i = tab + 1;
        int end = line.length();
        while (true) {
          while (i < end && isSeparator(line.charAt(i))) {
            i++;
          }
          if (i >= end) {
            break;
          }
          int j = i;
          while (j < end && !isSeparator(line.charAt(j))) {
            j++;
          }
          if (size == data.length) {
            data = Arrays.copyOf(data, Math.addExact(data.length, data.length));
          }
          data[size++] = parse(file, lineNo, name, n, line.substring(i, j));
          n++;
          i = j;
        }
        if (width < 0) {
          width = n;
          if (n == 0) {
            throw new IOException(file + ":" + lineNo + ": image '" + name + "' has no values");
          }
        } else if (n != width) {
          throw new IOException(file + ":" + lineNo + ": image '" + name + "' has " + n
              + " values, the first line has " + width);
        }
        names.add(name);
      }
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (CharacterCodingException e) {
      throw new IOException(file + ":" + (lineNo + 1) + ": not valid UTF-8", e);
    }
    if (names.isEmpty()) {
      throw new IOException(file + ": no feature vectors");
    }
    return ImageFeatures.create(file, names, Arrays.copyOf(data, size), width);
  }

  private static boolean isSeparator(char c) {
    return c == '\t' || c == ' ' || c == '\r';
  }

  private static float parse(Path file, int line, String name, int index, String s) throws IOException {
    float v;
    try {
      v = Float.parseFloat(s);
    } catch (NumberFormatException e) {
      throw new IOException(file + ":" + line + ": value " + (index + 1) + " of '" + name + "' is not a number: '"
          + (s.length() > 20 ? s.substring(0, 20) + "..." : s) + "'");
    }
    if (!Float.isFinite(v)) {
      throw new IOException(file + ":" + line + ": value " + (index + 1) + " of '" + name + "' is " + s);
    }
    return v;
  }
}
