package loom.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import loom.auth.KeyChanges;
import loom.auth.KeyChanges.Change;
import loom.support.FieldError;
import loom.support.InvalidInputException;

/**
 * Reads the body of {@code PATCH /keys/{id}} as a JSON merge patch: a field left out keeps its value, a field set to
 * null clears it, any other value sets it. Read by hand because a record cannot tell a missing field from a null
 * one. Every broken field is reported at once.
 */
final class KeyPatchBody {
  static final Set<String> FIELDS =
      new TreeSet<>(List.of("name", "team_id", "allowed_models", "expires_at", "default_tags"));

  private KeyPatchBody() {}

  static KeyChanges parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw InvalidInputException.of("body", "a JSON object is required");
    }
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        errors.add(new FieldError(name, "unknown field; allowed: " + String.join(", ", FIELDS)));
      }
    }
    String name = name(body.get("name"), errors);
    Change<String> teamId = text(body, "team_id", errors);
    Change<List<String>> models = strings(body, "allowed_models", errors);
    Change<Instant> expiresAt = time(body, "expires_at", errors);
    Change<List<String>> tags = strings(body, "default_tags", errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new KeyChanges(name, teamId, models, expiresAt, tags);
  }

  private static String name(JsonNode value, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      errors.add(
          new FieldError(
              "name",
              value.isNull() ? "cannot be cleared; leave it out to keep it" : "must be a string"));
      return null;
    }
    return value.asText();
  }

  private static Change<String> text(JsonNode body, String field, List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return value == null ? null : new Change<>(null);
    }
    if (!value.isTextual()) {
      errors.add(new FieldError(field, "must be a string or null"));
      return null;
    }
    return new Change<>(value.asText());
  }

  private static Change<List<String>> strings(
      JsonNode body, String field, List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return value == null ? null : new Change<>(null);
    }
    List<String> values = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(element -> values.add(element.isTextual() ? element.asText() : null));
    }
    if (!value.isArray() || values.contains(null)) {
      errors.add(new FieldError(field, "must be a list of strings or null"));
      return null;
    }
    return new Change<>(values);
  }

  private static Change<Instant> time(JsonNode body, String field, List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return value == null ? null : new Change<>(null);
    }
    try {
      if (value.isTextual()) {
        return new Change<>(OffsetDateTime.parse(value.asText()).toInstant());
      }
    } catch (DateTimeParseException notATime) {
      // reported below
    }
    errors.add(
        new FieldError(field, "must be an RFC 3339 time such as 2026-01-21T12:00:00Z, or null"));
    return null;
  }
}
