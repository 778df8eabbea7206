package dev.rnn4j.sample;

import dev.rnn4j.model.LanguageModel;
import dev.rnn4j.nn.SoftmaxCrossEntropy;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Matrix;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.WeightFormat;
import dev.rnn4j.text.Vocabulary;
import java.util.function.IntConsumer;

/**
 * Generates symbols one at a time from a language model: feed a symbol, turn the logits into a
 * distribution (temperature, top-k), draw the next symbol, feed it back. Runs on its own twin of the
 * model (batch 1, one step), so sampling never disturbs a training run's state.
 */
public final class Sampler {
  private final LanguageModel model;
  private final int vocab;
  private final int[] one = new int[1];
  private final SymbolDraw draw;
  /** Logits after the last symbol fed; null when nothing has been fed since {@link #reset()}. */
  private Matrix current;

  /** A sampler that follows {@code trained}'s weights as they change (samples during training). */
  public Sampler(LanguageModel trained) {
    this(trained, trained.twin());
  }

  /**
   * A sampler for a model whose weights no longer change (a loaded checkpoint): it reads them in
   * {@code format}, each step's products shared out by {@code split} (see {@link LanguageModel#frozenTwin}).
   */
  public static Sampler frozen(LanguageModel trained, WeightFormat format, CoreSplit split) {
    return new Sampler(trained, trained.frozenTwin(format, split));
  }

  private Sampler(LanguageModel trained, LanguageModel twin) {
    this.model = twin;
    this.model.ensureCapacity(1, 1);
    this.vocab = trained.config().vocabSize();
    this.draw = new SymbolDraw(vocab);
  }

  /** Forgets the state and the last symbol. */
  public void reset() {
    model.resetState();
    current = null;
  }

  /** The sampler's recurrent state (h, c of every layer), e.g. to start from a training stream's state. */
  public java.util.List<Matrix> states() {
    return model.states();
  }

  /** Runs the priming symbols through the model, each once; generation continues after the last. */
  public void prime(int[] ids) {
    for (int id : ids) {
      feed(id);
    }
  }

  /** Logits after feeding {@code id}; the state moves one step. */
  private Matrix feed(int id) {
    one[0] = id;
    current = model.logits(one, 1);
    return current;
  }

  /**
   * Generates {@code length} symbols, handing each to {@code out} as soon as it is drawn, and feeds each
   * back so that a later call continues the text. Without a primed symbol the first one is drawn
   * uniformly (as char-rnn does).
   */
  public void generate(int length, SamplingOptions options, Rng rng, IntConsumer out) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    int i = 0;
    if (current == null && length > 0) {
      int first = rng.nextInt(vocab);
      out.accept(first);
      feed(first);
      i++;
    }
    for (; i < length; i++) {
      int next = pick(current, options, rng);
      out.accept(next);
      feed(next);
    }
  }

  /** Convenience: primes, generates and returns the ids. */
  public int[] sample(int[] prime, int length, SamplingOptions options, Rng rng) {
    reset();
    prime(prime);
    int[] out = new int[length];
    int[] k = {0};
    generate(length, options, rng, id -> out[k[0]++] = id);
    return out;
  }

  /** Feeds {@code afterId} and returns the next-symbol probabilities at temperature 1 (for inspection). */
  public double[] distribution(int afterId) {
    Matrix logits = feed(afterId);
    double[] p = new double[vocab];
    SoftmaxCrossEntropy.softmax(logits, 0, 1f, p);
    return p;
  }

  private int pick(Matrix logits, SamplingOptions o, Rng rng) {
    return draw.pick(logits, 0, o, rng);
  }

  /**
   * Text in, text out: runs {@code prime} through the model from a fresh state and returns it followed
   * by {@code length} generated symbols. Characters the vocabulary lacks are an error that lists them.
   */
  public String sampleText(Vocabulary vocabulary, String prime, int length, SamplingOptions options, Rng rng) {
    int[] ids = sample(vocabulary.encode(prime), length, options, rng);
    return prime + vocabulary.decode(ids);
  }
}
