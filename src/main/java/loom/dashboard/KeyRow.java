package loom.dashboard;

import java.io.Serializable;
import loom.auth.ApiKey;

/**
 * A line of the API keys table (read in EL as {@code #{row.prefix()}}): never the secret, only the first
 * characters the gateway keeps to tell keys apart. Names are what users typed: written as escaped text only.
 *
 * @param owner the owner's name (admins see everyone's keys)
 */
public record KeyRow(
    String id,
    String name,
    String owner,
    String prefix,
    String created,
    String lastUsed,
    boolean revoked,
    String status)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static KeyRow of(ApiKey key, String owner) {
    return new KeyRow(
        key.id(),
        key.name(),
        owner,
        key.prefix() + "…",
        Formats.utc(key.createdAt(), ""),
        Formats.utc(key.lastUsedAt(), "never"),
        key.isRevoked(),
        key.isRevoked() ? "revoked " + Formats.utc(key.revokedAt(), "") : "active");
  }
}
