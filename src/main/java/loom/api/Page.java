package loom.api;

import java.util.ArrayList;
import java.util.List;
import loom.support.FieldError;
import loom.support.InvalidInputException;

/**
 * The {@code limit} and {@code offset} of a list request, checked: a value that is not a number, a
 * limit of 0 or over the maximum, or a negative offset is a 400, never silently replaced.
 */
record Page(int limit, int offset) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** @param limit and offset as the query string had them, or null */
  static Page of(String limit, String offset) {
    List<FieldError> errors = new ArrayList<>();
    int parsedLimit = parse("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
    int parsedOffset = parse("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new Page(parsedLimit, parsedOffset);
  }

  private static int parse(
      String name, String text, int fallback, int min, int max, List<FieldError> errors) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    errors.add(
        new FieldError(
            name, "must be a whole number from " + min + " to " + max + "; got '" + text + "'"));
    return fallback;
  }
}
