package dev.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParametersTest {
  @Test
  void renamedViewDeclaresRenamedNamesInTheSharedSet() {
    Parameters root = new Parameters();
    root.add("a", 2, 3);
    Parameters reverse = root.renamed(n -> n + "_reverse");
    Param b = reverse.add("b", 1, 4);
    assertEquals("b_reverse", b.name());
    root.add("c", 1, 1);
    List<String> names = root.list().stream().map(Param::name).collect(Collectors.toList());
    assertEquals(List.of("a", "b_reverse", "c"), names, "one shared set, in declaration order");
    assertEquals(names, reverse.list().stream().map(Param::name).collect(Collectors.toList()));
    assertEquals(6 + 4 + 1, root.size());
    assertEquals(root.size(), reverse.size());
    assertTrue(reverse.contains("a") && root.contains("b_reverse"), "lookups see the whole set, by full name");
    assertSame(b, root.get("b_reverse"));
    assertEquals("a_reverse", reverse.add("a", 1, 1).name(), "'a' through the view does not collide with 'a'");
    assertThrows(IllegalArgumentException.class, () -> root.renamed(n -> "c").add("x", 1, 1),
        "a renamed name that collides is a duplicate");
  }

  @Test
  void viewsShareTheArenas() {
    Parameters root = new Parameters();
    Param a = root.add("a", 2, 2);
    Parameters view = root.renamed(n -> "v." + n);
    Param b = view.add("b", 1, 3);
    view.allocate();
    assertTrue(root.isAllocated(), "allocating through a view allocates the shared set");
    assertThrows(IllegalStateException.class, root::allocate);
    assertSame(root.values(), view.values());
    assertSame(root.grads(), view.grads());
    b.value().set(2, 7f);
    assertEquals(7f, root.values().get(4 + 2), 0f, "b sits after a in the one arena");
    b.grad().fill(1f);
    a.grad().fill(2f);
    view.zeroGrads();
    assertEquals(0.0, root.grads().sumOfSquares(), 0.0, "zeroGrads through a view zeroes everything");
    // once allocated, declaring again through the same naming shares the existing parameter
    assertSame(b, root.renamed(n -> "v." + n).add("b", 1, 3));
    Parameters own = view.withOwnGradients();
    assertSame(root.values(), own.values());
    assertTrue(own.grads() != root.grads());
    assertEquals("v.b", own.add("b", 1, 3).name(), "a copy keeps the view's naming");
  }

  @Test
  void viewsOfViewsCompose() {
    Parameters root = new Parameters();
    Parameters inner = root.renamed(n -> n + "_reverse");
    Parameters outer = inner.renamed(n -> n.replace("rnn.", "char_rnn."));
    Param p = outer.add("rnn.weight_ih_l0", 2, 2);
    assertEquals("char_rnn.weight_ih_l0_reverse", p.name(), "the inner view's naming applies last");
    assertEquals(List.of("char_rnn.weight_ih_l0_reverse"),
        root.list().stream().map(Param::name).collect(Collectors.toList()));
  }
}
