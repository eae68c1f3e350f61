package loom.cache.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vetoes when the texts hold different numbers: "reserve a table for 4" against "for 6", "python 3.11" against
 * "python 3.12", "v1.2.3" against "v1.2.4". Embeddings barely see numbers, yet they decide the answer. The
 * numbers are compared as multisets after normalising "five" to 5, "1,000" to 1000, "5 thousand" to 5000 and
 * "v1.2" to 1.2; a percentage compares as its number. Decimals and versions are compared as written (3.10 is
 * not 3.1). The number one is ignored, because "one", "a" and "an" are interchangeable ("give me one example",
 * "give me an example") and "one" is also a pronoun ("which one"). Ordinals count as their number ("the third
 * Saturday" against "the first", "the 2nd round" as "round two"), as does a number word leading a hyphenated
 * one ("two-factor" as "2-factor"); "k" after digits multiplies by a thousand ("60k"); the number in a name of
 * letters and digits counts ("LH454" as "LH 454", "python3" as "python 3"), except a unit's power ("m2", which
 * NFKC makes of "m²"). Dates (2025-03-04, 3/4/2025, years, the day in "March 4th") are left to
 * {@link DateGuard}, which reads them in every format.
 */
final class NumberGuard implements Guard {
  private static final Pattern NUMBER =
      Pattern.compile("v?(\\d{1,3}(?:,\\d{3})+|\\d+)((?:\\.\\d+)*)");

  /** A token of numbers joined to each other or to a word by "-" or "/". */
  private static final Pattern JOINED =
      Pattern.compile("(?=.*\\d)[\\p{L}\\d.]+(?:[-/][\\p{L}\\d.]+)+");

  /** Letters and then digits: a name with a number in it ("LH454", "python3", "B12"). */
  private static final Pattern IDENTIFIER = Pattern.compile("\\p{L}+\\d+");

  /** Words before "second" or "third" that make it a unit of time or a fraction ("per second", "a third"). */
  private static final Set<String> NOT_ORDINAL = Set.of("a", "an", "per", "each", "every", "one");

  /** 2025-03-04, 3/4/2025: dates, which {@link DateGuard} reads and compares in every format. */
  private static final Pattern FULL_DATE =
      Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}/\\d{2,4}");

  @Override
  public String name() {
    return "number";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return !numbers(a).equals(numbers(b));
  }

  static List<String> numbers(Text text) {
    List<String> out = new ArrayList<>();
    List<String> words = text.words();
    for (int i = 0; i < words.size(); i++) {
      if (DateGuard.isDatePart(text, i)) {
        continue;
      }
      Matcher m = NUMBER.matcher(words.get(i));
      String value = null;
      if (m.matches()) {
        String digits = m.group(1).replace(",", "");
        String next = text.word(i + 1);
        long scale =
            !m.group(2).isEmpty() || digits.length() > 12
                ? 0
                : next.equals("k") ? 1_000 : NumberWords.scale(next);
        value = scale > 0 ? String.valueOf(Long.parseLong(digits) * scale) : digits + m.group(2);
        i += scale > 0 ? 1 : 0;
      } else if (JOINED.matcher(words.get(i)).matches()
          && !FULL_DATE.matcher(words.get(i)).matches()) {
        // "2-bedroom", "12-month", "1/3", "140/90": the numbers of a joined token, each as it is
        // written.
        for (String part : words.get(i).split("[-/]")) {
          if (part.matches("\\d+(?:\\.\\d+)?")) {
            out.add(part.replaceFirst("^0+(?=\\d)", ""));
          }
        }
      } else if (IDENTIFIER.matcher(words.get(i)).matches() && !isUnitPower(words.get(i))) {
        // "LH454", "python3", "ipv6": the number of a name, as "LH 454" and "python 3" have it
        value = words.get(i).replaceAll("^\\p{L}+", "");
      } else if (isOrdinal(text, i)) {
        value = String.valueOf(NumberWords.ordinal(words.get(i)));
      } else if (NumberWords.leading(words.get(i)) > 0) {
        value = String.valueOf(NumberWords.leading(words.get(i)));
      } else {
        NumberWords.Parsed parsed = NumberWords.parse(text, i);
        if (parsed != null) {
          value = String.valueOf(parsed.value());
          i += parsed.length() - 1;
        }
      }
      if (value != null && !value.equals("1")) {
        out.add(value.replaceFirst("^0+(?=\\d)", ""));
      }
    }
    out.sort(null);
    return out;
  }

  /** "third", "twenty-first", but not "a second" or "two seconds", which are time or fractions. */
  private static boolean isOrdinal(Text text, int i) {
    String previous = text.word(i - 1);
    return NumberWords.ordinal(text.word(i)) > 0
        && !NOT_ORDINAL.contains(previous)
        && !NUMBER.matcher(previous).matches()
        && !NumberWords.isNumberWord(previous);
  }

  /** "m2", "cm3": a unit squared or cubed (NFKC has made "m²" "m2"), not a name with a number. */
  private static boolean isUnitPower(String word) {
    String unit = word.substring(0, word.length() - 1);
    return (word.endsWith("2") || word.endsWith("3")) && Units.canonical(unit, true) != null;
  }
}
