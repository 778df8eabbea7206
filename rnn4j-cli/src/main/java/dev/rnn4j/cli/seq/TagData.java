package dev.rnn4j.cli.seq;

import dev.rnn4j.seq.data.ConllU;
import dev.rnn4j.seq.data.TaggedSentence;
import dev.rnn4j.seq.model.Example;
import dev.rnn4j.seq.model.SeqEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A CoNLL-U file read for a tagger: its sentences and, by the chosen column, their tags. */
record TagData(Path file, List<TaggedSentence> sentences, String column) {
  static TagData read(Path file, String column) throws IOException {
    String c = column.toLowerCase(Locale.ROOT);
    if (!c.equals("upos") && !c.equals("xpos")) {
      throw new IllegalArgumentException("--column must be upos or xpos, not '" + column + "'");
    }
    List<TaggedSentence> s = ConllU.read(file);
    TagData d = new TagData(file, s, c);
    boolean any = false;
    for (List<String> tags : d.tags()) {
      any |= tags.stream().anyMatch(t -> !t.equals(TaggedSentence.NO_TAG));
    }
    if (!any) {
      throw new IllegalArgumentException(file + ": the " + c.toUpperCase(Locale.ROOT) + " column holds no tags");
    }
    return d;
  }

  List<List<String>> forms() {
    return sentences.stream().map(TaggedSentence::forms).toList();
  }

  List<List<String>> tags() {
    return sentences.stream().map(s -> column.equals("xpos") ? s.xpos() : s.upos()).toList();
  }

  int words() {
    return sentences.stream().mapToInt(TaggedSentence::size).sum();
  }

  /** Every sentence encoded with its gold tags; a tag the model does not know is an error naming this file. */
  List<Example> examples(SeqEncoding encoding) {
    List<Example> out = new ArrayList<>(sentences.size());
    List<List<String>> forms = forms();
    List<List<String>> tags = tags();
    try {
      for (int i = 0; i < forms.size(); i++) {
        out.add(encoding.taggerExample(forms.get(i), tags.get(i)));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    return out;
  }
}
