package loom.cache.semantic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vetoes when the texts measure in different units or currencies ("5 km" against "5 miles", "$50" against "€50",
 * "50 mcg" against "50 mg", "$25 an hour … a year" against "… a month"), or convert in opposite directions
 * ("celsius to fahrenheit" against "fahrenheit to celsius"). Synonyms are normalised by {@link Units}, and a rate
 * is read as its two units whether it is written "km/h", "kph" or "kilometres per hour". The direction of a
 * conversion is taken from the units that measure a number: "how many square feet is 50 square meters" converts
 * from square meters, like "convert 50 m² to sq ft", and "100 Mbps in MB/s" from megabits, whatever the order of
 * the words; both texts' measured units must be the same. Without a number, the direction is the order around
 * "to", "into", "in" or "as". Only when both texts have a direction are the directions compared.
 */
final class UnitGuard implements Guard {
  private static final Pattern NUMBER = Pattern.compile("\\d[\\d,.]*");

  /** "10mg/kg", "20/hr": a number glued to a unit or rate, read as the number and its unit. */
  private static final Pattern GLUED =
      Pattern.compile("(\\d[\\d,.]*)(\\p{L}[\\p{L}\\d]*(?:/[\\p{L}\\d]+)*)");

  private static final List<String> CONNECTORS = List.of("to", "into", "in", "as", "->");
  private static final Set<String> QUANTIFIERS = Set.of("many", "much");

  /** Words before a time unit that make it a rate's denominator: "per hour", "twice a day", "each week". */
  private static final Set<String> RATE_MARKERS = Set.of("per", "/", "a", "an", "each", "every");

  /** Words after "a minute" or "a week" that make it a point in time, not a rate: "a minute ago". */
  private static final Set<String> AGO = Set.of("ago", "later", "earlier", "back");

  /** What may follow "5 in" for it to be inches rather than a preposition ("COUNT(1) in PostgreSQL"). */
  private static final Set<String> AFTER_INCHES =
      Set.of(
          "", "to", "into", "is", "are", "equals", "in", "by", "x", "of", "wide", "long", "tall",
          "high", "deep", "thick");

  /** A unit in the text: its canonical name, where it is, whether it measures a number, whether it is a rate's. */
  private record Found(String unit, int index, boolean measures, boolean denominator) {}

  @Override
  public String name() {
    return "unit";
  }

  @Override
  public boolean differs(Text a, Text b) {
    List<String> left = words(a);
    List<String> right = words(b);
    List<Found> leftUnits = units(left);
    List<Found> rightUnits = units(right);
    if (!names(leftUnits).equals(names(rightUnits))) {
      return true;
    }
    List<String> from = direction(left, leftUnits);
    List<String> to = direction(right, rightUnits);
    return from != null && to != null && !from.equals(to);
  }

  /** The words with glued numbers and slashed rates taken apart: "10mg/kg" is "10", "mg", "/", "kg". */
  private static List<String> words(Text text) {
    List<String> out = new ArrayList<>();
    for (String word : text.words()) {
      Matcher glued = GLUED.matcher(word);
      String rest = word;
      if (glued.matches()) {
        out.add(glued.group(1));
        rest = glued.group(2);
      }
      String[] parts = rest.split("/", -1);
      boolean slashed =
          parts.length > 1 && !rest.startsWith("/") && !rest.endsWith("/") && !rest.contains("//");
      for (int i = 0; i < (slashed ? parts.length : 1); i++) {
        if (i > 0) {
          out.add("/");
        }
        out.add(slashed ? parts[i] : rest);
      }
    }
    return out;
  }

  private static Set<String> names(List<Found> found) {
    Set<String> out = new HashSet<>();
    found.forEach(f -> out.add(f.unit()));
    return out;
  }

  private static List<Found> units(List<String> words) {
    List<Found> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      String previous = word(words, i - 1);
      String next = word(words, i + 1);
      boolean afterNumber = isNumber(previous);
      boolean denominator = RATE_MARKERS.contains(previous);
      List<String> rate = Units.rate(word);
      String modifier = Units.modifier(word);
      String national = Units.currency(word, next);
      if (national != null) {
        // "Canadian dollars" are CAD, not USD; the number may come before the country ("5 US
        // dollars")
        out.add(new Found(national, i + 1, afterNumber, denominator));
        i++;
      } else if (word.equals("°")) {
        String scale = Units.degrees(next);
        if (scale != null) {
          out.add(new Found(scale, i, afterNumber, false));
          i++;
        }
      } else if (rate != null) {
        out.add(new Found(rate.get(0), i, afterNumber, denominator));
        out.add(new Found(rate.get(1), i, false, true));
      } else if (Units.periodic(word) != null) {
        out.add(new Found(Units.periodic(word), i, false, true));
      } else if (modifier != null
          && Units.canonical(next, afterNumber || modifier.length() == 2) != null) {
        // "50 square meters", "sq ft", "3 nautical miles": the modifier makes another unit
        out.add(
            new Found(modifier + " " + Units.canonical(next, true), i, afterNumber, denominator));
        i++;
      } else {
        // a short name is a unit after a number, after "per", and on either side of a slash between
        // units ("m/s")
        boolean slashed = next.equals("/") && Units.canonical(word(words, i + 2), true) != null;
        String unit =
            Units.canonical(
                word, afterNumber || slashed || previous.equals("per") || previous.equals("/"));
        if (unit == null
            && denominator
            && Units.isTime(Units.canonical(word, true))
            && !AGO.contains(next)) {
          unit = Units.canonical(word, true); // "twice a day", but not "a minute ago"
        }
        boolean age =
            Units.isTime(unit) && next.equals("old"); // "a 5 year old" is an age, not a duration
        boolean preposition =
            unit != null && unit.equals("in") && word.equals("in") && !AFTER_INCHES.contains(next);
        if (unit != null && !age && !preposition) {
          boolean before = Units.isSymbol(word) && isNumber(next);
          // "$25 an hour": a rate's denominator follows the number of a symbol written before it
          out.add(new Found(unit, before ? i + 1 : i, afterNumber || before, denominator));
        }
      }
    }
    return out;
  }

  private static String word(List<String> words, int index) {
    return index >= 0 && index < words.size() ? words.get(index) : "";
  }

  private static boolean isNumber(String word) {
    return NUMBER.matcher(word).matches() || NumberWords.isNumberWord(word);
  }

  /**
   * The units (or rates: "5 minutes per km") a conversion starts from: those that measure a number, sorted; without
   * any, the first of two units
   * or rates around a connector (the second in "how many X in Y"); null when the text converts nothing it can tell.
   */
  private static List<String> direction(List<String> words, List<Found> found) {
    List<Found> rates = rates(found);
    List<String> measured =
        new ArrayList<>(rates.stream().filter(Found::measures).map(Found::unit).toList());
    if (!measured.isEmpty()) {
      measured.sort(null);
      return measured;
    }
    if (names(rates).size() != 2) {
      return null;
    }
    for (int i = 0; i + 1 < rates.size(); i++) {
      Found first = rates.get(i);
      Found second = rates.get(i + 1);
      String connector = connector(words, first.index(), second.index());
      if (!Objects.equals(first.unit(), second.unit()) && connector != null) {
        // "how many cups in a liter" converts from liters, "100 usd in eur" from dollars
        boolean asked =
            connector.equals("in") && QUANTIFIERS.contains(word(words, first.index() - 1));
        return List.of(asked ? second.unit() : first.unit());
      }
    }
    return null;
  }

  /** The units with the denominators that follow them joined in: "miles per hour" is one unit, "mi/h". */
  private static List<Found> rates(List<Found> found) {
    List<Found> out = new ArrayList<>();
    for (Found unit : found) {
      Found last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (unit.denominator() && last != null && unit.index() - last.index() <= 2) {
        out.set(
            out.size() - 1,
            new Found(last.unit() + "/" + unit.unit(), unit.index(), last.measures(), false));
      } else {
        out.add(unit);
      }
    }
    return out;
  }

  /** The first connector between two positions, or null. */
  private static String connector(List<String> words, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      if (CONNECTORS.contains(words.get(i))) {
        return words.get(i);
      }
    }
    return null;
  }
}
