package dev.rnn4j.inspect;

import java.util.List;
import java.util.Set;

/**
 * The built-in probes: per-character signals of the kinds of structure Karpathy, Johnson and Fei-Fei
 * found single cells tracking. Value t describes the text after reading character t. The text is read by
 * a small C-like lexer (code, string, block comment, line comment), so a {@code //} inside a string is
 * not a comment and a quote inside a comment does not open a string.
 *
 * <p>Each probe is scored only over its scope (see {@link Probe#scope()}), given after its definition:
 * where a structure cannot occur, a unit that tracks something else found only there (a comment cell)
 * would otherwise look related to it. "String literals" are the characters the {@code quote} probe marks,
 * "comments" those the {@code comment} probe marks.
 *
 * <ul>
 *   <li>{@code quote} (binary): inside a double-quoted string. The opening quote is outside (0), the
 *       characters after it up to and including the closing quote are inside (1). A quote preceded by a
 *       backslash inside a string does not close it ({@code \\} escapes the backslash); the character
 *       literal {@code '"'} opens nothing. Strings may span lines (prose quotations do).
 *       Scope: outside comments.</li>
 *   <li>{@code line-position} (count): characters read since the last newline: 0 right after reading a
 *       newline, 1 after the first character of a line; before the first newline, t + 1.
 *       Scope: everywhere.</li>
 *   <li>{@code bracket-depth} (count): nesting depth of (), [] and {} together, counted outside strings
 *       and comments, never below 0: an opening bracket already counts, a closing one no longer does.
 *       Scope: outside comments and string literals, where the depth stands still.</li>
 *   <li>{@code comment} (binary): inside {@code /* ... *}{@code /}, {@code // ...} to the end of the line,
 *       or {@code # ...} to the end of the line, delimiters included and the ending newline excluded. A
 *       {@code #} is not a comment on a C preprocessor line: {@code #} as the first non-blank character
 *       of a line followed (after optional blanks) by include, define, if, ifdef, ifndef, else, elif,
 *       endif, undef, pragma, error, warning or line; such a line continues after a trailing backslash.
 *       Scope: outside string literals.</li>
 *   <li>{@code if-condition} (binary): from the {@code (} after the keyword {@code if} (a whole word,
 *       outside strings and comments, optional blanks between) to its matching {@code )}, both
 *       included. Scope: outside comments and string literals.</li>
 *   <li>{@code indentation} (count): width of the current line's leading blanks, a space 1 column and a
 *       tab up to the next multiple of 8; every character of the line, its newline included, gets it.
 *       Scope: outside comments and string literals.</li>
 * </ul>
 */
public final class Probes {
  /** Built-in probe names, in report order. */
  public static final List<String> BUILT_IN = List.of("quote", "line-position", "bracket-depth", "comment",
      "if-condition", "indentation");

  private static final Set<String> DIRECTIVES = Set.of("include", "define", "if", "ifdef", "ifndef", "else",
      "elif", "endif", "undef", "pragma", "error", "warning", "line");

  private enum State { CODE, STRING, BLOCK_COMMENT, LINE_COMMENT }

  private Probes() {}

  /** The built-in probes of a text given as symbols (code points, or bytes for a byte vocabulary). */
  public static List<Probe> builtIn(int[] text) {
    int n = text.length;
    float[] quote = new float[n];
    float[] depth = new float[n];
    float[] comment = new float[n];
    float[] condition = new float[n];
    State state = State.CODE;
    int brackets = 0;
    int parens = 0;
    int[] conditionDepths = new int[16];
    int conditions = 0;
    int ifParen = -1;
    int literalEnd = -1;
    boolean escaped = false;
    boolean lineStart = true;
    boolean directive = false;
    boolean continued = false;
    for (int t = 0; t < n; t++) {
      int c = text[t];
      boolean inCondition = conditions > 0;
      switch (state) {
        case STRING -> {
          quote[t] = 1;
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            state = State.CODE;
          }
        }
        case BLOCK_COMMENT -> {
          comment[t] = 1;
          if (c == '/' && at(text, t - 1) == '*' && t - 1 > literalEnd) {
            state = State.CODE;
          }
        }
        case LINE_COMMENT -> {
          if (c == '\n') {
            state = State.CODE;
          } else {
            comment[t] = 1;
          }
        }
        case CODE -> {
          if (t <= literalEnd) {
            break; // inside a character literal such as '(' or '"': no meaning
          }
          if (lineStart && c == '#' && isDirective(text, t + 1)) {
            directive = true;
          }
          if (c == '"') {
            state = State.STRING;
          } else if (c == '\'' && charLiteralEnd(text, t) > 0) {
            literalEnd = charLiteralEnd(text, t);
          } else if (c == '/' && at(text, t + 1) == '*') {
            state = State.BLOCK_COMMENT;
            comment[t] = 1;
            literalEnd = t + 1; // the '*' of "/*" does not also close the comment ("/*/")
          } else if (c == '/' && at(text, t + 1) == '/' || c == '#' && !directive) {
            state = State.LINE_COMMENT;
            comment[t] = 1;
          } else if (c == '(' || c == '[' || c == '{') {
            brackets++;
            if (c == '(') {
              if (t == ifParen) {
                if (conditions == conditionDepths.length) {
                  conditionDepths = java.util.Arrays.copyOf(conditionDepths, conditions * 2);
                }
                conditionDepths[conditions++] = parens;
                inCondition = true;
              }
              parens++;
            }
          } else if (c == ')' || c == ']' || c == '}') {
            brackets = Math.max(0, brackets - 1);
            if (c == ')') {
              parens = Math.max(0, parens - 1);
              if (conditions > 0 && conditionDepths[conditions - 1] == parens) {
                conditions--;
              }
            }
          } else if (c == 'i' && at(text, t + 1) == 'f' && !isWordChar(at(text, t - 1))
              && !isWordChar(at(text, t + 2))) {
            int k = t + 2;
            while (at(text, k) == ' ' || at(text, k) == '\t') {
              k++;
            }
            if (at(text, k) == '(') {
              ifParen = k;
            }
          }
        }
        default -> throw new AssertionError(state);
      }
      depth[t] = brackets;
      condition[t] = inCondition ? 1 : 0;
      if (c == '\n') {
        directive = directive && continued;
        lineStart = true;
      } else if (c != ' ' && c != '\t') {
        lineStart = false;
      }
      continued = c == '\\';
    }
    boolean[] outsideComments = new boolean[n];
    boolean[] outsideStrings = new boolean[n];
    boolean[] code = new boolean[n];
    for (int t = 0; t < n; t++) {
      outsideComments[t] = comment[t] == 0;
      outsideStrings[t] = quote[t] == 0;
      code[t] = outsideComments[t] && outsideStrings[t];
    }
    return List.of(new Probe("quote", Probe.Kind.BINARY, quote, outsideComments),
        new Probe("line-position", Probe.Kind.COUNT, linePosition(text)),
        new Probe("bracket-depth", Probe.Kind.COUNT, depth, code),
        new Probe("comment", Probe.Kind.BINARY, comment, outsideStrings),
        new Probe("if-condition", Probe.Kind.BINARY, condition, code),
        new Probe("indentation", Probe.Kind.COUNT, indentation(text), code));
  }

  static float[] linePosition(int[] text) {
    float[] v = new float[text.length];
    int since = 0;
    for (int t = 0; t < text.length; t++) {
      since = text[t] == '\n' ? 0 : since + 1;
      v[t] = since;
    }
    return v;
  }

  static float[] indentation(int[] text) {
    float[] v = new float[text.length];
    int start = 0;
    while (start < text.length) {
      int width = 0;
      int k = start;
      for (; k < text.length && (text[k] == ' ' || text[k] == '\t'); k++) {
        width = text[k] == '\t' ? (width / 8 + 1) * 8 : width + 1;
      }
      int end = k;
      while (end < text.length && text[end] != '\n') {
        end++;
      }
      end = Math.min(end + 1, text.length);
      java.util.Arrays.fill(v, start, end, width);
      start = end;
    }
    return v;
  }

  private static int at(int[] text, int i) {
    return i >= 0 && i < text.length ? text[i] : -1;
  }

  private static boolean isWordChar(int c) {
    return c >= 0 && (Character.isLetterOrDigit(c) || c == '_');
  }

  /**
   * The index of the closing {@code '} of a one-character literal starting at t ({@code 'x'} or
   * {@code '\x'}), or -1: an apostrophe in prose is just a character.
   */
  private static int charLiteralEnd(int[] text, int t) {
    int a = at(text, t + 1);
    if (a == '\\' && at(text, t + 2) >= 0 && at(text, t + 3) == '\'') {
      return t + 3;
    }
    if (a >= 0 && a != '\'' && a != '\n' && a != '\\' && at(text, t + 2) == '\'') {
      return t + 2;
    }
    return -1;
  }

  /** After a line-initial {@code #}: optional blanks, then a preprocessor directive word. */
  private static boolean isDirective(int[] text, int from) {
    int k = from;
    while (at(text, k) == ' ' || at(text, k) == '\t') {
      k++;
    }
    StringBuilder word = new StringBuilder();
    while (at(text, k) >= 'a' && at(text, k) <= 'z') {
      word.append((char) text[k++]);
    }
    return !isWordChar(at(text, k)) && DIRECTIVES.contains(word.toString());
  }
}
