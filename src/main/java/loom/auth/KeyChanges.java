package loom.auth;

import java.time.Instant;
import java.util.List;

/**
 * What a {@code PATCH} of a key changes, with JSON merge semantics: a null component keeps that value; a
 * {@link Change} sets it, and a change to null clears it (no team, any model, no expiry, no default tags). The name
 * cannot be cleared, so it is a plain value (null: keep).
 */
public record KeyChanges(
    String name,
    Change<String> teamId,
    Change<List<String>> allowedModels,
    Change<Instant> expiresAt,
    Change<List<String>> defaultTags) {
  /** A new value for one part; {@code value} null clears it. */
  public record Change<T>(T value) {
    /** The value after this change of {@code current}: {@code change} null keeps it. */
    static <T> T apply(Change<T> change, T current) {
      return change == null ? current : change.value();
    }
  }
}
