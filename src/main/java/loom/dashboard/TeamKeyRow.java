package loom.dashboard;

import java.io.Serializable;
import java.time.Instant;
import loom.auth.ApiKey;

/**
 * A key bound to the team on the Teams page: name, owner, the first characters of the key (never the secret), when it
 * was last used and when it expires. Read in EL as {@code #{key.prefix()}}.
 */
public record TeamKeyRow(
    String id,
    String name,
    String owner,
    String prefix,
    String lastUsed,
    String expires,
    boolean revoked,
    String status)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static TeamKeyRow of(ApiKey key, String owner, Instant now) {
    Instant expiresAt = key.policy().expiresAt();
    String status =
        key.isRevoked()
            ? "revoked " + Formats.utc(key.revokedAt(), "")
            : key.policy().isExpired(now) ? "expired" : "active";
    return new TeamKeyRow(
        key.id(),
        key.name(),
        owner,
        key.prefix() + "…",
        Formats.utc(key.lastUsedAt(), "never"),
        Formats.utc(expiresAt, "never"),
        key.isRevoked(),
        status);
  }
}
