package dev.rnn4j.cli.seq;

import dev.rnn4j.seq.data.ConllU;
import dev.rnn4j.seq.data.TaggedSentence;
import dev.rnn4j.seq.model.Predictor;
import dev.rnn4j.seq.model.SeqEncoding;
import dev.rnn4j.seq.model.SeqKind;
import dev.rnn4j.seq.train.SeqCheckpoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j tag predict CKPT [FILE|-]}: tokens in (one sentence a line, separated by white space), CoNLL-U
 * out, a sentence as soon as its line is read.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Tag tokenised text: one sentence a line, tokens separated by white space (standard input when "
        + "FILE is - or absent).", "Writes CoNLL-U with the predicted tag in the trained column."})
final class TagPredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CKPT", description = "a tagger's checkpoint")
  Path checkpoint;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "input text (default -: standard input)")
  String file = "-";

  @Override
  public Integer call() throws Exception {
    SeqCheckpoint c = SeqCheckpoint.load(checkpoint, SeqKind.TAGGER);
    SeqEncoding encoding = c.encoding();
    Predictor predictor = new Predictor(c.model(), 1);
    boolean xpos = c.tagColumn().equals("xpos");
    PrintStream out = System.out;
    int[] count = new int[1];
    InputLines.forEach(file, (line, number) -> {
      List<String> forms = Arrays.asList(line.trim().split("\\s+"));
      if (line.isBlank()) {
        return;
      }
      Predictor.Result r = predictor.run(List.of(encoding.taggerExample(forms, null)));
      List<String> tags = new ArrayList<>();
      for (int y : r.labels().get(0)) {
        tags.add(encoding.label(y));
      }
      List<String> none = forms.stream().map(f -> TaggedSentence.NO_TAG).toList();
      count[0]++;
      TaggedSentence s = new TaggedSentence(forms, xpos ? none : tags, xpos ? tags : none, Integer.toString(count[0]),
          line.trim(), List.of());
      out.print(ConllU.format(s));
      out.flush();
    });
    return 0;
  }
}
