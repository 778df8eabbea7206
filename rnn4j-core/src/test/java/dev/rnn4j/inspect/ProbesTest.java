package dev.rnn4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every built-in probe on hand-made texts whose signal is written out underneath, one digit per character
 * (the value after reading that character).
 */
class ProbesTest {
  private static float[] signal(String name, String text) {
    List<Probe> probes = Probes.builtIn(text.codePoints().toArray());
    return probes.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().values();
  }

  private static void assertSignal(String name, String text, String expected) {
    assertEquals(text.length(), expected.length(), "test typo: text and expectation differ in length");
    float[] v = signal(name, text);
    StringBuilder got = new StringBuilder();
    for (float f : v) {
      got.append(f >= 10 ? "+" : String.valueOf((int) f));
    }
    assertEquals(expected, got.toString(), () -> name + " of " + text.replace("\n", "\\n"));
  }

  @Test
  void builtInProbesHaveTheDocumentedNamesAndKinds() {
    List<Probe> probes = Probes.builtIn("a".codePoints().toArray());
    assertEquals(Probes.BUILT_IN, probes.stream().map(Probe::name).toList());
    assertEquals(List.of(Probe.Kind.BINARY, Probe.Kind.COUNT, Probe.Kind.COUNT, Probe.Kind.BINARY,
        Probe.Kind.BINARY, Probe.Kind.COUNT), probes.stream().map(Probe::kind).toList());
  }

  @Test
  void quoteOpensAfterTheQuoteAndClosesWithIt() {
    assertSignal("quote", "a \"bc\" d", "00011100");
    assertSignal("quote", "a \"bc\\\"d\" e", "00011111100");
    assertSignal("quote", "\"a\\\\\"b", "011110");
    assertSignal("quote", "'\"' \"a\"", "0000011");
    assertSignal("quote", "don't \"x\"", "000000011");
    assertSignal("quote", "\"a\nb\"c", "011110");
    assertSignal("quote", "/* \"x\" */ \"y\"", "0000000000011");
  }

  @Test
  void linePositionCountsCharactersSinceTheLastNewline() {
    assertSignal("line-position", "ab\ncde\n\nf", "120123001");
  }

  @Test
  void bracketDepthCountsAllThreeKindsOutsideStringsAndComments() {
    assertSignal("bracket-depth", "f(a[b]{c})) (", "0112212210001");
    assertSignal("bracket-depth", "(\"(\" /* ( */ '(' //(\n(", "1111111111111111111112");
  }

  @Test
  void commentCoversBlockLineAndHashCommentsButNotPreprocessorLines() {
    assertSignal("comment", "x/*a*/y//b\nz # c\n", "01111101110001110");
    assertSignal("comment", "#include <a>\n# x\n  #  define X\n#endif\n", "00000000000001110000000000000000000000");
    assertSignal("comment", "#define A \\\n  #b\n#c\n", "00000000000000000110");
    assertSignal("comment", "\"//x\" /*/ */ y", "00000011111100");
    assertSignal("comment", "#define S(x) #x\n#y", "000000000000000011");
  }

  @Test
  void ifConditionRunsFromItsParenthesisToTheMatchingOne() {
    assertSignal("if-condition", "if (a(b)) x; iff (c) ; if(d)", "0001111110000000000000000111");
    assertSignal("if-condition", "elif (a) if(\")\") z", "000000000001111100");
    assertSignal("if-condition", "// if (a)\nif (b)", "0000000000000111");
  }

  @Test
  void indentationIsTheLeadingBlanksWidthWithTabStopsOfEight() {
    assertSignal("indentation", " \tab\n  c\nd\n\t\t", "88888222200++");
    float[] v = signal("indentation", "\t\tx");
    assertEquals(16f, v[2]);
  }

  @Test
  void eachBuiltInProbeIsScoredOnlyWhereItMeansSomething() {
    // the if condition's string and the comment's bracket and quotes are where the scopes cut
    String text = "if (s == \"/*(\") /* \"x\" ( */ y;\n// z\n";
    List<Probe> probes = Probes.builtIn(text.codePoints().toArray());
    String outsideStrings = "111111111100001111111111111111111111";
    String outsideComments = "111111111111111100000000000111100001";
    String code = "111111111100001100000000000111100001";
    assertEquals(text.length(), code.length(), "test typo");
    assertEquals("quote " + outsideComments, "quote " + mask(probes.get(0)));
    assertEquals("line-position everywhere", "line-position " + mask(probes.get(1)));
    assertEquals("bracket-depth " + code, "bracket-depth " + mask(probes.get(2)));
    assertEquals("comment " + outsideStrings, "comment " + mask(probes.get(3)));
    assertEquals("if-condition " + code, "if-condition " + mask(probes.get(4)));
    assertEquals("indentation " + code, "indentation " + mask(probes.get(5)));
    assertEquals(code.replace("0", "").length(), probes.get(4).scoredCount());
    assertEquals(text.length(), probes.get(1).scoredCount());
    assertEquals(null, RegexProbe.parse("y=y").probe(text.codePoints().toArray()).scope(), "user probes: everywhere");
  }

  private static String mask(Probe p) {
    if (p.scope() == null) {
      return "everywhere";
    }
    StringBuilder sb = new StringBuilder();
    for (boolean in : p.scope()) {
      sb.append(in ? '1' : '0');
    }
    return sb.toString();
  }

  @Test
  void aScopeMustCoverEveryValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Probe("p", Probe.Kind.BINARY, new float[3], new boolean[2]));
    assertTrue(e.getMessage().contains("probe p: scope of 2 characters for 3 values"), e.getMessage());
  }

  @Test
  void regexProbeMarksEveryCharacterOfEachMatch() {
    RegexProbe p = RegexProbe.parse("num=[0-9]+");
    assertEquals("num", p.name());
    // the emoji is one symbol (two Java chars): matches after it still land on the right symbols
    float[] v = p.probe("a12 b3 \uD83D\uDE00 45".codePoints().toArray()).values();
    assertEquals("01100100011", digits(v));
    float[] line = RegexProbe.parse("hash=^#.*$").probe("x\n#ab\ny".codePoints().toArray()).values();
    assertEquals("0011100", digits(line));
  }

  private static String digits(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (float f : v) {
      sb.append((int) f);
    }
    return sb.toString();
  }

  @Test
  void badProbeSpecsAreRefusedWithTheSpecInTheMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegexProbe.parse("noequals"));
    assertTrue(e.getMessage().contains("'noequals' is not NAME=REGEX"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RegexProbe.parse("x=[a-"));
    assertTrue(e.getMessage().contains("bad regular expression"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RegexProbe.parse("=abc"));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RegexProbe.parse("quote=abc"));
    assertTrue(e.getMessage().contains("built-in"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RegexProbe.parse("x="));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }
}
