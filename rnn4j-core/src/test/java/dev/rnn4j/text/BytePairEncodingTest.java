package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BytePairEncodingTest {
  /** Each word as a sentence of its own, {@code times} times: word, times, word, times, ... */
  private static List<List<String>> repeated(Object... wordsAndTimes) {
    List<List<String>> sentences = new ArrayList<>();
    for (int i = 0; i < wordsAndTimes.length; i += 2) {
      for (int t = 0; t < (Integer) wordsAndTimes[i + 1]; t++) {
        sentences.add(List.of((String) wordsAndTimes[i]));
      }
    }
    return sentences;
  }

  /** Sennrich et al.'s example. */
  private static final List<List<String>> CLASSIC = repeated("low", 5, "lower", 2, "newest", 6, "widest", 3);

  @Test
  void classicExampleMergesAsWorkedByHand() {
    // Pairs at first: e s 9, s t</w> 9, w e 8, l o 7, ...: the tie goes to "e s", the smaller left symbol.
    // Then es t</w> 9, l o 7; e w, n e and w est</w> tie at 6; and so on until every word is one symbol.
    BytePairEncoding bpe = BytePairEncoding.learn(CLASSIC, 100);
    assertEquals(13, bpe.size());
    assertEquals(String.join("\n", "#version: 0.2", "e s", "es t</w>", "l o", "e w", "ew est</w>", "n ewest</w>",
        "lo w</w>", "d est</w>", "i dest</w>", "w idest</w>", "e r</w>", "lo w", "low er</w>", ""), bpe.serialize());
    assertEquals(List.of("low@@", "est"), bpe.split("lowest"));
    assertEquals(List.of("n@@", "ew@@", "er"), bpe.split("newer"));
    assertEquals(List.of("newest"), bpe.split("newest"));
    assertEquals(List.of("l"), bpe.split("l"));
    assertEquals(List.of("z@@", "o@@", "o"), bpe.split("zoo"));

    BytePairEncoding three = BytePairEncoding.learn(CLASSIC, 3);
    assertEquals(3, three.size());
    assertEquals(List.of("lo@@", "w@@", "est"), three.split("lowest"));
    assertEquals(List.of("lo@@", "w@@", "e@@", "r"), three.encode(List.of("lower")));
    assertEquals(List.of("l@@", "o@@", "w"), BytePairEncoding.learn(CLASSIC, 0).split("low"));
  }

  @Test
  void mergesAreAppliedInLearnedOrderNotByLength() {
    BytePairEncoding bpe = BytePairEncoding.learn(CLASSIC, 100);
    // "e r</w>" (rank 10) comes before "lo w" (rank 11): "lower" is lo w er</w> before it is low er</w>.
    assertEquals(List.of("lower"), bpe.split("lower"));
    // Inside a word an "r" is not the "r</w>" of "e r</w>".
    assertEquals(List.of("low@@", "e@@", "r@@", "s"), bpe.split("lowers"));
    // Overlapping pairs merge left to right: x x x is xx x.
    BytePairEncoding xx = BytePairEncoding.parse("#version: 0.2\nx x\n");
    assertEquals(List.of("xx@@", "x@@", "a"), xx.split("xxxa"));
    // Equal counts: x a</w> before x x, as "a" sorts before "x".
    assertEquals("#version: 0.2\nx a</w>\n", BytePairEncoding.learn(repeated("xxa", 3), 1).serialize());
  }

  @Test
  void incrementalLearningMatchesRecountingEveryPairEachMerge() {
    for (int seed = 10; seed < 20; seed++) {
      List<List<String>> sentences = randomSentences(new Random(seed), 150, seed % 2 == 0 ? "abcab@" : "ab𝄞xxé");
      assertEquals(naiveLearn(sentences, 400), BytePairEncoding.learn(sentences, 400).serialize(), "seed " + seed);
    }
  }

  /** The serial form of the textbook loop: recount every pair, merge the largest (ties as learn), repeat. */
  private static String naiveLearn(List<List<String>> sentences, int merges) {
    Map<String, Integer> counts = new TreeMap<>();
    sentences.forEach(s -> s.stream().filter(w -> !w.isEmpty()).forEach(w -> counts.merge(w, 1, Integer::sum)));
    List<List<BytePairEncoding.Symbol>> words = new ArrayList<>();
    for (String w : counts.keySet()) {
      int[] cps = w.codePoints().toArray();
      List<BytePairEncoding.Symbol> symbols = new ArrayList<>();
      for (int i = 0; i < cps.length; i++) {
        symbols.add(new BytePairEncoding.Symbol(Character.toString(cps[i]), i == cps.length - 1));
      }
      words.add(symbols);
    }
    List<Integer> freqs = new ArrayList<>(counts.values());
    StringBuilder serial = new StringBuilder("#version: 0.2\n");
    for (int m = 0; m < merges; m++) {
      Map<List<BytePairEncoding.Symbol>, Integer> pairs = new HashMap<>();
      for (int j = 0; j < words.size(); j++) {
        for (int i = 0; i + 1 < words.get(j).size(); i++) {
          pairs.merge(words.get(j).subList(i, i + 2), freqs.get(j), Integer::sum);
        }
      }
      List<BytePairEncoding.Symbol> best = null;
      for (var e : pairs.entrySet()) {
        int c = best == null ? 1 : Integer.compare(e.getValue(), pairs.get(best));
        if (c == 0) {
          c = -e.getKey().get(0).compareTo(best.get(0));
          c = c != 0 ? c : -e.getKey().get(1).compareTo(best.get(1));
        }
        if (c > 0) {
          best = e.getKey();
        }
      }
      if (best == null || pairs.get(best) < 2) {
        break;
      }
      BytePairEncoding.Symbol a = best.get(0);
      BytePairEncoding.Symbol b = best.get(1);
      serial.append(a.text()).append(' ').append(b.text()).append(b.end() ? "</w>" : "").append('\n');
      for (int j = 0; j < words.size(); j++) {
        List<BytePairEncoding.Symbol> w = words.get(j);
        List<BytePairEncoding.Symbol> merged = new ArrayList<>();
        for (int i = 0; i < w.size(); ) {
          if (i + 1 < w.size() && w.get(i).equals(a) && w.get(i + 1).equals(b)) {
            merged.add(a.join(b));
            i += 2;
          } else {
            merged.add(w.get(i++));
          }
        }
        words.set(j, merged);
      }
    }
    return serial.toString();
  }

  @Test
  void learningIsDeterministicAndIgnoresSentenceOrder() {
    List<List<String>> sentences = randomSentences(new Random(1), 400, "abcdeé😀𝄞 @");
    String serial = BytePairEncoding.learn(sentences, 300).serialize();
    assertEquals(serial, BytePairEncoding.learn(sentences, 300).serialize());
    List<List<String>> shuffled = new ArrayList<>(sentences);
    Collections.shuffle(shuffled, new Random(2));
    assertEquals(serial, BytePairEncoding.learn(shuffled, 300).serialize());
    assertEquals(BytePairEncoding.learn(sentences, 300), BytePairEncoding.learn(shuffled, 300));
  }

  /** Sentences of 0 to 5 words, each of 0 to 8 code points drawn from {@code alphabet}. */
  private static List<List<String>> randomSentences(Random random, int n, String alphabet) {
    int[] cps = alphabet.codePoints().toArray();
    List<List<String>> sentences = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      List<String> words = new ArrayList<>();
      for (int w = random.nextInt(6); w > 0; w--) {
        StringBuilder sb = new StringBuilder();
        for (int c = random.nextInt(9); c > 0; c--) {
          sb.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        words.add(sb.toString());
      }
      sentences.add(words);
    }
    return sentences;
  }

  @Test
  void decodeInvertsEncodeForAnyWordsAndNeverSplitsACodePoint() {
    Random random = new Random(3);
    String alphabet = "ab@@@ éü😀𝄞\t\\";
    BytePairEncoding bpe = BytePairEncoding.learn(randomSentences(random, 500, alphabet), 200);
    assertTrue(bpe.size() > 50, bpe.toString());
    for (List<String> words : randomSentences(random, 2000, alphabet)) {
      List<String> units = bpe.encode(words);
      assertEquals(words, BytePairEncoding.decode(units));
      for (String u : units) {
        assertTrue(u.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE), u);
      }
    }
  }

  @Test
  void wordsHoldingTheSeparatorRoundTrip() {
    BytePairEncoding bpe = BytePairEncoding.learn(repeated("a@@", 5, "@@", 5, "x@@y", 5), 100);
    // "a@@" is one learned unit; as a word's last unit it would glue to the next word, so its "@" goes alone.
    assertEquals(List.of("a@@@", "@"), bpe.split("a@@"));
    assertEquals(List.of("@@@", "@"), bpe.split("@@"));
    assertEquals(List.of("@"), bpe.split("@"));
    assertEquals(List.of(""), bpe.split(""));
    List<String> words = List.of("a@@", "b", "@@", "x@@y", "@", "", "@@@", "z");
    assertEquals(words, BytePairEncoding.decode(bpe.encode(words)));
    // Units not from encode: a dangling "@@" ends the last word.
    assertEquals(List.of("a", "unbelievable"), BytePairEncoding.decode(List.of("a", "un@@", "believ@@", "able@@")));
    assertEquals(List.of(), BytePairEncoding.decode(List.of("@@")));
  }

  @Test
  void frequentWordsAreOneUnitAndRareWordsKnownUnits() {
    List<List<String>> sentences = new ArrayList<>(repeated("play", 40, "played", 30, "playing", 30, "work", 40,
        "worked", 30, "working", 30, "the", 60, "dog", 20, "runs", 20));
    sentences.add(List.of("the", "replaying", "dog"));
    BytePairEncoding bpe = BytePairEncoding.learn(sentences, 1000);
    Set<String> known = new HashSet<>();
    for (List<String> s : sentences) {
      for (String w : s) {
        if (!w.equals("replaying")) {
          assertEquals(List.of(w), bpe.split(w), w);
        }
      }
      known.addAll(bpe.encode(s));
    }
    // Seen once, "replaying" keeps its pieces; so does the unseen "reworked"; each piece is a frequent unit.
    List<String> rare = bpe.split("replaying");
    List<String> unseen = bpe.split("reworked");
    assertEquals(List.of("r@@", "e@@", "playing"), rare);
    assertEquals(List.of("r@@", "e@@", "worked"), unseen);
    assertTrue(known.containsAll(unseen), known.toString());
    assertSame(bpe.split("replaying"), bpe.split("replaying"), "a word split twice comes from the cache");
  }

  @Test
  void serialFormRoundTripsNastyTokens() {
    List<List<String>> sentences = repeated("a b", 3, "tab\there", 3, "new\nline", 3, "back\\slash", 3, "\\s", 3,
        "x</w>", 3, "a</w>b", 3, "</w>", 3, "<", 3, "\\", 3, "#version: 0.2", 3, "😀😀", 3, "cr\r\n", 3, "\\<", 3);
    BytePairEncoding bpe = BytePairEncoding.learn(sentences, 500);
    String serial = bpe.serialize();
    assertEquals(bpe.size() + 1, serial.split("\n").length);
    assertTrue(serial.chars().noneMatch(c -> c == '\t' || c == '\r'));
    BytePairEncoding back = BytePairEncoding.parse(serial);
    assertEquals(bpe, back);
    assertEquals(serial, back.serialize());
    for (List<String> s : sentences) {
      assertEquals(List.of(s.get(0)), back.split(s.get(0)), s.get(0));
    }
    assertEquals(BytePairEncoding.learn(CLASSIC, 5), BytePairEncoding.parse(
        BytePairEncoding.learn(CLASSIC, 5).serialize().stripTrailing()));
    assertEquals(0, BytePairEncoding.parse("#version: 0.2").size());
    assertNotEquals(bpe, BytePairEncoding.learn(sentences, 5));
  }

  @Test
  void escapesAndWordEndsReadAsDocumented() {
    String serial = String.join("\n", "#version: 0.2", "\\\\ \\s</w>", "\\t \\n</w>", "\\r \\r</w>",
        "a <", "a< /", "a</ w", "a</w >", "a\\</w> b</w>", "< /", "</ w", "</w >", "\\</w> x</w>", "</w ></w>",
        "\\</w> \\</w></w>", "");
    BytePairEncoding bpe = BytePairEncoding.parse(serial);
    assertEquals(serial, bpe.serialize());
    assertEquals(List.of("\\ "), bpe.split("\\ "));
    assertEquals(List.of("\t\n"), bpe.split("\t\n"));
    assertEquals(List.of("\r\r"), bpe.split("\r\r"));
    assertEquals(List.of("a</w>b"), bpe.split("a</w>b"));
    assertEquals(List.of("</w>@@", "y"), bpe.split("</w>y"));
    assertEquals(List.of("</w>x"), bpe.split("</w>x"));
    assertEquals(List.of("</w></w>"), bpe.split("</w></w>"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "e s\n", "#version: 0.1\ne s\n", "#version: 0.2\ne\n", "#version: 0.2\ne s t\n",
      "#version: 0.2\ne  s\n", "#version: 0.2\n s\n", "#version: 0.2\ne \n", "#version: 0.2\n\ne s\n",
      "#version: 0.2\ne s\n\n", "#version: 0.2\ne\\q s\n", "#version: 0.2\ne s\\\n", "#version: 0.2\ne</w> s\n",
      "#version: 0.2\n</w> s\n", "#version: 0.2\ne s\r\n", "#version: 0.2\ne\ts\n"})
  void malformedSerialFormIsRefusedClearly(String serial) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.parse(serial));
    assertTrue(e.getMessage().startsWith("malformed byte-pair encoding, line "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.parse(null));
    assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.learn(CLASSIC, -1));
  }

  @Test
  void tenThousandDistinctWordsLearnFiveThousandMerges() {
    Random random = new Random(4);
    String consonants = "bcdfghklmnprstvzß";
    String vowels = "aeiouäö";
    Set<String> distinct = new LinkedHashSet<>();
    while (distinct.size() < 10_000) {
      StringBuilder w = new StringBuilder();
      for (int s = 1 + random.nextInt(4); s > 0; s--) {
        w.append(consonants.charAt(random.nextInt(consonants.length()))).append(vowels.charAt(random.nextInt(
            vowels.length())));
        if (random.nextBoolean()) {
          w.append(consonants.charAt(random.nextInt(consonants.length())));
        }
      }
      distinct.add(w.toString());
    }
    List<List<String>> sentences = new ArrayList<>();
    List<String> words = new ArrayList<>(distinct);
    for (int i = 0; i < words.size(); i++) {
      sentences.add(Collections.nCopies(1 + 2000 / (i + 1), words.get(i))); // Zipf-like counts
    }
    BytePairEncoding bpe = BytePairEncoding.learn(sentences, 5000);
    assertEquals(5000, bpe.size());
    assertEquals(words, BytePairEncoding.decode(bpe.encode(words)));
    assertEquals(List.of(words.get(0)), bpe.split(words.get(0)));
  }
}
