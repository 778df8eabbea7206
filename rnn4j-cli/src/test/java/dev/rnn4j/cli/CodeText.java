package dev.rnn4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** C-like text with every structure the cell probes look for: strings, comments, brackets, ifs, indents. */
final class CodeText {
  private static final String[] NAMES = {"count", "buf", "len", "dev", "flags", "node", "err", "size"};

  private CodeText() {}

  static String of(int chars, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    sb.append("#include <stdio.h>\n");
    while (sb.length() < chars) {
      String a = NAMES[r.nextInt(NAMES.length)];
      String b = NAMES[r.nextInt(NAMES.length)];
      sb.append("/* check the ").append(a).append(" */\n");
      sb.append("static int ").append(a).append("_").append(b).append("(int ").append(a).append(", char *").append(b)
          .append(")\n{\n");
      sb.append("\tif (").append(a).append(" > ").append(r.nextInt(100)).append(" && ").append(b).append("[0]) {\n");
      sb.append("\t\tprintf(\"").append(b).append(" is %d\\n\", ").append(a).append("); // report\n");
      sb.append("\t\treturn -1;\n\t}\n");
      sb.append("\treturn (").append(a).append(" + ").append(r.nextInt(10)).append(") * 2;\n}\n\n");
    }
    return sb.toString();
  }

  static Path file(Path dir, String name, int chars, long seed) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, of(chars, seed), StandardCharsets.UTF_8);
    return f;
  }
}
