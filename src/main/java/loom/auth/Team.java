package loom.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A group of users whose keys' spend is counted together. Its members, and who administers it, are
 * {@link TeamMember}s; a key is bound to at most one team.
 */
public record Team(String id, String name, Instant createdAt, Instant updatedAt) {
  public Team {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
