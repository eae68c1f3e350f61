package loom.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import loom.support.InvalidInputException;

/**
 * What a tag is, wherever it comes from (a request's headers or {@code metadata}, a key's default tags): a name,
 * or a name and a value written {@code name:value}. Names are letters, digits and {@code _ . - /}, at most
 * {@link #MAX_NAME} characters; values any text without control characters or commas, at most {@link #MAX_VALUE}.
 * A request carries at most {@link #MAX_TAGS}. Bounded because every tag is stored with the request and becomes a
 * breakdown row: unbounded tags would let one client grow the store and every chart without limit.
 */
public final class TagRules {
  public static final int MAX_TAGS = 20;
  public static final int MAX_NAME = 64;
  public static final int MAX_VALUE = 128;

  private TagRules() {}

  /**
   * The tag as stored (name and value trimmed), or InvalidInputException naming {@code field} and the rule broken.
   */
  public static String check(String field, String tag) {
    String raw = tag == null ? "" : tag.strip();
    int colon = raw.indexOf(':');
    return colon < 0
        ? checkedName(field, raw)
        : of(field, raw.substring(0, colon), raw.substring(colon + 1));
  }

  /** The tag of a name and a value ({@code name:value}), each checked; an empty value makes the bare name. */
  public static String of(String field, String name, String value) {
    String checkedName = checkedName(field, name == null ? "" : name.strip());
    String trimmed = value == null ? "" : value.strip();
    if (trimmed.length() > MAX_VALUE
        || trimmed.chars().anyMatch(c -> c == ',' || Character.isISOControl(c))) {
      throw InvalidInputException.of(
          field,
          "the value of tag '"
              + checkedName
              + "' must be at most "
              + MAX_VALUE
              + " characters without commas or control characters");
    }
    return trimmed.isEmpty() ? checkedName : checkedName + ":" + trimmed;
  }

  /** The name part of a stored tag. */
  public static String nameOf(String tag) {
    int colon = tag.indexOf(':');
    return colon < 0 ? tag : tag.substring(0, colon);
  }

  /**
   * The tags of a request: its own, then those of {@code defaults} (a key's) whose name it does not set, without
   * repeats;
   * InvalidInputException naming {@code field} when there are more than {@link #MAX_TAGS}.
   */
  public static List<String> merge(String field, List<String> own, List<String> defaults) {
    Set<String> tags = new LinkedHashSet<>(own);
    Set<String> ownNames = own.stream().map(TagRules::nameOf).collect(Collectors.toSet());
    defaults.stream().filter(tag -> !ownNames.contains(nameOf(tag))).forEach(tags::add);
    if (tags.size() > MAX_TAGS) {
      throw InvalidInputException.of(
          field, "at most " + MAX_TAGS + " tags per request, got " + tags.size());
    }
    return List.copyOf(tags);
  }

  private static String checkedName(String field, String name) {
    if (name.isEmpty()) {
      throw InvalidInputException.of(field, "a tag needs a name ('team-a' or 'env:prod')");
    }
    if (name.length() > MAX_NAME || !name.chars().allMatch(TagRules::isNameChar)) {
      throw InvalidInputException.of(
          field,
          "the tag name '"
              + shown(name)
              + "' must be 1 to "
              + MAX_NAME
              + " letters, digits, '_', '.', '-' or '/'");
    }
    return name;
  }

  private static boolean isNameChar(int c) {
    return c < 128
        && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/');
  }

  private static String shown(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
