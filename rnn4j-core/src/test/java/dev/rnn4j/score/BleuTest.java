package dev.rnn4j.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {
  private static List<String> w(String s) {
    return List.of(s.split(" "));
  }

  @Test
  void papineniModifiedUnigramPrecision() {
    // Papineni et al. 2002, section 2.1: "the" occurs at most twice in a reference, so 2 of 7 unigrams count.
    BleuScore s = Bleu.corpus(List.of(w("the the the the the the the")),
        List.of(List.of(w("the cat is on the mat"), w("there is a cat on the mat"))));
    assertEquals(2, s.matches(1));
    assertEquals(7, s.total(1));
    assertEquals(2.0 / 7, s.precision(1), 1e-15);
    assertEquals(2.0 / 7, s.bleu(1), 1e-15, "7 words against closest length 7: BP 1");
    assertEquals(0, s.matches(2));
    assertEquals(0, s.bleu(2), "no bigram matches: BLEU-2 is 0 without smoothing");
  }

  @Test
  void perfectMatchScoresOne() {
    List<String> sentence = w("a red circle above a blue square");
    BleuScore s = Bleu.corpus(List.of(sentence), List.of(List.of(w("something else entirely"), sentence)));
    for (int n = 1; n <= 4; n++) {
      assertEquals(1.0, s.bleu(n), 1e-15);
      assertEquals(1.0, s.precision(n), 1e-15);
    }
    assertEquals(1.0, s.brevityPenalty());
  }

  @Test
  void brevityPenaltyUsesTheClosestReferenceShorterOnTies() {
    // Candidate of 3 words, references of 5 and 7: r = 5, BP = exp(1 - 5/3).
    BleuScore s = Bleu.corpus(List.of(w("a b c")), List.of(List.of(w("a b c d e f g"), w("a b c d e"))));
    assertEquals(5, s.referenceLength());
    assertEquals(Math.exp(1 - 5.0 / 3), s.brevityPenalty(), 1e-15);
    assertEquals(Math.exp(1 - 5.0 / 3), s.bleu(1), 1e-15);
    assertEquals(Math.exp(1 - 5.0 / 3), s.bleu(3), 1e-15, "p1 = p2 = p3 = 1");
    assertEquals(0, s.bleu(4), "a 3-word candidate has no 4-grams");
    // Candidate of 4: references of 3 and 5 are equally close; the shorter (3) is taken, so BP = 1.
    s = Bleu.corpus(List.of(w("a b c d")), List.of(List.of(w("a b c d e"), w("a b c"))));
    assertEquals(3, s.referenceLength());
    assertEquals(1.0, s.brevityPenalty());
    assertEquals(Bleu.closestLength(4, List.of(w("x x x x x"), w("x x x"))), 3);
  }

  @Test
  void countsAreSummedOverTheCorpusBeforeDividing() {
    // Sentence 1: 4/4 unigrams; sentence 2: 1/2. Corpus p1 = 5/6, not the mean (1 + 0.5) / 2 = 0.75.
    BleuScore s = Bleu.corpus(List.of(w("a b c d"), w("x y")),
        List.of(List.of(w("a b c d")), List.of(w("x z"))));
    assertEquals(5.0 / 6, s.precision(1), 1e-15);
    // Bigrams: 3/3 + 0/1 = 3/4.  BLEU-2 = sqrt(5/6 * 3/4), c = r = 6 so BP = 1.
    assertEquals(0.75, s.precision(2), 1e-15);
    assertEquals(Math.sqrt(5.0 / 6 * 0.75), s.bleu(2), 1e-15);
  }

  // NLTK's documentation (nltk.translate.bleu_score.corpus_bleu docstring) scores these two candidates:
  // corpus_bleu([[ref1a, ref1b, ref1c], [ref2a]], [hyp1, hyp2]) = 0.5920778868801042
  // and sentence_bleu([ref1a, ref1b, ref1c], hyp1) = 0.5045666840058485. Worked by hand:
  //   hyp1 (18 words): clipped matches 17/18, 10/17, 7/16, 4/15; closest reference 18 (ref1b), BP 1;
  //     exp((ln 17/18 + ln 10/17 + ln 7/16 + ln 4/15) / 4) = 0.50457.
  //   hyp2 (11 words, a reordering of ref2a): 11/11, 9/10, 6/9, 4/8.
  //   corpus: 28/29, 19/27, 13/25, 8/23, c = r = 29, BLEU-4 = (28/29 * 19/27 * 13/25 * 8/23)^(1/4) = 0.59208.
  private static final List<String> HYP1 = w("It is a guide to action which ensures that the military always obeys"
      + " the commands of the party");
  private static final List<String> REF1A = w("It is a guide to action that ensures that the military will forever"
      + " heed Party commands");
  private static final List<String> REF1B = w("It is the guiding principle which guarantees the military forces"
      + " always being under the command of the Party");
  private static final List<String> REF1C = w("It is the practical guide for the army always to heed the directions"
      + " of the party");
  private static final List<String> HYP2 = w("he read the book because he was interested in world history");
  private static final List<String> REF2A = w("he was interested in world history because he read the book");

  @Test
  void matchesNltkDocumentedCorpusBleu() {
    BleuScore s = Bleu.corpus(List.of(HYP1, HYP2), List.of(List.of(REF1A, REF1B, REF1C), List.of(REF2A)));
    long[][] counts = {{28, 29}, {19, 27}, {13, 25}, {8, 23}};
    for (int n = 1; n <= 4; n++) {
      assertEquals(counts[n - 1][0], s.matches(n), "matches " + n);
      assertEquals(counts[n - 1][1], s.total(n), "total " + n);
    }
    assertEquals(29, s.candidateLength());
    assertEquals(29, s.referenceLength());
    assertEquals(0.5920778868801042, s.bleu(4), 1e-12);
    assertEquals(28.0 / 29, s.bleu(1), 1e-12);
  }

  @Test
  void matchesNltkDocumentedSentenceBleu() {
    BleuScore s = Bleu.corpus(List.of(HYP1), List.of(List.of(REF1A, REF1B, REF1C)));
    assertEquals(17.0 / 18, s.precision(1), 1e-15); // NLTK modified_precision(..., n=1) = 0.9444...
    assertEquals(10.0 / 17, s.precision(2), 1e-15); // NLTK modified_precision(..., n=2) = 0.5882...
    assertEquals(0.5045666840058485, s.bleu(4), 1e-12);
  }

  @Test
  void emptyCandidateHasNoBrevityCredit() {
    BleuScore s = Bleu.corpus(List.of(List.of()), List.of(List.of(w("a b"))));
    assertEquals(0, s.brevityPenalty());
    assertEquals(0, s.bleu(1));
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(w("a")), List.of()));
    assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(w("a")), List.of(List.of())));
    assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(w("a")), List.of(List.of(w("a"))), 0));
    BleuScore s = Bleu.corpus(List.of(w("a")), List.of(List.of(w("a"))));
    assertThrows(IllegalArgumentException.class, () -> s.bleu(5));
    assertEquals("BLEU-1 1.0000, BLEU-2 0.0000, BLEU-3 0.0000, BLEU-4 0.0000 (BP 1.0000, c 1, r 1)", s.toString());
  }
}
