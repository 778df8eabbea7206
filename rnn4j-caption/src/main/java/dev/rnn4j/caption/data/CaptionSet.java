package dev.rnn4j.caption.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference sentences of a captioning data set, by subset: every image of a subset has one or more
 * {@link Caption}s, in the order the source file lists them. Immutable.
 *
 * <p>Two readers cover the formats captioning data comes in: the Flickr8k token file with its three split
 * lists ({@link #readFlickr8k}) and Karpathy's {@code dataset.json} for Flickr8k, Flickr30k and COCO
 * ({@link #readKarpathyJson}). Sentences with no words are skipped and counted ({@link #skippedEmpty()}),
 * never fatal; lines or entries that do not parse are an error naming the file and the line or entry.
 */
public final class CaptionSet {
  private final Map<Subset, List<Caption>> captions = new EnumMap<>(Subset.class);
  private final int skippedEmpty;
  private final Set<String> unassigned;

  CaptionSet(Map<Subset, List<Caption>> captions, int skippedEmpty, Set<String> unassigned) {
    for (Subset s : Subset.values()) {
      this.captions.put(s, List.copyOf(captions.getOrDefault(s, List.of())));
    }
    this.skippedEmpty = skippedEmpty;
    this.unassigned = Collections.unmodifiableSet(new LinkedHashSet<>(unassigned));
  }

  /** A set of the given captions (absent subsets are empty); nothing skipped. */
  public static CaptionSet of(Map<Subset, List<Caption>> captions) {
    return new CaptionSet(captions, 0, Set.of());
  }

  /**
   * Reads Flickr8k: {@code tokenFile} has lines {@code <image>#<k><TAB><sentence>}, and each split list
   * one image name per line. Captions of images in no list are left out and their images named by {@link
   * #unassigned()}; a list may be {@code null} for an empty subset.
   *
   * <p>The quirk of the official token file: image {@code 2258277193_586949ec62.jpg} has its caption #0
   * under the id {@code 2258277193_586949ec62.jpg.1}. A trailing {@code .<digits>} after an image extension
   * is dropped, so all five captions join their image (which is in none of the official splits).
   *
   * @throws IOException when a file is missing or unreadable, a token line does not parse (the message
   *     names file and line number), or an image is listed in two splits
   */
  public static CaptionSet readFlickr8k(Path tokenFile, Path trainList, Path valList, Path testList)
      throws IOException {
    return Flickr8kReader.read(tokenFile, trainList, valList, testList);
  }

  /**
   * Reads Karpathy's {@code dataset.json} ({@code {"images": [{"filename", "split", "sentences": [{"tokens",
   * "raw"}]}]}}): splits {@code train} and {@code restval} make TRAIN, {@code val} VAL and {@code test}
   * TEST. A sentence's {@code tokens} are used when present (passed through {@link dev.rnn4j.text.Tokenizer} one by one, so
   * both paths tokenise alike), else its {@code raw} text is tokenised. The image's name is its {@code
   * filename} (COCO's {@code filepath} folder is not part of it).
   *
   * @throws IOException when the file is missing, not JSON, or an entry lacks a field or names an unknown
   *     split (the message names the file and the entry's index)
   */
  public static CaptionSet readKarpathyJson(Path datasetJson) throws IOException {
    return KarpathyJsonReader.read(datasetJson);
  }

  /** The Flickr8k split lists {@link #read} looks for next to a token file, for TRAIN, VAL and TEST. */
  public static final List<String> FLICKR8K_LISTS =
      List.of("Flickr_8k.trainImages.txt", "Flickr_8k.devImages.txt", "Flickr_8k.testImages.txt");

  /**
   * Reads either format by its name: a {@code .json} file as Karpathy's {@code dataset.json}, anything else
   * as a Flickr8k token file whose three split lists ({@link #FLICKR8K_LISTS}) lie next to it.
   *
   * @throws IOException as the two readers do, and when a Flickr8k split list is missing (naming it)
   */
  public static CaptionSet read(Path captions) throws IOException {
    String name = captions.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".json")) {
      return readKarpathyJson(captions);
    }
    Path dir = captions.toAbsolutePath().getParent();
    Path[] lists = new Path[3];
    for (int i = 0; i < 3; i++) {
      lists[i] = dir.resolve(FLICKR8K_LISTS.get(i));
      if (!java.nio.file.Files.isRegularFile(lists[i])) {
        throw new IOException(captions + ": read as a Flickr8k token file, but its split list " + lists[i]
            + " is missing (or give a dataset.json)");
      }
    }
    return readFlickr8k(captions, lists[0], lists[1], lists[2]);
  }

  /** Every caption of subset {@code s}, in file order. */
  public List<Caption> captions(Subset s) {
    return captions.get(s);
  }

  /** Image name to all of its reference sentences, for the images of {@code s} in order of appearance. */
  public Map<String, List<List<String>>> references(Subset s) {
    Map<String, List<List<String>>> refs = new LinkedHashMap<>();
    for (Caption c : captions.get(s)) {
      refs.computeIfAbsent(c.image(), k -> new ArrayList<>()).add(c.tokens());
    }
    refs.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(refs);
  }

  /** The images of {@code s} that have captions, in order of appearance. */
  public Set<String> images(Subset s) {
    Set<String> images = new LinkedHashSet<>();
    for (Caption c : captions.get(s)) {
      images.add(c.image());
    }
    return Collections.unmodifiableSet(images);
  }

  /** Sentences skipped because they had no words (blank, or punctuation only). */
  public int skippedEmpty() {
    return skippedEmpty;
  }

  /** Images with captions that no split list names (Flickr8k only), whose captions were left out. */
  public Set<String> unassigned() {
    return unassigned;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CaptionSet[");
    for (Subset s : Subset.values()) {
      sb.append(s.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(images(s).size()).append(" images/")
          .append(captions(s).size()).append(" captions, ");
    }
    return sb.append(skippedEmpty).append(" empty skipped]").toString();
  }
}
