package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchStreamTest {
  /** Ids equal to their symbol's rank: "abcdefghijklmnopqrstuvwxyz" gives ids 0..25. */
  private static final TokenRange ALPHABET = Corpus.fromString("abcdefghijklmnopqrstuvwxyz").all();

  @Test
  void windowsMatchAHandComputedExpectation() {
    // n = 26, B = 2, T = 3: L = 13, W = floor(11 / 3) = 3; stream 0 is ids 0..12, stream 1 is 13..25.
    BatchStream s = new BatchStream(ALPHABET, 2, 3);
    assertEquals(13, s.streamLength());
    assertEquals(3, s.windowsPerEpoch());
    int[] in = new int[6];
    int[] out = new int[6];
    assertTrue(s.next(in, out));
    assertArrayEquals(new int[] {0, 13, 1, 14, 2, 15}, in);
    assertArrayEquals(new int[] {1, 14, 2, 15, 3, 16}, out);
    assertFalse(s.next(in, out));
    assertArrayEquals(new int[] {3, 16, 4, 17, 5, 18}, in);
    assertArrayEquals(new int[] {4, 17, 5, 18, 6, 19}, out);
    assertFalse(s.next(in, out));
    assertArrayEquals(new int[] {6, 19, 7, 20, 8, 21}, in);
    assertArrayEquals(new int[] {7, 20, 8, 21, 9, 22}, out);
    assertEquals(1, s.epoch());
    assertTrue(s.next(in, out));
    assertArrayEquals(new int[] {0, 13, 1, 14, 2, 15}, in);
  }

  /**
   * min-char-rnn's data loop, transcribed:
   * <pre>
   * if p+seq_length+1 >= len(data) or n == 0: hprev = zeros; p = 0
   * inputs = data[p:p+seq_length]; targets = data[p+1:p+seq_length+1]
   * ... p += seq_length; n += 1
   * </pre>
   */
  private static List<int[]> minCharRnn(int[] data, int seqLength, int iterations) {
    List<int[]> windows = new ArrayList<>();
    int p = 0;
    for (int n = 0; n < iterations; n++) {
      boolean reset = false;
      if (p + seqLength + 1 >= data.length || n == 0) {
        reset = true;
        p = 0;
      }
      int[] inputs = Arrays.copyOfRange(data, p, p + seqLength);
      int[] targets = Arrays.copyOfRange(data, p + 1, p + seqLength + 1);
      windows.add(concat(inputs, targets, reset ? 1 : 0));
      p += seqLength;
    }
    return windows;
  }

  private static int[] concat(int[] a, int[] b, int flag) {
    int[] out = Arrays.copyOf(a, a.length + b.length + 1);
    System.arraycopy(b, 0, out, a.length, b.length);
    out[out.length - 1] = flag;
    return out;
  }

  @Test
  void oneStreamReproducesMinCharRnn() {
    int[] data = ALPHABET.toArray();
    for (int n = 5; n <= 26; n++) {
      TokenRange range = Corpus.fromString("abcdefghijklmnopqrstuvwxyz".substring(0, n)).all();
      for (int seq = 1; seq + 2 <= n; seq++) {
        List<int[]> expected = minCharRnn(Arrays.copyOf(data, n), seq, 40);
        BatchStream s = new BatchStream(range, 1, seq);
        int[] in = new int[seq];
        int[] out = new int[seq];
        for (int i = 0; i < 40; i++) {
          boolean reset = s.next(in, out);
          assertArrayEquals(expected.get(i), concat(in, out, reset ? 1 : 0), "n=" + n + " seq=" + seq + " i=" + i);
        }
      }
    }
  }

  @Test
  void threeStreamsAreContiguousAndDisjoint() {
    // n = 26, B = 3, T = 2: L = 8, W = 3; streams start at 0, 8 and 16; tokens 24 and 25 are never used.
    BatchStream s = new BatchStream(ALPHABET, 3, 2);
    int[] in = new int[6];
    int[] out = new int[6];
    int[][] seen = new int[3][];
    for (int b = 0; b < 3; b++) {
      seen[b] = new int[0];
    }
    for (int w = 0; w < s.windowsPerEpoch(); w++) {
      s.next(in, out);
      for (int b = 0; b < 3; b++) {
        for (int t = 0; t < 2; t++) {
          assertEquals(in[t * 3 + b] + 1, out[t * 3 + b]);
          seen[b] = Arrays.copyOf(seen[b], seen[b].length + 1);
          seen[b][seen[b].length - 1] = in[t * 3 + b];
        }
      }
    }
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, seen[0]);
    assertArrayEquals(new int[] {8, 9, 10, 11, 12, 13}, seen[1]);
    assertArrayEquals(new int[] {16, 17, 18, 19, 20, 21}, seen[2]);
  }

  @Test
  void aRestoredPositionGivesTheSameWindows() {
    BatchStream first = new BatchStream(ALPHABET, 2, 3);
    int[] in = new int[6];
    int[] out = new int[6];
    for (int i = 0; i < 4; i++) {
      first.next(in, out);
    }
    long saved = first.position();
    assertEquals(4, saved);
    BatchStream resumed = new BatchStream(ALPHABET, 2, 3);
    resumed.seek(saved);
    assertEquals(first.epoch(), resumed.epoch());
    assertEquals(first.windowInEpoch(), resumed.windowInEpoch());
    int[] in2 = new int[6];
    int[] out2 = new int[6];
    for (int i = 0; i < 7; i++) {
      assertEquals(first.next(in, out), resumed.next(in2, out2));
      assertArrayEquals(in, in2);
      assertArrayEquals(out, out2);
    }
  }

  @Test
  void tooShortTextIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchStream(ALPHABET, 3, 7));
    assertEquals("text too short: 26 tokens in 3 streams give 8 per stream, need at least 9 for windows of 7",
        e.getMessage());
    new BatchStream(ALPHABET, 3, 6);
  }

  @Test
  void bufferSizesAreChecked() {
    BatchStream s = new BatchStream(ALPHABET, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> s.next(new int[5], new int[6]));
    assertThrows(IllegalArgumentException.class, () -> s.seek(-1));
    assertThrows(IllegalArgumentException.class, () -> new BatchStream(ALPHABET, 0, 3));
  }
}
