package loom.cache.semantic;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The regular English inflections of a word (-s, -es, -ed, -ing, with a dropped final e and a doubled final
 * consonant), enough to match "enables", "enabled" and "stopping" to their base form. It over-generates
 * forms that do not exist ("ons"), which is harmless: nobody writes them.
 */
final class Inflections {
  private Inflections() {}

  /** The inflections of every base, in one set. */
  static Set<String> of(String... bases) {
    Set<String> out = new LinkedHashSet<>();
    for (String base : bases) {
      out.addAll(of(base));
    }
    return Set.copyOf(out);
  }

  static Set<String> of(String base) {
    Set<String> out = new LinkedHashSet<>();
    out.add(base);
    out.add(base + "s");
    out.add(base + "es");
    if (base.endsWith("e")) {
      String stem = base.substring(0, base.length() - 1);
      out.add(base + "d");
      out.add(stem + "ing");
    } else {
      out.add(base + "ed");
      out.add(base + "ing");
      if (base.endsWith("y")) {
        out.add(base.substring(0, base.length() - 1) + "ies");
      }
      char last = base.charAt(base.length() - 1);
      if ("bdglmnprt".indexOf(last) >= 0) {
        out.add(base + last + "ed");
        out.add(base + last + "ing");
      }
    }
    return out;
  }
}
