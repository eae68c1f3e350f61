package loom.dashboard;

import java.io.Serializable;
import loom.auth.User;

/**
 * A line of the users table (read in EL as {@code #{row.name()}}); the name is whatever an admin typed, so the
 * page writes it as escaped text only.
 *
 * @param self whether it is the logged-in admin (who is told before demoting or deleting themselves)
 */
public record UserRow(
    String id, String name, String role, boolean admin, String created, boolean self)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static UserRow of(User user, String callerId) {
    return new UserRow(
        user.id(),
        user.name(),
        user.role().id(),
        user.isAdmin(),
        Formats.utc(user.createdAt(), ""),
        user.id().equals(callerId));
  }

  /** The role the role button gives the user: the other one. */
  public String otherRole() {
    return admin ? "user" : "admin";
  }
}
