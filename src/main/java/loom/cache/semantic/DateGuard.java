package loom.cache.semantic;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vetoes when the texts name different dates or periods: months, weekdays, today/tomorrow/yesterday,
 * "this/next/last week|month|year|quarter", quarters Q1–Q4, years and full dates. "What's on today" and "what's
 * on tomorrow" embed alike but are different questions. Dates are reduced to parts (year, month, month-and-day)
 * so that "2025-03-04", "3/4/2025" and "March 4, 2025" compare equal; slashed dates are read month first, the US
 * order, since that is the ambiguous case we most often see. A day may be an ordinal ("the third of March") and a
 * weekday plural ("open on Mondays" asks about Monday). "May" is only a month beside a number ("May 3",
 * "May 2025"), because it is far more often the verb.
 */
final class DateGuard implements Guard {
  private static final List<String> MONTHS =
      List.of(
          "january",
          "february",
          "march",
          "april",
          "may",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december");
  private static final Map<String, Integer> SHORT_MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1),
          Map.entry("feb", 2),
          Map.entry("mar", 3),
          Map.entry("apr", 4),
          Map.entry("jun", 6),
          Map.entry("jul", 7),
          Map.entry("aug", 8),
          Map.entry("sep", 9),
          Map.entry("sept", 9),
          Map.entry("oct", 10),
          Map.entry("nov", 11),
          Map.entry("dec", 12));
  private static final Set<String> WEEKDAYS =
      Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
  private static final Set<String> DAYS = Set.of("today", "tomorrow", "yesterday", "tonight");
  private static final Set<String> PERIODS =
      Set.of(
          "week",
          "weekend",
          "month",
          "year",
          "quarter",
          "morning",
          "afternoon",
          "evening",
          "night");
  private static final Map<String, String> RELATIVE =
      Map.of(
          "this",
          "this",
          "current",
          "this",
          "next",
          "next",
          "coming",
          "next",
          "last",
          "last",
          "past",
          "last",
          "previous",
          "last");
  private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
  private static final Pattern SLASHED = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})");
  private static final Pattern YEAR = Pattern.compile("(?:19|20)\\d{2}");

  /** What {@link Text} splits from a day's digits: the "th" of "4th". */
  private static final Set<String> SUFFIXES = Set.of("st", "nd", "rd", "th");

  private static final Pattern DAY = Pattern.compile("(?:[1-9]|[12]\\d|3[01])");

  @Override
  public String name() {
    return "date";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return !dates(a).equals(dates(b));
  }

  static Set<String> dates(Text text) {
    Set<String> out = new HashSet<>();
    List<String> words = text.words();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      int month = month(text, i);
      Matcher iso = ISO.matcher(word);
      Matcher slashed = SLASHED.matcher(word);
      if (iso.matches()) {
        addDate(out, iso.group(1), iso.group(2), iso.group(3));
      } else if (slashed.matches()) {
        String year = slashed.group(3).length() == 2 ? "20" + slashed.group(3) : slashed.group(3);
        addDate(out, year, slashed.group(1), slashed.group(2));
      } else if (month > 0) {
        out.add("month:" + month);
        String day = dayOf(text, i);
        if (day != null) {
          out.add("day:" + month + "-" + day);
        }
      } else if (YEAR.matcher(word).matches()) {
        out.add("year:" + word);
      } else if (weekday(word) != null) {
        out.add(weekday(word));
      } else if (DAYS.contains(word) || word.matches("q[1-4]")) {
        out.add(word);
      } else if (RELATIVE.containsKey(word) && PERIODS.contains(text.word(i + 1))) {
        out.add(RELATIVE.get(word) + " " + text.word(i + 1));
      }
    }
    return out;
  }

  /** Whether the number at {@code i} is a year or the day of a month, which this guard compares. */
  static boolean isDatePart(Text text, int i) {
    if (YEAR.matcher(text.word(i)).matches()) {
      return true;
    }
    if (day(text.word(i)) == null) {
      return false;
    }
    int after = SUFFIXES.contains(text.word(i + 1)) ? i + 2 : i + 1;
    boolean before =
        month(text, after) > 0 || text.word(after).equals("of") && month(text, after + 1) > 0;
    return before
        || month(text, i - 1) > 0
        || text.word(i - 1).equals("the") && month(text, i - 2) > 0;
  }

  /** Whether the word names a month or weekday, which this guard compares whatever its case. */
  static boolean isDateWord(String word) {
    return MONTHS.contains(word) || SHORT_MONTHS.containsKey(word) || weekday(word) != null;
  }

  /** The weekday a word names, in the singular: "Mondays" is "monday". */
  private static String weekday(String word) {
    String singular = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    return WEEKDAYS.contains(word) ? word : WEEKDAYS.contains(singular) ? singular : null;
  }

  /**
   * The day written beside the month at {@code i}: "March 4", "March 4th", "March the fourth", "4 March",
   * "4th March", "the 4th of March", "the fourth of March"; null when there is none.
   */
  private static String dayOf(Text text, int i) {
    String after = text.word(i + 1).equals("the") ? text.word(i + 2) : text.word(i + 1);
    int before = text.word(i - 1).equals("of") ? i - 2 : i - 1;
    before = SUFFIXES.contains(text.word(before)) ? before - 1 : before;
    return day(after) != null ? day(after) : day(text.word(before));
  }

  /** A day of the month, in digits or as an ordinal word ("fourth"), as its number; null when it is none. */
  private static String day(String word) {
    if (DAY.matcher(word).matches()) {
      return word;
    }
    long ordinal = NumberWords.ordinal(word);
    return ordinal > 0 && ordinal <= 31 ? String.valueOf(ordinal) : null;
  }

  private static int month(Text text, int i) {
    String word = text.word(i);
    if (word.equals("may")) {
      boolean beside = text.word(i - 1).matches("\\d+") || text.word(i + 1).matches("\\d+");
      return beside ? 5 : 0;
    }
    int full = MONTHS.indexOf(word);
    return full >= 0 ? full + 1 : SHORT_MONTHS.getOrDefault(word, 0);
  }

  private static void addDate(Set<String> out, String year, String month, String day) {
    int m = Integer.parseInt(month);
    out.add("year:" + year);
    out.add("month:" + m);
    out.add("day:" + m + "-" + Integer.parseInt(day));
  }
}
