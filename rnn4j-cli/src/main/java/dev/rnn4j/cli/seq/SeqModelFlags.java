package dev.rnn4j.cli.seq;

import dev.rnn4j.cli.Flags;
import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.SequencePooling;
import dev.rnn4j.seq.model.InputKind;
import dev.rnn4j.seq.model.SeqConfig;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import java.util.Map;
import picocli.CommandLine.Option;

/** The model's flags of {@code classify train} and {@code tag train}; defaults are {@link SeqConfig}'s. */
final class SeqModelFlags {
  @Option(names = "--input", paramLabel = "chars|words|both",
      description = "what the model reads (default: both for tag, words for classify)")
  String input;

  @Option(names = "--cell", description = "rnn, lstm, gru, mut1, mut2 or mut3 (default lstm)")
  String cell = "lstm";

  @Option(names = "--layers", description = "stacked recurrent layers (default 2)")
  int layers = 2;

  @Option(names = "--hidden", description = "units per layer and direction (default 128)")
  int hidden = 128;

  @Option(names = "--unidirectional", description = "read forwards only (default: bidirectional)")
  boolean unidirectional;

  @Option(names = "--dropout", description = "dropout on every layer's input and the top output, [0,1) (default 0.33)")
  float dropout = 0.33f;

  @Option(names = "--word-embedding", description = "word embedding width (default 100)")
  int wordEmbedding = 100;

  @Option(names = "--char-embedding", description = "character embedding width (default 32)")
  int charEmbedding = 32;

  @Option(names = "--char-hidden", description = "units per direction of the per-word character LSTM (default 64)")
  int charHidden = 64;

  @Option(names = "--word-dropout", description = "probability that a training word is read as <UNK> (its "
      + "characters still are), [0,1) (default 0)")
  float wordDropout;

  @Option(names = "--word-init-scale", paramLabel = "S", description = "fresh word embeddings are N(0, S^2) "
      + "(default: 1 for tag, 0.1 for classify; BENCHMARKS.md says why)")
  Float wordInitScale;

  @Option(names = "--min-count", description = "keep words and characters seen at least this often in training (default 2)")
  int minCount = 2;

  private static final Map<String, String> FLAGS = Map.of("layers", "--layers", "hidden", "--hidden", "dropout",
      "--dropout", "wordEmbedding", "--word-embedding", "charEmbedding", "--char-embedding", "charHidden",
      "--char-hidden", "wordDropout", "--word-dropout", "wordInitScale", "--word-init-scale");

  InputKind input(SeqKind kind) {
    return input != null ? InputKind.parse(input) : kind == SeqKind.TAGGER ? InputKind.BOTH : InputKind.WORDS;
  }

  SeqConfig config(SeqKind kind, SeqEncoding encoding, SequencePooling.Kind pooling) {
    CellType c = CellType.parse(cell);
    return Flags.named(FLAGS, () -> {
      SeqConfig.Builder b = SeqConfig.builder(kind, encoding.input(), encoding.wordVocabSize(),
              encoding.charVocabSize(), encoding.labels().size()).cell(c).layers(layers).hidden(hidden)
          .bidirectional(!unidirectional).dropout(dropout).wordEmbedding(wordEmbedding).charEmbedding(charEmbedding)
          .charHidden(charHidden).pooling(pooling).wordDropout(wordDropout);
      if (wordInitScale != null) {
        b.wordInitScale(wordInitScale);
      }
      return b.build();
    });
  }

  /** Whether any model flag was given (a resumed run takes its model from the checkpoint). */
  boolean anyGiven() {
    return input != null || !"lstm".equals(cell) || layers != 2 || hidden != 128 || unidirectional
        || dropout != 0.33f || wordEmbedding != 100 || charEmbedding != 32 || charHidden != 64 || wordDropout != 0
        || wordInitScale != null;
  }
}
