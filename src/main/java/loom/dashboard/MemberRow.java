package loom.dashboard;

import java.io.Serializable;
import loom.auth.TeamMember;
import loom.auth.TeamRole;

/** A member of the team shown on the Teams page: name, role in the team and since when. Read in EL as {@code #{m.name()}}. */
public record MemberRow(String userId, String name, String role, boolean admin, String added)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static MemberRow of(TeamMember member) {
    return new MemberRow(
        member.userId(),
        member.userName(),
        member.role().id(),
        member.isAdmin(),
        Formats.utc(member.addedAt(), ""));
  }

  /** The role the role button gives the member: the other one. */
  public String otherRole() {
    return admin ? TeamRole.MEMBER.id() : TeamRole.ADMIN.id();
  }
}
