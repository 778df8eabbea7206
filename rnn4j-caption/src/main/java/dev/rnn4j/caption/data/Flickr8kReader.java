package dev.rnn4j.caption.data;

import dev.rnn4j.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the Flickr8k token file and split lists; see {@link CaptionSet#readFlickr8k}. */
final class Flickr8kReader {
  // "2258277193_586949ec62.jpg.1": a copy suffix after the image's extension.
  private static final Pattern COPY_SUFFIX = Pattern.compile("(?i)(.+\\.(?:jpe?g|png|bmp|gif))\\.\\d+");

  private Flickr8kReader() {}

  static CaptionSet read(Path tokenFile, Path trainList, Path valList, Path testList) throws IOException {
    Map<String, Subset> split = new HashMap<>();
    Map<String, Path> listedIn = new HashMap<>();
    Path[] lists = {trainList, valList, testList};
    for (Subset s : Subset.values()) {
      Path list = lists[s.ordinal()];
      if (list == null) {
        continue;
      }
      for (String name : TextFiles.lines(list)) {
        String image = name.strip();
        if (image.isEmpty()) {
          continue;
        }
        Path before = listedIn.putIfAbsent(image, list);
        if (before != null && !before.equals(list)) {
          throw new IOException(list + ": image " + image + " is also listed in " + before);
        }
        split.put(image, s);
      }
    }
    Map<Subset, List<Caption>> captions = new EnumMap<>(Subset.class);
    Set<String> unassigned = new LinkedHashSet<>();
    int empty = 0;
    List<String> lines = TextFiles.lines(tokenFile);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      int tab = line.indexOf('\t');
      int hash = tab < 0 ? -1 : line.lastIndexOf('#', tab);
      if (tab < 0 || hash <= 0 || !isNumber(line.substring(hash + 1, tab))) {
        throw new IOException(tokenFile + ":" + (i + 1) + ": expected '<image>#<k><TAB><sentence>', found '"
            + abbreviate(line) + "'");
      }
      String image = canonicalImage(line.substring(0, hash));
      List<String> tokens = Tokenizer.tokenize(line.substring(tab + 1));
      if (tokens.isEmpty()) {
        empty++;
        continue;
      }
      Subset s = split.get(image);
      if (s == null) {
        unassigned.add(image);
        continue;
      }
      captions.computeIfAbsent(s, k -> new ArrayList<>()).add(new Caption(image, tokens));
    }
    return new CaptionSet(captions, empty, unassigned);
  }

  /** The image a caption id names, without Flickr8k's {@code .jpg.1} copy suffix. */
  static String canonicalImage(String id) {
    var m = COPY_SUFFIX.matcher(id);
    return m.matches() ? m.group(1) : id;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static String abbreviate(String line) {
    String s = line.replace('\t', ' ');
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
