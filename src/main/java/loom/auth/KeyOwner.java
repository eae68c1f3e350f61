package loom.auth;

import java.util.Objects;

/** A stored key looked up by its hash, joined with its owner: what authentication needs, in one row. */
record KeyOwner(
    String keyId,
    String keyHash,
    boolean isRevoked,
    String userId,
    String userName,
    Role role,
    String teamId,
    KeyPolicy policy) {
  KeyOwner {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(role, "role");
  }

  Caller caller() {
    return new Caller(userId, userName, role, keyId, teamId, policy);
  }
}
