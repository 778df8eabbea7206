package dev.rnn4j.seq.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a UTF-8 text file, decoded strictly. Lines end at LF only (a CR before it is dropped), so a
 * U+0085 or U+2028 inside a sentence stays inside it, as in the UCI sentiment files; a leading byte-order
 * mark is dropped. Each line is decoded on its own so that a malformed byte is reported on its exact line,
 * which a buffered reader, decoding ahead, cannot do.
 */
final class TextLines {
  private TextLines() {}

  static List<String> read(Path file) throws DataFileException {
    byte[] bytes = bytes(file);
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      try {
        lines.add(utf8.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString());
      } catch (CharacterCodingException e) {
        throw new DataFileException(file, lines.size() + 1, "not valid UTF-8", e);
      }
      start = end + 1;
    }
    if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
      lines.set(0, lines.get(0).substring(1));
    }
    return lines;
  }

  private static byte[] bytes(Path file) throws DataFileException {
    if (Files.isDirectory(file)) {
      throw new DataFileException(file, "is a directory, not a text file");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, 0, "no such file", e);
    } catch (AccessDeniedException e) {
      throw new DataFileException(file, 0, "permission denied", e);
    } catch (IOException e) {
      throw new DataFileException(file, 0, "cannot read (" + e.getMessage() + ")", e);
    }
  }
}
