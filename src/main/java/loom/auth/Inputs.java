package loom.auth;

import loom.config.AuthConfig;
import loom.support.InvalidInputException;

/** The input rules shared by users and keys: names, passwords and paging; each failure names its field. */
final class Inputs {
  static final int MAX_NAME_LENGTH = 64;
  static final int MIN_PASSWORD_LENGTH = AuthConfig.MIN_PASSWORD_LENGTH;
  static final int MAX_PASSWORD_LENGTH = 1024;
  static final int MAX_LIMIT = 1000;

  private Inputs() {}

  /**
   * The name in its {@link Names#canonical canonical} form: 1 to 64 characters, no control characters (they would
   * garble logs and tables).
   */
  static String name(String param, String name) {
    String trimmed = Names.canonical(name);
    if (trimmed.isEmpty()) {
      throw InvalidInputException.of(param, "must not be blank");
    }
    if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME_LENGTH) {
      throw InvalidInputException.of(param, "must be at most " + MAX_NAME_LENGTH + " characters");
    }
    if (trimmed.chars().anyMatch(Character::isISOControl)) {
      throw InvalidInputException.of(param, "must not contain control characters");
    }
    return trimmed;
  }

  static void password(char[] password) {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw InvalidInputException.of(
          "password", "must be at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.length > MAX_PASSWORD_LENGTH) {
      throw InvalidInputException.of(
          "password", "must be at most " + MAX_PASSWORD_LENGTH + " characters");
    }
  }

  static void page(int limit, int offset) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidInputException.of("limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (offset < 0) {
      throw InvalidInputException.of("offset", "must not be negative");
    }
  }
}
