package dev.rnn4j.seq.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The serial form of an encoding, as a checkpoint stores it: round trip, and damaged forms refused. */
class SeqEncodingTest {
  private static final SeqEncoding ENCODING = SeqEncoding.forClassifier(List.of("the cat is good", "the dog is bad"),
      List.of("pos", "neg"), InputKind.WORDS, 1);

  private static SeqEncoding parse(String labels) {
    return SeqEncoding.parse(SeqKind.CLASSIFIER, InputKind.WORDS, ENCODING.wordsSerial(), ENCODING.charsSerial(),
        labels);
  }

  @Test
  void roundTrips() {
    SeqEncoding back = parse(ENCODING.labelsSerial());
    assertEquals(List.of("neg", "pos"), back.labels());
    assertEquals(ENCODING.wordsSerial(), back.wordsSerial());
    assertEquals(ENCODING.charsSerial(), back.charsSerial());
  }

  @Test
  void damagedLabelsAreRefusedWithIllegalArgument() {
    // IllegalArgumentException is what the checkpoint loader turns into a one-line refusal; nothing else.
    for (String labels : new String[] {"null", "[\"neg\",null]", "[null,null]", "[\"neg\",\"neg\"]", "[\"neg\"]",
        "[]", "", "{}", "[\"neg\",\"pos\"", "[[\"neg\"],\"pos\"]"}) {
      assertThrows(IllegalArgumentException.class, () -> parse(labels), labels);
    }
  }
}
