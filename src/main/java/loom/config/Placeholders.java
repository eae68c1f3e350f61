package loom.config;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-default}} references in configuration strings.
 * {@code $$} stands for a literal dollar sign. A reference that resolves to nothing and has no
 * default is an error: a forgotten secret must stop the deploy, not reach an upstream as "".
 */
final class Placeholders {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_.\\-]*)(?::-([^}]*))?}");

  private final UnaryOperator<String> lookup;

  /** @param lookup returns the value of a name, or null when it is not set */
  Placeholders(UnaryOperator<String> lookup) {
    this.lookup = lookup;
  }

  String resolve(String key, String text) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = lookup.apply(m.group(1));
        if (value == null) {
          if (m.group(2) == null) {
            throw new ConfigException(
                key,
                "refers to ${"
                    + m.group(1)
                    + "}, which is not set;"
                    + " set that environment variable (or system property) or give a default as ${"
                    + m.group(1)
                    + ":-value}");
          }
          value = m.group(2);
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
