package dev.rnn4j.cli.seq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The lines of a file, or of standard input for {@code -}, decoded strictly as UTF-8, one at a time (streaming). */
final class InputLines {
  interface LineHandler {
    void line(String line, int number) throws IOException;
  }

  private InputLines() {}

  static void forEach(String file, LineHandler handler) throws IOException {
    boolean stdin = file == null || file.equals("-");
    String name = stdin ? "standard input" : file;
    InputStream in;
    try {
      in = stdin ? System.in : Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    }
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    int number = 0;
    try {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        handler.line(line, ++number);
      }
    } catch (CharacterCodingException e) {
      throw new IOException(name + ": line " + (number + 1) + " is not valid UTF-8");
    } finally {
      if (!stdin) {
        r.close();
      }
    }
  }
}
