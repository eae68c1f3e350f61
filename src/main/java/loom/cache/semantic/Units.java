package loom.cache.semantic;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The unit and currency names {@link UnitGuard} knows, each mapped to one canonical name (miles, mile and mi are
 * all "mi"). Short names that are also ordinary words or letters (in, m, g, l, s, h, min, second, day) only count
 * right after a number: "5 in" is inches, "in Paris" is not.
 */
final class Units {
  private static final String[][] STRONG = {
      {"km", "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"},
      {"mi", "mi", "mile", "miles"}, {"kg", "kg", "kgs", "kilogram", "kilograms", "kilo", "kilos"},
      {"lb", "lb", "lbs", "pound", "pounds"}, {"g", "gram", "grams", "gramme", "grammes"},
      {"oz", "oz", "ounce", "ounces"}, {"m", "meter", "meters", "metre", "metres"},
      {"ft", "ft", "foot", "feet"}, {"cm", "cm", "centimeter", "centimeters", "centimetre", "centimetres"},
      {"mm", "mm", "millimeter", "millimeters", "millimetre", "millimetres"}, {"in", "inch", "inches"},
      {"l", "liter", "liters", "litre", "litres"}, {"ml", "ml", "milliliter", "milliliters", "millilitre"},
      {"gal", "gal", "gallon", "gallons"}, {"c", "celsius", "centigrade"}, {"f", "fahrenheit"},
      {"k", "kelvin"}, {"usd", "usd", "$", "dollar", "dollars"}, {"eur", "eur", "€", "euro", "euros"},
      {"gbp", "gbp", "£", "sterling"}, {"jpy", "jpy", "¥", "yen"}, {"chf", "chf", "franc", "francs"},
      {"inr", "inr", "rupee", "rupees"}, {"b", "byte", "bytes"}, {"kb", "kb", "kilobyte", "kilobytes"},
      {"mb", "mb", "megabyte", "megabytes"}, {"gb", "gb", "gigabyte", "gigabytes"},
      {"tb", "tb", "terabyte", "terabytes"}, {"ms", "ms", "millisecond", "milliseconds"},
      {"mph", "mph"}, {"kph", "kph", "km/h", "kmh"}};
  private static final String[][] AFTER_NUMBER = {
      {"g", "g"}, {"m", "m"}, {"in", "in"}, {"l", "l"}, {"b", "b"}, {"c", "c"}, {"f", "f"},
      {"s", "s", "sec", "secs", "second", "seconds"}, {"min", "min", "mins", "minute", "minutes"},
      {"h", "h", "hr", "hrs", "hour", "hours"}, {"day", "day", "days"}, {"week", "week", "weeks"},
      {"month", "month", "months"}, {"year", "year", "years"}};
  private static final Set<String> SYMBOLS = Set.of("$", "€", "£", "¥");
  private static final Map<String, String> ANYWHERE = table(STRONG);
  private static final Map<String, String> NUMBERED = table(AFTER_NUMBER);

  private Units() {}

  /** The canonical unit a word names, or null; {@code afterNumber} admits the ambiguous short names. */
  static String canonical(String word, boolean afterNumber) {
    String unit = ANYWHERE.get(word);
    return unit == null && afterNumber ? NUMBERED.get(word) : unit;
  }

  /** The temperature scale after a degree sign ("°C"), or null. */
  static String degrees(String next) {
    return next.equals("c") || next.equals("f") || next.equals("k") ? next : null;
  }

  /** Whether the unit is written before its number ($50). */
  static boolean isSymbol(String word) {
    return SYMBOLS.contains(word);
  }

  private static Map<String, String> table(String[][] rows) {
    Map<String, String> out = new HashMap<>();
    for (String[] row : rows) {
      for (int i = 1; i < row.length; i++) {
        out.put(row[i], row[0]);
      }
    }
    return Map.copyOf(out);
  }
}
