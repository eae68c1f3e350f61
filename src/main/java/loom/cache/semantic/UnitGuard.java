package loom.cache.semantic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Vetoes when the texts measure in different units or currencies ("5 km" against "5 miles", "$50" against "€50"),
 * or convert in opposite directions ("celsius to fahrenheit" against "fahrenheit to celsius"). Synonyms are
 * normalised by {@link Units}. The direction of a conversion is taken from the unit that measures a number
 * ("how many miles is 5 km" converts from km, like "convert 5 km to miles"); without a number, from the order
 * around "to", "into" or "in". Only when both texts have a direction are the directions compared.
 */
final class UnitGuard implements Guard {
  private static final Pattern NUMBER = Pattern.compile("\\d[\\d,.]*");
  private static final List<String> CONNECTORS = List.of("to", "into", "in", "as", "->");

  /** A unit in the text: its canonical name, where it is, and whether it measures a number beside it. */
  private record Found(String unit, int index, boolean measures) {}

  @Override
  public String name() {
    return "unit";
  }

  @Override
  public boolean differs(Text a, Text b) {
    List<Found> left = units(a);
    List<Found> right = units(b);
    if (!names(left).equals(names(right))) {
      return true;
    }
    List<String> from = direction(a, left);
    List<String> to = direction(b, right);
    return from != null && to != null && !from.equals(to);
  }

  private static HashSet<String> names(List<Found> found) {
    HashSet<String> out = new HashSet<>();
    found.forEach(f -> out.add(f.unit()));
    return out;
  }

  private static List<Found> units(Text text) {
    List<Found> out = new ArrayList<>();
    for (int i = 0; i < text.words().size(); i++) {
      String word = text.word(i);
      boolean afterNumber = isNumber(text.word(i - 1));
      String unit;
      if (word.equals("°")) {
        unit = Units.degrees(text.word(i + 1));
      } else {
        // the scale letter of "°C" was read with its degree sign; "per hour" is a rate's unit as "20 hours" is one
        unit = text.word(i - 1).equals("°") ? null
            : Units.canonical(word, afterNumber || text.word(i - 1).equals("per"));
      }
      if (unit != null) {
        boolean measures = afterNumber || Units.isSymbol(word) && isNumber(text.word(i + 1));
        out.add(new Found(unit, i, measures));
      }
    }
    return out;
  }

  private static boolean isNumber(String word) {
    return NUMBER.matcher(word).matches() || NumberWords.isNumberWord(word);
  }

  /** The conversion's (from, to), or null when the text converts nothing it can tell. */
  private static List<String> direction(Text text, List<Found> found) {
    if (names(found).size() != 2) {
      return null;
    }
    Found measured = found.stream().filter(Found::measures).findFirst().orElse(null);
    if (measured != null) {
      String other = found.stream().map(Found::unit).filter(u -> !u.equals(measured.unit())).findFirst().orElseThrow();
      return List.of(measured.unit(), other);
    }
    for (int i = 0; i + 1 < found.size(); i++) {
      Found first = found.get(i);
      Found second = found.get(i + 1);
      if (!Objects.equals(first.unit(), second.unit()) && connected(text, first.index(), second.index())) {
        return List.of(first.unit(), second.unit());
      }
    }
    return null;
  }

  private static boolean connected(Text text, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      if (CONNECTORS.contains(text.word(i))) {
        return true;
      }
    }
    return false;
  }
}
