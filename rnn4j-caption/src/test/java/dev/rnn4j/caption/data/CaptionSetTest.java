package dev.rnn4j.caption.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionSetTest {
  static final Path FLICKR = Path.of("src/test/resources/flickr8k");
  static final Path DATASET_JSON = Path.of("src/test/resources/dataset.json");

  @TempDir
  Path dir;

  static CaptionSet flickrExcerpt() throws IOException {
    return CaptionSet.readFlickr8k(FLICKR.resolve("Flickr8k.token.txt"), FLICKR.resolve("Flickr_8k.trainImages.txt"),
        FLICKR.resolve("Flickr_8k.devImages.txt"), FLICKR.resolve("Flickr_8k.testImages.txt"));
  }

  @Test
  void readsFlickr8kSplits() throws IOException {
    CaptionSet set = flickrExcerpt();
    assertEquals(List.of("2513260012_03d33305cf.jpg", "2903617548_d3e38d7f88.jpg", "3338291921_fe7ae0c8f8.jpg"),
        List.copyOf(set.images(Subset.TRAIN)));
    assertEquals(Set.of("2090545563_a4e66ec76b.jpg", "3393035454_2d2370ffd4.jpg"), set.images(Subset.VAL));
    assertEquals(Set.of("3385593926_d3e9c21170.jpg", "2677656448_6b7e7702af.jpg"), set.images(Subset.TEST));
    assertEquals(15, set.captions(Subset.TRAIN).size());
    assertEquals(10, set.captions(Subset.VAL).size());
    assertEquals(10, set.captions(Subset.TEST).size());
    Caption first = set.captions(Subset.TRAIN).get(0);
    assertEquals("2513260012_03d33305cf.jpg", first.image());
    assertEquals("a black dog is running after a white dog in the snow", first.text());
    List<List<String>> refs = set.references(Subset.TRAIN).get("2903617548_d3e38d7f88.jpg");
    assertEquals(5, refs.size());
    assertEquals(List.of("a", "little", "baby", "plays", "croquet"), refs.get(0));
    assertEquals(0, set.skippedEmpty());
  }

  @Test
  void flickrQuirkJoinsItsImageAndImagesInNoSplitAreReported() throws IOException {
    CaptionSet set = flickrExcerpt();
    // 2258277193_586949ec62.jpg.1#0 is caption #0 of 2258277193_586949ec62.jpg, which no split lists;
    // 1000268201_693b08cb0e.jpg is in the full train list but not in this excerpt's.
    assertEquals(Set.of("2258277193_586949ec62.jpg", "1000268201_693b08cb0e.jpg"), set.unassigned());
    assertEquals("2258277193_586949ec62.jpg", Flickr8kReader.canonicalImage("2258277193_586949ec62.jpg.1"));
    assertEquals("x.2", Flickr8kReader.canonicalImage("x.2"));

    Path train = dir.resolve("train.txt");
    Files.writeString(train, "2258277193_586949ec62.jpg\n");
    CaptionSet quirk = CaptionSet.readFlickr8k(FLICKR.resolve("Flickr8k.token.txt"), train, null, null);
    List<List<String>> refs = quirk.references(Subset.TRAIN).get("2258277193_586949ec62.jpg");
    assertEquals(5, refs.size());
    assertEquals(List.of("people", "waiting", "for", "the", "subway"), refs.get(0));
    assertTrue(quirk.captions(Subset.VAL).isEmpty());
  }

  @Test
  void emptySentencesAreSkippedAndCounted() throws IOException {
    Path tokens = dir.resolve("tokens.txt");
    Files.writeString(tokens, "a.jpg#0\tA dog .\na.jpg#1\t .\n\na.jpg#2\t\nb.jpg#0\tA cat\n");
    Path train = dir.resolve("train.txt");
    Files.writeString(train, "a.jpg\nb.jpg\n");
    CaptionSet set = CaptionSet.readFlickr8k(tokens, train, null, null);
    assertEquals(2, set.skippedEmpty());
    assertEquals(2, set.captions(Subset.TRAIN).size());
  }

  @Test
  void malformedTokenLineNamesFileAndLine() throws IOException {
    Path train = dir.resolve("train.txt");
    Files.writeString(train, "a.jpg\n");
    for (String bad : List.of("a.jpg#0 no tab here", "a.jpg\tno hash", "a.jpg#x\tnot a number", "#0\tno image")) {
      Path tokens = dir.resolve("tokens.txt");
      Files.writeString(tokens, "a.jpg#0\tfine\n" + bad + "\n");
      IOException e = assertThrows(IOException.class, () -> CaptionSet.readFlickr8k(tokens, train, null, null));
      assertTrue(e.getMessage().startsWith(tokens + ":2: expected '<image>#<k><TAB><sentence>'"), e.getMessage());
    }
  }

  @Test
  void missingFileAndOverlappingSplitsAreErrors() throws IOException {
    Path missing = dir.resolve("nope.txt");
    IOException e = assertThrows(IOException.class, () -> CaptionSet.readFlickr8k(missing, null, null, null));
    assertEquals(missing + ": no such file", e.getMessage());
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    Files.writeString(a, "x.jpg\n");
    Files.writeString(b, "y.jpg\nx.jpg\n");
    e = assertThrows(IOException.class, () -> CaptionSet.readFlickr8k(a, a, b, null));
    assertEquals(b + ": image x.jpg is also listed in " + a, e.getMessage());
  }

  @Test
  void readsKarpathyJson() throws IOException {
    CaptionSet set = CaptionSet.readKarpathyJson(DATASET_JSON);
    Map<String, List<List<String>>> train = set.references(Subset.TRAIN);
    assertEquals(List.of("a.jpg", "b.jpg"), List.copyOf(train.keySet()), "restval joins train");
    assertEquals(List.of(List.of("a", "dog", "runs"), List.of("the", "dog", "is", "running")), train.get("a.jpg"));
    assertEquals(List.of(List.of("two", "cats", "sleep", "on", "a", "mat")), train.get("b.jpg"), "raw tokenised");
    assertEquals(List.of(List.of("a", "man", "s", "hat")), set.references(Subset.VAL).get("c.jpg"),
        "tokens pass through the tokenizer");
    assertEquals(List.of(List.of("a", "red", "car"), List.of("a", "red", "car", "parked")),
        set.references(Subset.TEST).get("d.jpg"));
    assertEquals(1, set.skippedEmpty());
  }

  @Test
  void karpathyJsonErrorsNameTheEntry() throws IOException {
    Path f = dir.resolve("dataset.json");
    Files.writeString(f, "{\"images\": [{\"filename\": \"a.jpg\", \"split\": \"dev\", \"sentences\": []}]}");
    IOException e = assertThrows(IOException.class, () -> CaptionSet.readKarpathyJson(f));
    assertEquals(f + ": image 0 (a.jpg) has split 'dev' (expected train, restval, val or test)", e.getMessage());
    Files.writeString(f, "{\"images\": [{\"filename\": \"a.jpg\", \"split\": \"val\", \"sentences\": [{}]}]}");
    e = assertThrows(IOException.class, () -> CaptionSet.readKarpathyJson(f));
    assertEquals(f + ": image 0 (a.jpg) sentence 0 has neither \"tokens\" nor \"raw\"", e.getMessage());
    Files.writeString(f, "{\"images\": [{\"split\": \"val\"}]}");
    e = assertThrows(IOException.class, () -> CaptionSet.readKarpathyJson(f));
    assertEquals(f + ": image 0 has no \"filename\" string", e.getMessage());
    Files.writeString(f, "{\"images\": [");
    e = assertThrows(IOException.class, () -> CaptionSet.readKarpathyJson(f));
    assertTrue(e.getMessage().startsWith(f + ": not valid JSON"), e.getMessage());
    Files.writeString(f, "[1, 2]");
    e = assertThrows(IOException.class, () -> CaptionSet.readKarpathyJson(f));
    assertEquals(f + ": not a Karpathy dataset.json (no \"images\" array)", e.getMessage());
  }

  @Test
  void readChoosesTheFormatByName() throws IOException {
    assertEquals(flickrExcerpt().captions(Subset.VAL), CaptionSet.read(FLICKR.resolve("Flickr8k.token.txt"))
        .captions(Subset.VAL), "split lists found next to the token file");
    assertEquals(CaptionSet.readKarpathyJson(DATASET_JSON).captions(Subset.TEST),
        CaptionSet.read(DATASET_JSON).captions(Subset.TEST));
    Path tokens = dir.resolve("captions.txt");
    Files.writeString(tokens, "a.jpg#0\tA dog\n");
    IOException e = assertThrows(IOException.class, () -> CaptionSet.read(tokens));
    assertEquals(tokens + ": read as a Flickr8k token file, but its split list "
        + dir.toAbsolutePath().resolve("Flickr_8k.trainImages.txt") + " is missing (or give a dataset.json)",
        e.getMessage());
  }

  @Test
  void ofKeepsGivenCaptions() {
    Caption c = new Caption("x.png", List.of("a", "b"));
    CaptionSet set = CaptionSet.of(Map.of(Subset.TEST, List.of(c)));
    assertEquals(List.of(c), set.captions(Subset.TEST));
    assertTrue(set.captions(Subset.TRAIN).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new Caption("x.png", List.of()));
  }
}
