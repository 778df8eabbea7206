package dev.rnn4j.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A learned subword vocabulary, byte-pair encoding as Sennrich, Haddow and Birch (2016) and their subword-nmt
 * do it, so that a word-level model (the translator) reads and writes a rare or unseen word as a few frequent
 * pieces instead of {@code <UNK>}. Deterministic; immutable but for a cache of split words; safe to share
 * between threads.
 *
 * <p>Learning: each distinct training word, weighted by its count, is a sequence of its code points, the last
 * one marked as ending the word (subword-nmt's {@code </w>}: a "t" inside a word and a "t" that ends one are
 * different symbols). Repeatedly the most frequent adjacent pair of symbols becomes one symbol in every word,
 * left to right and without overlaps ({@code x x x} gives {@code xx x}). A tie goes to the pair whose left,
 * then right, symbol is smallest, by text ({@link String#compareTo}) and then inside before word-ending;
 * subword-nmt, by Python's {@code max} over (count, pair), takes the largest. Learning stops after the merges
 * asked for, or early when no pair occurs twice. Pair counts, and an index from each pair to the words that
 * hold it, are updated after a merge for the words it changed only, and a priority queue whose stale entries
 * are skipped when they surface finds the next pair: thousands of merges take a fraction of a second.
 *
 * <p>Splitting a word (subword-nmt's {@code apply_bpe}): start from its code points and, while one applies,
 * apply the earliest learned merge among its adjacent pairs. Every unit but a word's last carries the suffix
 * {@code @@} ("un@@ believ@@ able"), which {@link #decode} drops to glue the unit to the next. A word may hold
 * "@@" itself: inside a unit it is kept as it is, and a word whose last unit would end in "@@" (which decode
 * would glue to the next word) has that unit's final "@" split off as a unit of its own. So decode inverts
 * encode for any words, empty ones and those holding "@@" included.
 *
 * <p>Serial form, subword-nmt's codes file: the line {@code #version: 0.2}, then one merge per line, its left
 * and right symbols separated by a space, a word-ending symbol followed by {@code </w>}. Backslash, space, tab,
 * newline and carriage return are written {@code \\ \s \t \n \r}, and a symbol whose own text ends in
 * {@code </w>} writes that {@code <} as {@code \<}. For tokens free of these, subword-nmt's {@code apply_bpe}
 * reads it.
 */
public final class BytePairEncoding {
  /** The suffix of every unit but a word's last. */
  static final String SEPARATOR = "@@";
  static final String HEADER = "#version: 0.2";
  private static final String END = "</w>";
  /** Words split beyond this many are not cached, so odd input cannot fill memory. */
  static final int CACHE_LIMIT = 1 << 17;

  private final List<Merge> merges;
  private final Map<Merge, Integer> ranks = new HashMap<>();
  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

  private BytePairEncoding(List<Merge> merges) {
    this.merges = List.copyOf(merges);
    for (int i = 0; i < this.merges.size(); i++) {
      ranks.putIfAbsent(this.merges.get(i), i); // a merge learned twice applies at its first rank
    }
  }

  /**
   * Learns at most {@code merges} merges from the words of {@code sentences} (already tokenised; empty tokens
   * are skipped): the most frequent adjacent pair first, a tie to the smallest pair, stopping early when no
   * pair occurs twice (see the class comment).
   *
   * @throws IllegalArgumentException when {@code merges} is negative
   */
  public static BytePairEncoding learn(Iterable<? extends List<String>> sentences, int merges) {
    if (merges < 0) {
      throw new IllegalArgumentException("number of merges must be at least 0, got " + merges);
    }
    Map<String, Long> counts = new HashMap<>();
    for (List<String> sentence : sentences) {
      for (String w : sentence) {
        if (!w.isEmpty()) {
          counts.merge(w, 1L, Long::sum);
        }
      }
    }
    return new BytePairEncoding(new Learner(counts).learn(merges));
  }

  /** The units of {@code word}, all but the last ending in "@@"; an empty word is the one unit "". */
  public List<String> split(String word) {
    List<String> units = cache.get(word);
    if (units == null) {
      units = segment(word);
      if (cache.size() < CACHE_LIMIT) {
        cache.put(word, units);
      }
    }
    return units;
  }

  private List<String> segment(String word) {
    if (word.isEmpty()) {
      return List.of("");
    }
    int[] cps = word.codePoints().toArray();
    List<Symbol> symbols = new ArrayList<>(cps.length);
    for (int i = 0; i < cps.length; i++) {
      symbols.add(new Symbol(Character.toString(cps[i]), i == cps.length - 1));
    }
    while (symbols.size() > 1) {
      Merge best = null;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        Merge m = new Merge(symbols.get(i), symbols.get(i + 1));
        Integer rank = ranks.get(m);
        if (rank != null && rank < bestRank) {
          best = m;
          bestRank = rank;
        }
      }
      if (best == null) {
        break;
      }
      Symbol joined = best.left().join(best.right());
      List<Symbol> next = new ArrayList<>(symbols.size());
      for (int i = 0; i < symbols.size(); ) {
        if (i + 1 < symbols.size() && symbols.get(i).equals(best.left()) && symbols.get(i + 1).equals(best.right())) {
          next.add(joined);
          i += 2;
        } else {
          next.add(symbols.get(i++));
        }
      }
      symbols = next;
    }
    List<String> units = new ArrayList<>(symbols.size() + 1);
    for (int i = 0; i + 1 < symbols.size(); i++) {
      units.add(symbols.get(i).text() + SEPARATOR);
    }
    String last = symbols.get(symbols.size() - 1).text();
    if (last.endsWith(SEPARATOR)) {
      units.add(last.substring(0, last.length() - 1) + SEPARATOR);
      units.add("@");
    } else {
      units.add(last);
    }
    return List.copyOf(units);
  }

  /** The units of every word of the sentence, in order. */
  public List<String> encode(List<String> words) {
    List<String> units = new ArrayList<>();
    for (String w : words) {
      units.addAll(split(w));
    }
    return units;
  }

  /**
   * The words of {@code units}: a unit ending in "@@" loses it and glues to the next. {@code decode(encode(w))}
   * equals {@code w} for any words. Of units that do not come from encode (a model's output), a dangling
   * last unit that ends in "@@" ends the last word.
   */
  public static List<String> decode(List<String> units) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (String u : units) {
      if (u.endsWith(SEPARATOR)) {
        word.append(u, 0, u.length() - SEPARATOR.length());
      } else {
        words.add(word.append(u).toString());
        word.setLength(0);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  /** Number of merges learned. */
  public int size() {
    return merges.size();
  }

  /** The serial form (see the class comment). */
  public String serialize() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Merge m : merges) {
      write(m.left(), sb);
      sb.append(' ');
      write(m.right(), sb);
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void write(Symbol s, StringBuilder sb) {
    String t = s.text();
    int plain = t.endsWith(END) ? t.length() - END.length() : t.length();
    for (int i = 0; i < plain; i++) {
      char ch = t.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case ' ' -> sb.append("\\s");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
    if (plain < t.length()) {
      sb.append('\\').append(END);
    }
    if (s.end()) {
      sb.append(END);
    }
  }

  /**
   * The encoding of a serial form; a final newline is optional.
   *
   * @throws IllegalArgumentException when it lacks the header line, or a line is not two symbols separated by
   *     one space, holds an unknown escape, a raw tab or carriage return, or an empty symbol, or its left
   *     symbol ends a word
   */
  public static BytePairEncoding parse(String serial) {
    if (serial == null) {
      throw malformed(0, "it is null");
    }
    String[] lines = serial.split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw malformed(1, "the first line must be \"" + HEADER + "\"");
    }
    int count = lines.length > 1 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
    List<Merge> merges = new ArrayList<>(count);
    for (int n = 1; n < count; n++) {
      String line = lines[n];
      int space = line.indexOf(' ');
      if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
        throw malformed(n + 1, "a merge is two symbols separated by one space");
      }
      Symbol left = read(line.substring(0, space), n + 1);
      Symbol right = read(line.substring(space + 1), n + 1);
      if (left.end()) {
        throw malformed(n + 1, "the left symbol ends a word, so nothing follows it to merge with");
      }
      merges.add(new Merge(left, right));
    }
    return new BytePairEncoding(merges);
  }

  private static Symbol read(String token, int line) {
    StringBuilder text = new StringBuilder(token.length());
    int rawLess = -1; // where the last unescaped '<' landed in text
    for (int i = 0; i < token.length(); i++) {
      char ch = token.charAt(i);
      if (ch == '\t' || ch == '\r') {
        throw malformed(line, "a raw tab or carriage return (they are written \\t and \\r)");
      }
      if (ch != '\\') {
        if (ch == '<') {
          rawLess = text.length();
        }
        text.append(ch);
        continue;
      }
      if (++i == token.length()) {
        throw malformed(line, "a symbol ends in a lone backslash");
      }
      switch (token.charAt(i)) {
        case '\\' -> text.append('\\');
        case 's' -> text.append(' ');
        case 't' -> text.append('\t');
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case '<' -> text.append('<');
        default -> throw malformed(line, "unknown escape \\" + token.charAt(i) + " (known: \\\\ \\s \\t \\n \\r \\<)");
      }
    }
    boolean end = rawLess >= 0 && rawLess == text.length() - END.length() && text.toString().endsWith(END);
    if (end) {
      text.setLength(rawLess);
    }
    if (text.length() == 0) {
      throw malformed(line, "an empty symbol");
    }
    return new Symbol(text.toString(), end);
  }

  private static IllegalArgumentException malformed(int line, String why) {
    return new IllegalArgumentException("malformed byte-pair encoding" + (line > 0 ? ", line " + line : "") + ": "
        + why);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BytePairEncoding b && merges.equals(b.merges);
  }

  @Override
  public int hashCode() {
    return merges.hashCode();
  }

  @Override
  public String toString() {
    return "BytePairEncoding[" + merges.size() + " merges]";
  }

  /** A piece of a word, and whether it ends the word. */
  record Symbol(String text, boolean end) implements Comparable<Symbol> {
    Symbol join(Symbol right) {
      return new Symbol(text + right.text, right.end);
    }

    @Override
    public int compareTo(Symbol o) {
      int c = text.compareTo(o.text);
      return c != 0 ? c : Boolean.compare(end, o.end);
    }
  }

  /** Two adjacent symbols that become one. */
  record Merge(Symbol left, Symbol right) {}

  /**
   * The learning loop over the distinct words: symbols are ids, a pair is one long (left id, right id), each
   * word an int array merged in place.
   */
  private static final class Learner {
    private final List<Symbol> symbols = new ArrayList<>();
    private final Map<Symbol, Integer> ids = new HashMap<>();
    private final int[][] words;
    private final int[] lengths;
    private final long[] counts;
    private final Map<Long, Long> pairCounts = new HashMap<>();
    /** The words that hold each pair, or once did (they are checked before use). */
    private final Map<Long, IntList> holders = new HashMap<>();
    /** Pairs by count (largest first), then by their symbols; an entry whose count is no longer the pair's is stale. */
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>((x, y) -> {
      if (x.count() != y.count()) {
        return Long.compare(y.count(), x.count());
      }
      int c = symbols.get(x.left()).compareTo(symbols.get(y.left()));
      return c != 0 ? c : symbols.get(x.right()).compareTo(symbols.get(y.right()));
    });

    private record Candidate(long count, int left, int right) {}

    Learner(Map<String, Long> vocabulary) {
      words = new int[vocabulary.size()][];
      lengths = new int[words.length];
      counts = new long[words.length];
      int j = 0;
      for (Map.Entry<String, Long> e : vocabulary.entrySet()) {
        int[] cps = e.getKey().codePoints().toArray();
        int[] w = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
          w[i] = id(new Symbol(Character.toString(cps[i]), i == cps.length - 1));
        }
        words[j] = w;
        lengths[j] = w.length;
        counts[j] = e.getValue();
        for (int i = 0; i + 1 < w.length; i++) {
          long pair = pair(w[i], w[i + 1]);
          pairCounts.merge(pair, counts[j], Long::sum);
          hold(pair, j);
        }
        j++;
      }
      pairCounts.forEach((pair, count) -> queue.add(new Candidate(count, left(pair), right(pair))));
    }

    List<Merge> learn(int merges) {
      List<Merge> learned = new ArrayList<>();
      while (learned.size() < merges) {
        Candidate best = queue.poll();
        while (best != null && pairCounts.getOrDefault(pair(best.left(), best.right()), 0L) != best.count()) {
          best = queue.poll();
        }
        if (best == null || best.count() < 2) {
          break;
        }
        learned.add(new Merge(symbols.get(best.left()), symbols.get(best.right())));
        merge(best.left(), best.right());
      }
      return learned;
    }

    /** Replaces {@code a b} by their join in every word that holds it, and updates counts, index and queue. */
    private void merge(int a, int b) {
      int joined = id(symbols.get(a).join(symbols.get(b)));
      Map<Long, Long> delta = new HashMap<>();
      IntList holding = holders.remove(pair(a, b));
      for (int h = 0; h < holding.size; h++) {
        int j = holding.values[h];
        int[] w = words[j];
        int n = lengths[j];
        if (!holds(w, n, a, b)) {
          continue;
        }
        long f = counts[j];
        for (int i = 0; i + 1 < n; i++) {
          delta.merge(pair(w[i], w[i + 1]), -f, Long::sum);
        }
        int m = 0;
        for (int i = 0; i < n; m++) {
          if (i + 1 < n && w[i] == a && w[i + 1] == b) {
            w[m] = joined;
            i += 2;
          } else {
            w[m] = w[i++];
          }
        }
        lengths[j] = m;
        for (int i = 0; i + 1 < m; i++) {
          long pair = pair(w[i], w[i + 1]);
          delta.merge(pair, f, Long::sum);
          if (w[i] == joined || w[i + 1] == joined) {
            hold(pair, j); // only pairs with the new symbol are new to the word
          }
        }
      }
      delta.forEach((pair, d) -> {
        if (d != 0) {
          long count = pairCounts.getOrDefault(pair, 0L) + d;
          if (count == 0) {
            pairCounts.remove(pair);
          } else {
            pairCounts.put(pair, count);
            queue.add(new Candidate(count, left(pair), right(pair)));
          }
        }
      });
    }

    private static boolean holds(int[] w, int n, int a, int b) {
      for (int i = 0; i + 1 < n; i++) {
        if (w[i] == a && w[i + 1] == b) {
          return true;
        }
      }
      return false;
    }

    private int id(Symbol s) {
      return ids.computeIfAbsent(s, k -> {
        symbols.add(k);
        return symbols.size() - 1;
      });
    }

    private void hold(long pair, int word) {
      IntList list = holders.computeIfAbsent(pair, k -> new IntList());
      if (list.size == 0 || list.values[list.size - 1] != word) {
        list.add(word);
      }
    }

    private static long pair(int left, int right) {
      return (long) left << 32 | right & 0xFFFFFFFFL;
    }

    private static int left(long pair) {
      return (int) (pair >>> 32);
    }

    private static int right(long pair) {
      return (int) pair;
    }
  }

  /** A growable array of ints. */
  private static final class IntList {
    int[] values = new int[4];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }
}
