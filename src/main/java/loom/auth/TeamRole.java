package loom.auth;

import java.util.Locale;
import loom.support.InvalidInputException;

/**
 * What a member may do in one team: a {@code member} only belongs to it (and may bind their keys to it); an
 * {@code admin} also sees and manages the keys bound to it. Neither gives any right in another team.
 */
public enum TeamRole {
  MEMBER("member"),
  ADMIN("admin");

  private final String id;

  TeamRole(String id) {
    this.id = id;
  }

  /** The role as written on the wire and in the store: {@code member} or {@code admin}. */
  public String id() {
    return id;
  }

  /** Reads a wire id (case and surrounding blanks ignored), or fails as invalid input of the field {@code role}. */
  public static TeamRole parse(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (TeamRole role : values()) {
      if (role.id.equals(wanted)) {
        return role;
      }
    }
    throw InvalidInputException.of("role", "must be member or admin");
  }
}
