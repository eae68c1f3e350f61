package loom.auth;

import java.time.Instant;
import java.util.Objects;

/** A user in a team, with their role there and since when they are in it. */
public record TeamMember(String userId, String userName, TeamRole role, Instant addedAt) {
  public TeamMember {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(addedAt, "addedAt");
  }

  public boolean isAdmin() {
    return role == TeamRole.ADMIN;
  }
}
