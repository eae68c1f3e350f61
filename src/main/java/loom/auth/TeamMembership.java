package loom.auth;

import java.util.Objects;

/** A team seen from one of its members: the team and that member's role in it (what {@code GET /me} lists). */
public record TeamMembership(Team team, TeamRole role) {
  public TeamMembership {
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(role, "role");
  }
}
