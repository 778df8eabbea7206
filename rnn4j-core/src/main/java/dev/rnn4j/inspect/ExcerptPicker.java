package dev.rnn4j.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses readable stretches of a long text where a probe is busy: the text is cut into blocks of the
 * excerpt length, each block scored by how many times the probe's value changes inside it, and the
 * busiest blocks (earliest first among equals) are kept, in text order. Each is then moved to start
 * after a newline and to end at one when there is one near, so excerpts begin and end at whole lines.
 */
final class ExcerptPicker {
  private ExcerptPicker() {}

  /**
   * Up to {@code count} ranges {@code [start, end)} of about {@code length} characters of a text of
   * tokens in which {@code newline} is the newline's token (-1 when there is none).
   */
  static List<int[]> pick(float[] probe, int[] text, int newline, int length, int count) {
    int n = text.length;
    if (n <= length) {
      return List.of(new int[] {0, n});
    }
    List<int[]> blocks = new ArrayList<>();
    for (int start = 0; start < n; start += length) {
      int end = Math.min(n, start + length);
      int changes = 0;
      for (int t = Math.max(1, start); t < end; t++) {
        if (probe[t] != probe[t - 1]) {
          changes++;
        }
      }
      blocks.add(new int[] {start, end, changes});
    }
    blocks.sort(Comparator.<int[]>comparingInt(b -> -b[2]).thenComparingInt(b -> b[0]));
    List<int[]> chosen = new ArrayList<>();
    for (int[] b : blocks.subList(0, Math.min(count, blocks.size()))) {
      chosen.add(atLines(text, newline, b[0], b[1], length));
    }
    chosen.sort(Comparator.comparingInt(r -> r[0]));
    return chosen;
  }

  /** Moves {@code [start, end)} to line boundaries found within a quarter of the length. */
  private static int[] atLines(int[] text, int newline, int start, int end, int length) {
    int slack = Math.max(1, length / 4);
    for (int k = start; k > Math.max(0, start - slack); k--) {
      if (text[k - 1] == newline) {
        start = k;
        end = Math.min(text.length, start + length);
        break;
      }
    }
    for (int k = end; k < Math.min(text.length, end + slack); k++) {
      if (text[k - 1] == newline) {
        end = k;
        break;
      }
    }
    return new int[] {start, end};
  }
}
