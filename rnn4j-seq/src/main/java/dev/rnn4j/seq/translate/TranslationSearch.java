package dev.rnn4j.seq.translate;

import dev.rnn4j.decode.Decoded;
import dev.rnn4j.decode.DecodingOptions;
import dev.rnn4j.decode.SequenceDecoder;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.WordVocabulary;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes translations with a {@link Translator}: one sentence at a time through core's
 * {@link SequenceDecoder} (greedy, beam search with optional length normalisation, sampling), or many
 * sentences at once greedily (what validation uses: one step of the decoder for a whole batch of
 * sentences). Both write what the model's greedy choice is, so they agree sentence by sentence.
 */
public final class TranslationSearch {
  private TranslationSearch() {}

  /** The most tokens a translation of a source of {@code length} tokens may have: 2n + 10, at most {@code cap}. */
  public static int lengthLimit(int length, int cap) {
    return Math.min(cap, 2 * length + 10);
  }

  /** One sentence by {@code options} (its length limit further capped by {@link #lengthLimit}). */
  public static Decoded translate(Translator model, int[] source, DecodingOptions options, Rng rng) {
    int limit = lengthLimit(source.length, options.maxLength());
    DecodingOptions o = new DecodingOptions(options.beam(), options.normalise(), options.temperature(), limit);
    Translator.TranslationStepper stepper = model.stepper(options.beam());
    stepper.begin(source);
    return new SequenceDecoder(stepper, o).decode(rng);
  }

  /**
   * Greedy translations of {@code sources}, {@code batch} sentences per decoder step, each stopped at END
   * or at {@link #lengthLimit}{@code (n, cap)}: the token ids without END.
   */
  public static List<int[]> greedy(Translator model, List<int[]> sources, int batch, int cap) {
    List<int[]> out = new ArrayList<>(sources.size());
    for (int from = 0; from < sources.size(); from += batch) {
      List<int[]> part = sources.subList(from, Math.min(sources.size(), from + batch));
      out.addAll(greedyBatch(model, part, cap));
    }
    return out;
  }

  private static List<int[]> greedyBatch(Translator model, List<int[]> sources, int cap) {
    int n = sources.size();
    int[] memoryOf = new int[n];
    int[] limit = new int[n];
    int longest = 0;
    for (int q = 0; q < n; q++) {
      memoryOf[q] = q;
      limit[q] = lengthLimit(sources.get(q).length, cap);
      longest = Math.max(longest, limit[q]);
    }
    Translator.TranslationStepper stepper = model.stepper(n);
    stepper.begin(sources, memoryOf);
    int[] ids = new int[n];
    Arrays.fill(ids, WordVocabulary.START);
    int[][] words = new int[n][longest];
    int[] length = new int[n];
    boolean[] done = new boolean[n];
    int live = n;
    int v = model.config().targetVocab();
    for (int step = 0; live > 0; step++) {
      Matrix logits = stepper.step(ids);
      FloatBuffer z = logits.buffer();
      for (int q = 0; q < n; q++) {
        if (done[q]) {
          continue;
        }
        int o = logits.offset() + q * v;
        // as SequenceDecoder's greedy: the likeliest of END and the words, lower id first among equals
        int best = WordVocabulary.END;
        for (int w = WordVocabulary.END; w < v; w++) {
          if (z.get(o + w) > z.get(o + best)) {
            best = w;
          }
        }
        if (best == WordVocabulary.END) {
          done[q] = true;
          live--;
          continue;
        }
        words[q][length[q]++] = best;
        ids[q] = best;
        if (length[q] == limit[q]) {
          done[q] = true;
          live--;
        }
      }
    }
    List<int[]> out = new ArrayList<>(n);
    for (int q = 0; q < n; q++) {
      out.add(Arrays.copyOf(words[q], length[q]));
    }
    return out;
  }
}
