package loom.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import loom.support.FieldError;
import loom.support.InvalidInputException;

/**
 * The input rules of a key's policy, applied where a policy is set (issuing or changing a key), each failure naming
 * its wire field: {@code allowed_models} are model names or {@code provider/model}, 1 to {@link #MAX_MODEL_LENGTH}
 * characters, at most {@link #MAX_MODELS}; {@code expires_at} lies in the future; {@code default_tags} follow
 * {@link TagRules}, at most {@link TagRules#MAX_TAGS}. Repeats are dropped, order kept.
 */
final class KeyPolicyRules {
  static final int MAX_MODELS = 100;
  static final int MAX_MODEL_LENGTH = 200;

  private KeyPolicyRules() {}

  /** The policy as stored, or InvalidInputException with one entry per field that breaks a rule. */
  static KeyPolicy checked(KeyPolicy policy, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    List<String> models = collect(errors, () -> allowedModels(policy.allowedModels()));
    Instant expiresAt = collect(errors, () -> expiresAt(policy.expiresAt(), now));
    List<String> tags = collect(errors, () -> defaultTags(policy.defaultTags()));
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new KeyPolicy(models, expiresAt, tags);
  }

  static List<String> allowedModels(List<String> models) {
    if (models.size() > MAX_MODELS) {
      throw InvalidInputException.of(
          "allowed_models", "at most " + MAX_MODELS + " models, got " + models.size());
    }
    Set<String> checked = new LinkedHashSet<>();
    for (String model : models) {
      String trimmed = model == null ? "" : model.strip();
      if (trimmed.isEmpty()
          || trimmed.length() > MAX_MODEL_LENGTH
          || trimmed.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
          || trimmed.startsWith("/")
          || trimmed.endsWith("/")) {
        throw InvalidInputException.of(
            "allowed_models",
            "each model must be 'model' or 'provider/model', 1 to "
                + MAX_MODEL_LENGTH
                + " characters without blanks; got '"
                + shown(trimmed)
                + "'");
      }
      checked.add(trimmed);
    }
    return List.copyOf(checked);
  }

  static Instant expiresAt(Instant expiresAt, Instant now) {
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw InvalidInputException.of(
          "expires_at",
          "must be in the future; got " + expiresAt + " (to stop a key now, revoke it)");
    }
    return expiresAt;
  }

  static List<String> defaultTags(List<String> tags) {
    Set<String> checked = new LinkedHashSet<>();
    tags.forEach(tag -> checked.add(TagRules.check("default_tags", tag)));
    if (checked.size() > TagRules.MAX_TAGS) {
      throw InvalidInputException.of(
          "default_tags", "at most " + TagRules.MAX_TAGS + " tags, got " + checked.size());
    }
    return List.copyOf(checked);
  }

  private static <T> T collect(List<FieldError> errors, Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidInputException e) {
      errors.addAll(e.errors());
      return null;
    }
  }

  private static String shown(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
