package loom.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as it may be shown after it was issued: who owns it, its name and the first characters of
 * the key ({@code prefix}) so people can tell keys apart. Never the secret, never its hash.
 *
 * @param lastUsedAt when a request last came with it (written in batches, so up to one flush interval late);
 *     {@code null} if never used
 * @param revokedAt when it was revoked; {@code null} while it works
 */
public record ApiKey(String id, String userId, String name, String prefix, Instant createdAt,
                     Instant lastUsedAt, Instant revokedAt) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }
}
