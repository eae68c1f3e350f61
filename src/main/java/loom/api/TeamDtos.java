package loom.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import loom.auth.Team;
import loom.auth.TeamMember;
import loom.auth.TeamMembership;

/** The JSON shapes of {@code /teams} (API.md), apart from the stored rows as {@link Dtos} are. */
final class TeamDtos {
  private TeamDtos() {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TeamView(String id, String name, Instant createdAt, Instant updatedAt) {
    static TeamView from(Team team) {
      return new TeamView(team.id(), team.name(), team.createdAt(), team.updatedAt());
    }
  }

  /** {@code GET /teams/{id}}: the team with its members. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TeamDetailView(
      String id, String name, Instant createdAt, Instant updatedAt, List<MemberView> members) {
    static TeamDetailView from(Team team, List<TeamMember> members) {
      return new TeamDetailView(
          team.id(),
          team.name(),
          team.createdAt(),
          team.updatedAt(),
          members.stream().map(MemberView::from).toList());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TeamList(List<TeamView> teams, long total, int limit, int offset) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MemberView(String userId, String userName, String role, Instant addedAt) {
    static MemberView from(TeamMember member) {
      return new MemberView(
          member.userId(), member.userName(), member.role().id(), member.addedAt());
    }
  }

  /** Every member at once: a team's members are few, so the list is not paged. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MemberList(List<MemberView> members, long total) {
    static MemberList from(List<TeamMember> members) {
      return new MemberList(members.stream().map(MemberView::from).toList(), members.size());
    }
  }

  /** One of the caller's teams in {@code GET /me}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MyTeamView(String id, String name, String role) {
    static MyTeamView from(TeamMembership membership) {
      return new MyTeamView(
          membership.team().id(), membership.team().name(), membership.role().id());
    }
  }

  /** {@code POST /teams} and {@code PATCH /teams/{id}} body. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TeamRequest(String name) {}

  /** {@code PUT /teams/{id}/members/{user_id}} body. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MemberRequest(String role) {}
}
