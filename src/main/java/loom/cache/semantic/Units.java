package loom.cache.semantic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The unit and currency names {@link UnitGuard} knows, each mapped to one canonical name (miles, mile and mi are
 * all "mi"). Short names that are also ordinary words or letters (in, m, g, l, s, h, min, second, day) only count
 * right after a number: "5 in" is inches, "in Paris" is not. Time units also count as a rate's denominator after
 * "per", "a", "an", "each" or "every" ("$25 an hour", "twice a day"), and the adverbs hourly, daily, weekly, monthly
 * and yearly name theirs, so that "per day" and "daily" read alike. A rate written as one word ("mph", "Mbps")
 * is spelled out into its two units, as "km/h" is, so that it matches "kilometres per hour".
 */
final class Units {
  private static final String[][] STRONG = {
    {"km", "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"},
    {"mi", "mi", "mile", "miles"},
    {"kg", "kg", "kgs", "kilogram", "kilograms", "kilo", "kilos"},
    {"lb", "lb", "lbs", "pound", "pounds"},
    {"g", "gram", "grams", "gramme", "grammes"},
    {"mg", "mg", "milligram", "milligrams", "milligramme", "milligrammes"},
    {"mcg", "mcg", "µg", "μg", "microgram", "micrograms"},
    {"iu", "iu"},
    {"oz", "oz", "ounce", "ounces"},
    {"m", "meter", "meters", "metre", "metres"},
    {"ft", "ft", "foot", "feet"},
    {"cm", "cm", "centimeter", "centimeters", "centimetre", "centimetres"},
    {"mm", "mm", "millimeter", "millimeters", "millimetre", "millimetres"},
    {"in", "inch", "inches"},
    {"yd", "yd", "yard", "yards"},
    {"nm", "nanometer", "nanometers", "nanometre", "nanometres"},
    {"acre", "acre", "acres"},
    {"ha", "hectare", "hectares"},
    {"l", "liter", "liters", "litre", "litres"},
    {"ml", "ml", "milliliter", "milliliters", "millilitre", "millilitres"},
    {"gal", "gal", "gallon", "gallons"},
    {"qt", "qt", "quart", "quarts"},
    {"pint", "pint", "pints"},
    {"cup", "cup", "cups"},
    {"tbsp", "tbsp", "tbs", "tablespoon", "tablespoons"},
    {"tsp", "tsp", "teaspoon", "teaspoons"},
    {"c", "celsius", "centigrade"},
    {"f", "fahrenheit"},
    {"k", "kelvin"},
    {"usd", "usd", "$", "dollar", "dollars", "bucks"},
    {"eur", "eur", "€", "euro", "euros"},
    {"gbp", "gbp", "£", "sterling", "quid"},
    {"jpy", "jpy", "¥", "yen"},
    {"chf", "chf", "franc", "francs"},
    {"inr", "inr", "rupee", "rupees"},
    {"cad", "cad"},
    {"aud", "aud"},
    {"cny", "cny", "rmb", "yuan"},
    {"mxn", "mxn", "peso", "pesos"},
    {"sek", "sek", "krona", "kronor"},
    {"pln", "pln", "zloty"},
    {"rub", "rub", "ruble", "rubles", "rouble", "roubles"},
    {"btc", "btc", "bitcoin", "bitcoins"},
    {"b", "byte", "bytes"},
    {"kb", "kb", "kilobyte", "kilobytes"},
    {"mb", "mb", "megabyte", "megabytes"},
    {"gb", "gb", "gigabyte", "gigabytes"},
    {"tb", "tb", "terabyte", "terabytes"},
    {"kib", "kib", "kibibyte", "kibibytes"},
    {"mib", "mib", "mebibyte", "mebibytes"},
    {"gib", "gib", "gibibyte", "gibibytes"},
    {"bit", "bit", "bits"},
    {"kbit", "kbit", "kilobit", "kilobits"},
    {"mbit", "mbit", "megabit", "megabits"},
    {"gbit", "gbit", "gigabit", "gigabits"},
    {"ms", "ms", "millisecond", "milliseconds"},
    {"us", "microsecond", "microseconds"},
    {"kcal", "kcal", "calorie", "calories", "kilocalorie", "kilocalories"},
    {"kj", "kj", "kilojoule", "kilojoules"},
    {"j", "joule", "joules"},
    {"w", "watt", "watts"},
    {"kw", "kw", "kilowatt", "kilowatts"},
    {"kwh", "kwh"},
    {"mah", "mah"},
    {"hp", "horsepower"},
    {"v", "volt", "volts"},
    {"psi", "psi"},
    {"kpa", "kpa"},
    {"mmhg", "mmhg"},
    {"hz", "hz", "hertz"},
    {"khz", "khz"},
    {"mhz", "mhz"},
    {"ghz", "ghz"},
    {"knot", "knot", "knots"}
  };
  private static final String[][] AFTER_NUMBER = {
    {"g", "g"},
    {"m", "m"},
    {"in", "in"},
    {"l", "l"},
    {"b", "b"},
    {"c", "c"},
    {"f", "f"},
    {"w", "w"},
    {"v", "v"},
    {"hp", "hp"},
    {"nm", "nm"},
    {"ha", "ha"},
    {"bar", "bar", "bars"},
    {"atm", "atm"},
    {"ml", "cc"},
    {"pint", "pt"},
    {"stone", "stone", "stones"},
    {"t", "tonne", "tonnes"},
    {"cent", "cent", "cents"},
    {"ton", "ton", "tons"},
    {"s", "s", "sec", "secs", "second", "seconds"},
    {"min", "min", "mins", "minute", "minutes"},
    {"h", "h", "hr", "hrs", "hour", "hours"},
    {"day", "day", "days"},
    {"week", "week", "weeks"},
    {"month", "month", "months"},
    {"year", "year", "years", "yr", "yrs"}
  };

  /** One-word rates, spelled out as their two units. */
  private static final Map<String, List<String>> RATES =
      Map.ofEntries(
          Map.entry("mph", List.of("mi", "h")),
          Map.entry("kph", List.of("km", "h")),
          Map.entry("kmh", List.of("km", "h")),
          Map.entry("mbps", List.of("mbit", "s")),
          Map.entry("kbps", List.of("kbit", "s")),
          Map.entry("gbps", List.of("gbit", "s")),
          Map.entry("bps", List.of("bit", "s")),
          Map.entry("mpg", List.of("mi", "gal")),
          Map.entry("rpm", List.of("rev", "min")),
          Map.entry("fps", List.of("frame", "s")));

  /** Adverbs and adjectives of a period: "daily" is "per day". */
  private static final Map<String, String> PERIODIC =
      Map.of(
          "hourly",
          "h",
          "daily",
          "day",
          "weekly",
          "week",
          "monthly",
          "month",
          "yearly",
          "year",
          "annually",
          "year",
          "annual",
          "year");

  private static final Set<String> TIME = Set.of("s", "min", "h", "day", "week", "month", "year");
  private static final Set<String> SYMBOLS = Set.of("$", "€", "£", "¥");

  /** Words that turn a length into an area or a volume, or name a variant of a unit ("nautical mile"). */
  private static final Map<String, String> MODIFIERS =
      Map.of(
          "square",
          "sq",
          "sq",
          "sq",
          "cubic",
          "cu",
          "cu",
          "cu",
          "nautical",
          "nautical",
          "imperial",
          "imperial",
          "fluid",
          "fl",
          "fl",
          "fl",
          "metric",
          "metric");

  /** Currencies named by a country and a currency word: "us usd" is "US dollar". */
  private static final Map<String, String> NATIONAL =
      Map.ofEntries(
          Map.entry("us usd", "usd"),
          Map.entry("american usd", "usd"),
          Map.entry("canadian usd", "cad"),
          Map.entry("australian usd", "aud"),
          Map.entry("singapore usd", "sgd"),
          Map.entry("kong usd", "hkd"),
          Map.entry("zealand usd", "nzd"),
          Map.entry("mexican mxn", "mxn"),
          Map.entry("swiss chf", "chf"),
          Map.entry("british gbp", "gbp"),
          Map.entry("uk gbp", "gbp"),
          Map.entry("japanese jpy", "jpy"),
          Map.entry("indian inr", "inr"),
          Map.entry("chinese cny", "cny"),
          Map.entry("swedish sek", "sek"),
          Map.entry("polish pln", "pln"),
          Map.entry("russian rub", "rub"),
          Map.entry("canadian cad", "cad"),
          Map.entry("australian aud", "aud"));

  private static final Map<String, String> ANYWHERE = table(STRONG);
  private static final Map<String, String> NUMBERED = table(AFTER_NUMBER);

  private Units() {}

  /** The canonical unit a word names, or null; {@code afterNumber} admits the ambiguous short names. */
  static String canonical(String word, boolean afterNumber) {
    String unit = ANYWHERE.get(word);
    return unit == null && afterNumber ? NUMBERED.get(word) : unit;
  }

  /** Whether the canonical unit measures time, which may also be a rate's denominator ("an hour"). */
  static boolean isTime(String unit) {
    return unit != null && TIME.contains(unit);
  }

  /** The two units of a one-word rate ("mph" is miles and hours), or null. */
  static List<String> rate(String word) {
    return RATES.get(word);
  }

  /** The period a word such as "daily" or "annual" names, or null. */
  static String periodic(String word) {
    return PERIODIC.get(word);
  }

  /**
   * The currency a country's word makes of a currency name ("US dollars" are USD, "Canadian dollars" CAD), or
   * null when the words are not one.
   */
  static String currency(String country, String name) {
    String unit = ANYWHERE.get(name);
    return unit == null ? null : NATIONAL.get(country + " " + unit);
  }

  /** The prefix a modifier such as "square" or "nautical" puts on the unit after it, or null. */
  static String modifier(String word) {
    return MODIFIERS.get(word);
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
