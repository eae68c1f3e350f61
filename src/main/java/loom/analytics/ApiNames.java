package loom.analytics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The API names of enum constants: lower case ({@code latency_p50}), read back in any case. */
final class ApiNames {
  private ApiNames() {}

  static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** The names of all constants, for messages: {@code minute, hour, day}. */
  static String all(Enum<?>[] constants) {
    return Arrays.stream(constants).map(ApiNames::of).collect(Collectors.joining(", "));
  }

  /** The constant a name names; IllegalArgumentException naming the allowed ones otherwise. */
  static <E extends Enum<E>> E parse(E[] constants, String value) {
    for (E constant : constants) {
      if (of(constant).equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "must be one of " + all(constants) + "; got '" + value + "'");
  }
}
