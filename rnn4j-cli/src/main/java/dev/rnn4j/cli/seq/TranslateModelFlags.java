package dev.rnn4j.cli.seq;

import dev.rnn4j.cli.Flags;
import dev.rnn4j.model.CellType;
import dev.rnn4j.nn.Attention;
import dev.rnn4j.seq.translate.TranslationConfig;
import dev.rnn4j.seq.translate.TranslationEncoding;
import java.util.Map;
import picocli.CommandLine.Option;

/** The model and tokenisation flags of {@code translate train}. */
final class TranslateModelFlags {
  @Option(names = "--cell", description = "rnn, lstm, gru, mut1, mut2 or mut3, encoder and decoder (default gru)")
  String cell = "gru";

  @Option(names = "--embedding", description = "word (or subword) embedding width, both languages (default 256)")
  int embedding = 256;

  @Option(names = "--hidden", description = "encoder units per layer and direction (default 256)")
  int hidden = 256;

  @Option(names = "--layers", description = "stacked encoder layers (default 1)")
  int layers = 1;

  @Option(names = "--unidirectional", description = "the encoder reads forwards only (default: both ways)")
  boolean unidirectional;

  @Option(names = "--decoder-hidden", description = "decoder units per layer (default: the width of an encoder "
      + "state, 2 x --hidden when bidirectional)")
  Integer decoderHidden;

  @Option(names = "--decoder-layers", description = "stacked decoder layers (default 1)")
  int decoderLayers = 1;

  @Option(names = "--attention", paramLabel = "general|dot|additive|none",
      description = "how the decoder scores the source words: Luong's general (default) or dot, Bahdanau's "
          + "additive, or none (the source reaches the decoder only through its first state)")
  String attention = "general";

  @Option(names = "--attention-width", description = "the additive score's hidden width (default: decoder width)")
  Integer attentionWidth;

  @Option(names = "--dropout", description = "dropout on embeddings, between layers and before the output, [0,1) "
      + "(default 0.3)")
  float dropout = 0.3f;

  @Option(names = "--no-lowercase", description = "keep the case of the text (default: lower-case both languages)")
  boolean keepCase;

  @Option(names = "--min-count", description = "keep words seen at least this often in training; the rest are "
      + "<UNK> (default 2; with --bpe, subword units)")
  int minCount = 2;

  @Option(names = "--bpe", paramLabel = "MERGES", description = "split words into subword units by this many "
      + "byte-pair merges learned per language from the training text; 0 = whole words (default 0)")
  int bpe;

  private static final Map<String, String> FLAGS = Map.of("embedding", "--embedding", "hidden", "--hidden",
      "encoderLayers", "--layers", "decoderHidden", "--decoder-hidden", "decoderLayers", "--decoder-layers",
      "attentionWidth", "--attention-width", "dropout", "--dropout");

  TranslationEncoding learnEncoding(java.util.List<String> source, java.util.List<String> target) {
    Flags.positive("--min-count", minCount);
    if (bpe < 0) {
      throw new IllegalArgumentException("--bpe must be >= 0 (0 = whole words), got " + bpe);
    }
    return TranslationEncoding.learn(source, target, !keepCase, minCount, bpe);
  }

  TranslationConfig config(TranslationEncoding encoding) {
    CellType c = CellType.parse(cell);
    Attention.Score score = attention.equals("none") ? null : Attention.Score.parse(attention);
    int memory = unidirectional ? hidden : 2 * hidden;
    int decoder = decoderHidden != null ? decoderHidden : memory;
    int width = score == Attention.Score.ADDITIVE ? (attentionWidth != null ? attentionWidth : decoder) : 0;
    return Flags.named(FLAGS, () -> new TranslationConfig(c, encoding.sourceVocabulary().size(),
        encoding.targetVocabulary().size(), embedding, hidden, layers, !unidirectional, decoder, decoderLayers,
        score, width, dropout));
  }

  /** Whether any model flag was given (a resumed run takes its model from the checkpoint). */
  boolean anyGiven() {
    return !"gru".equals(cell) || embedding != 256 || hidden != 256 || layers != 1 || unidirectional
        || decoderHidden != null || decoderLayers != 1 || !"general".equals(attention) || attentionWidth != null
        || dropout != 0.3f || keepCase || minCount != 2 || bpe != 0;
  }
}
