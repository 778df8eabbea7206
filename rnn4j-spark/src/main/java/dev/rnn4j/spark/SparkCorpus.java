package dev.rnn4j.spark;

import dev.rnn4j.text.Corpus;
import dev.rnn4j.text.Vocabulary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import scala.Tuple2;

/**
 * The training text read as a Spark data source: one file, a directory of files (concatenated in path
 * order), or any Hadoop file system URI. The driver holds the text (the vocabulary is the set of all its
 * symbols, and validation reads its end); it goes through the core's strict UTF-8 reader like a local file,
 * under the URI's last name, so a checkpoint resumes on the same text by content and name.
 */
final class SparkCorpus {
  private SparkCorpus() {}

  static Corpus read(JavaSparkContext sc, String uri, Vocabulary vocabulary) throws IOException {
    List<Tuple2<String, PortableDataStream>> files;
    try {
      files = new ArrayList<>(sc.binaryFiles(uri).collect());
    } catch (RuntimeException e) {
      throw new IOException(uri + ": cannot read (" + firstLine(e.getMessage()) + ")", e);
    }
    if (files.isEmpty()) {
      throw new IOException(uri + ": no files to read");
    }
    files.sort(Comparator.comparing(Tuple2::_1));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Tuple2<String, PortableDataStream> f : files) {
      all.write(f._2().toArray());
    }
    String name = uri.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    if (name.isEmpty() || name.contains(":")) {
      name = "corpus.txt";
    }
    Path dir = Files.createTempDirectory("rnn4j-spark-corpus");
    Path file = dir.resolve(name);
    try {
      Files.write(file, all.toByteArray());
      return vocabulary != null ? Corpus.load(file, vocabulary) : Corpus.load(file);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
