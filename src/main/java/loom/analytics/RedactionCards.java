package loom.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds payment card numbers in a run of digit groups separated by spaces or dashes: 13–19 digits that
 * pass the Luhn check, written either as one group or grouped as printed on cards (4-4-4-4 with an
 * optional short last group, Amex 4-6-5, Diners 4-6-4). Pure functions; thread-safe.
 */
final class RedactionCards {
  static final int MIN_DIGITS = 13;
  static final int MAX_DIGITS = 19;

  private RedactionCards() {}

  /**
   * The run with each card number in it replaced by {@code marker}, or {@code null} when it holds none.
   *
   * @param run digits, spaces and dashes, starting with a digit
   * @param glued true when the run is directly followed by a word character or a decimal part, so (unless
   *     the run ends with a separator) its last group belongs to a longer token and cannot end a card number
   */
  static String redactRun(String run, boolean glued, String marker) {
    List<int[]> groups = groups(run);
    boolean lastGroupGlued = glued && Character.isDigit(run.charAt(run.length() - 1));
    StringBuilder out = null;
    int copied = 0;
    int first = 0;
    while (first < groups.size()) {
      int last = lastGroupOfCard(run, groups, first, lastGroupGlued);
      if (last < 0) {
        first++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(run.length() + marker.length());
      }
      out.append(run, copied, groups.get(first)[0]).append(marker);
      copied = groups.get(last)[1];
      first = last + 1;
    }
    return out == null ? null : out.append(run, copied, run.length()).toString();
  }

  /** True when the digits of {@code text} (anything else is skipped) pass the Luhn checksum. */
  static boolean passesLuhn(CharSequence text) {
    int sum = 0;
    boolean doubled = false;
    for (int i = text.length() - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int digit = c - '0';
      if (doubled) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  /** [start, end) of each digit group; a group joined to the one before by exactly one separator is marked. */
  private static List<int[]> groups(String run) {
    List<int[]> groups = new ArrayList<>();
    int i = 0;
    while (i < run.length()) {
      int separatorStart = i;
      while (i < run.length() && !Character.isDigit(run.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < run.length() && Character.isDigit(run.charAt(i))) {
        i++;
      }
      if (start < i) {
        // Index 2 says whether this group continues the previous one (a single space or dash
        // between).
        groups.add(new int[] {start, i, start - separatorStart == 1 ? 1 : 0});
      }
    }
    return groups;
  }

  /** The index of the last group of the longest Luhn-valid card starting at group {@code first}, or -1. */
  private static int lastGroupOfCard(
      String run, List<int[]> groups, int first, boolean lastGroupGlued) {
    int longestPossibleEnd = lastGroupGlued ? groups.size() - 2 : groups.size() - 1;
    for (int last : candidateEnds(groups, first)) {
      if (last <= longestPossibleEnd
          && passesLuhn(run.substring(groups.get(first)[0], groups.get(last)[1]))) {
        return last;
      }
    }
    return -1;
  }

  /** Where a card starting at group {@code first} could end, longest first (by digits, which grow with the index). */
  private static List<Integer> candidateEnds(List<int[]> groups, int first) {
    List<Integer> ends = new ArrayList<>(4);
    int firstLength = length(groups, first);
    if (firstLength >= MIN_DIGITS && firstLength <= MAX_DIGITS) {
      ends.add(first);
    }
    if (firstLength != 4) {
      return ends;
    }
    int digits = 4;
    for (int k = first + 1; k < groups.size() && groups.get(k)[2] == 1; k++) {
      digits += length(groups, k);
      if (digits > MAX_DIGITS) {
        break;
      }
      if (digits >= MIN_DIGITS) {
        ends.add(0, k);
      }
      if (length(groups, k) != 4) {
        break;
      }
    }
    boolean amexOrDiners =
        first + 2 < groups.size()
            && groups.get(first + 1)[2] == 1
            && groups.get(first + 2)[2] == 1
            && length(groups, first + 1) == 6
            && (length(groups, first + 2) == 4 || length(groups, first + 2) == 5);
    if (amexOrDiners) {
      ends.add(0, first + 2);
    }
    return ends;
  }

  private static int length(List<int[]> groups, int index) {
    return groups.get(index)[1] - groups.get(index)[0];
  }
}
