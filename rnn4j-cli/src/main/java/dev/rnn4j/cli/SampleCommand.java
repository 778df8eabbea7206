package dev.rnn4j.cli;

import dev.rnn4j.sample.BatchSampler;
import dev.rnn4j.sample.Generation;
import dev.rnn4j.sample.Sampler;
import dev.rnn4j.sample.SamplingOptions;
import dev.rnn4j.tensor.CoreSplit;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.WeightFormat;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.train.Checkpoint;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnn4j sample CKPT}: streams generated text to standard output as it is produced. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Generate text from a checkpoint, streamed as it is produced.")
final class SampleCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "checkpoint (.safetensors) written by train")
  Path checkpoint;

  @Option(names = {"-n", "--length"}, description = "characters to generate (default 500)")
  int length = 500;

  @Option(names = {"-t", "--temperature"}, description = "softmax temperature, > 0 (default 1)")
  float temperature = 1f;

  @Option(names = "--top-k", description = "sample among the k most likely characters; 0 = all (default 0)")
  int topK;

  @Option(names = "--prime", paramLabel = "TEXT", description = "text run through the model first (printed too)")
  String prime = "";

  @Option(names = "--seed", description = "random seed: same seed, same text (default 1)")
  long seed = 1;

  @Option(names = "--argmax", description = "always take the most likely character")
  boolean argmax;

  @Option(names = "--count", description = "texts to write, generated together as one batch (seeds SEED, SEED+1, "
      + "...: text i is what --seed SEED+i --weights float32 writes alone); each follows the one before after a line '----' "
      + "(default 1: streamed as it is drawn)")
  int count = 1;

  @Option(names = "--weights", paramLabel = "FORMAT", description = "how one stream reads the weights: int8 or "
      + "int16 (integers scaled per unit: a quarter or half the memory traffic, within 0.001 nats/char of the "
      + "float model) or float32 (exactly as trained; the same seed can then draw a different text) (default int8)")
  String weights = "int8";

  @Option(names = "--threads", description = "cores that share each step's products (default: all)")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("--length must be >= 0, got " + length);
    }
    if (!(temperature > 0) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("--top-k must be >= 0 (0 = all), got " + topK);
    }
    Checkpoint ckpt = Checkpoint.load(checkpoint);
    Vocabulary vocab = ckpt.vocabulary();
    int[] unknown = vocab.unknownSymbols(prime);
    if (unknown.length > 0) {
      StringJoiner j = new StringJoiner(", ");
      for (int s : unknown) {
        j.add(vocab.describe(s));
      }
      throw new IllegalArgumentException("--prime has characters the model never saw: " + j);
    }
    Flags.positive("--count", count);
    WeightFormat format = Flags.weights(weights);
    int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Flags.positive("--threads", cores);
    int[] primeIds = vocab.encode(prime);
    if (count > 1) {
      return batch(ckpt, primeIds);
    }
    try (CoreSplit split = CoreSplit.of(cores)) {
      return stream(Sampler.frozen(ckpt.model(), format, split), primeIds, vocab);
    }
  }

  /** One text, each character written as soon as it is drawn. */
  private int stream(Sampler sampler, int[] primeIds, Vocabulary vocab) throws IOException {
    sampler.prime(primeIds);
    PrintStream stdout = System.out;
    OutputStream out = new BufferedOutputStream(stdout, 1 << 12);
    out.write(prime.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.flush();
    try {
      sampler.generate(length, new SamplingOptions(temperature, topK, argmax), new Rng(seed), id -> {
        try {
          vocab.write(id, out);
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        // A PrintStream swallows the write error of a closed pipe (| head) and only remembers it.
        if (stdout.checkError()) {
          throw new UncheckedIOException(new IOException("standard output is closed"));
        }
      });
      out.write('\n');
      out.flush();
    } catch (UncheckedIOException e) {
      // standard output closed (e.g. piped into head): stop at once, quietly
      return 0;
    }
    return 0;
  }

  /** {@code --count N}: N generations stepping together through one {@link BatchSampler}, then printed in order. */
  private int batch(Checkpoint ckpt, int[] primeIds) {
    Vocabulary vocab = ckpt.vocabulary();
    BatchSampler batch = new BatchSampler(ckpt.model());
    StringBuilder[] texts = new StringBuilder[count];
    SamplingOptions options = new SamplingOptions(temperature, topK, argmax);
    for (int i = 0; i < count; i++) {
      StringBuilder text = new StringBuilder();
      texts[i] = text;
      batch.add(new Generation(primeIds, length, options, seed + i, 0,
          (position, id, primed, p, guessIds, guessProbs, states) -> text.append(vocab.decode(id))));
    }
    while (batch.activeCount() > 0) {
      batch.step();
    }
    PrintStream out = System.out;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.println("----");
      }
      out.println(texts[i]);
    }
    out.flush();
    return 0;
  }
}
