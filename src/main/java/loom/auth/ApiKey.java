package loom.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as it may be shown after it was issued: who owns it, its name and the first characters of
 * the key ({@code prefix}) so people can tell keys apart, the team it is bound to and its policy. Never the
 * secret, never its hash.
 *
 * @param lastUsedAt when a request last came with it (written in batches, so up to one flush interval late);
 *     {@code null} if never used
 * @param revokedAt when it was revoked; {@code null} while it works
 * @param teamId the team whose spend its calls are; {@code null} for none
 * @param policy the models it may call, when it expires and its default tags ({@link KeyPolicy#NONE}: none)
 */
public record ApiKey(
    String id,
    String userId,
    String name,
    String prefix,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt,
    String teamId,
    KeyPolicy policy) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(createdAt, "createdAt");
    policy = policy == null ? KeyPolicy.NONE : policy;
  }

  /** A key bound to no team and without a policy. */
  public ApiKey(
      String id,
      String userId,
      String name,
      String prefix,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {
    this(id, userId, name, prefix, createdAt, lastUsedAt, revokedAt, null, KeyPolicy.NONE);
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }
}
