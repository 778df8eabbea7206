package dev.rnn4j.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.model.ModelConfig;
import dev.rnn4j.sample.Sampler;
import dev.rnn4j.sample.SamplingOptions;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.Corpus;
import dev.rnn4j.train.Checkpoint;
import dev.rnn4j.train.Evaluator;
import dev.rnn4j.train.Trainer;
import dev.rnn4j.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's Java example, and checks the README shows exactly this code. */
class ReadmeExampleTest {
  @Test
  void readmeExampleRuns(@TempDir Path dir) throws Exception {
    // README:start
    Corpus corpus = Corpus.builtIn();                       // or Corpus.load(Path.of("input.txt"))
    ModelConfig model = ModelConfig.defaults(corpus.vocabulary().size());   // LSTM 2x128
    TrainingConfig training = TrainingConfig.defaults().withLimits(20, 0, 0); // 20 iterations
    Trainer trainer = Trainer.create(model, corpus, training);
    trainer.run();
    Checkpoint.save(dir.resolve("model.safetensors"), trainer);

    Checkpoint checkpoint = Checkpoint.load(dir.resolve("model.safetensors"));
    Sampler sampler = new Sampler(checkpoint.model());
    String text = sampler.sampleText(checkpoint.vocabulary(), "ROMEO:", 100, SamplingOptions.defaults(), new Rng(1));
    double nats = Evaluator.crossEntropy(checkpoint.model(), corpus.split().validation(), 50, 50, null);
    System.out.printf("%s%n%.3f nats/char, %.3f bits/char%n", text, nats, nats / Math.log(2));
    // README:end
    assertTrue(text.startsWith("ROMEO:"));
    assertEquals(106, text.codePointCount(0, text.length()));
    assertTrue(nats > 0 && nats < Math.log(corpus.vocabulary().size()), "20 iterations already beat chance: " + nats);
  }

  @Test
  void readmeShowsThisExample() throws Exception {
    List<String> source = Files.readAllLines(Path.of("src/test/java/dev/rnn4j/example/ReadmeExampleTest.java"));
    String code = section(source, "// README:start", "// README:end");
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    String shown = section(readme, "<!-- example:start -->", "<!-- example:end -->");
    assertEquals(code, shown.replace("```java\n", "").replace("```\n", ""));
  }

  private static String section(List<String> lines, String from, String to) {
    int a = -1;
    int b = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(from)) {
        a = i;
      } else if (lines.get(i).trim().equals(to)) {
        b = i;
      }
    }
    assertTrue(a >= 0 && b > a, "markers " + from + " / " + to);
    return lines.subList(a + 1, b).stream().map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
