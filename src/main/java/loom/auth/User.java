package loom.auth;

import java.time.Instant;
import java.util.Objects;

/** A person or system that holds API keys. Never carries the password hash, so it is safe to show. */
public record User(String id, String name, Role role, Instant createdAt, Instant updatedAt) {
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
