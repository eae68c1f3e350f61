package loom.auth;

import java.util.Locale;
import loom.support.InvalidInputException;

/** What a user may do: an admin manages users and sees everyone's data, a user only their own. */
public enum Role {
  ADMIN("admin"),
  USER("user");

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The role as it is written on the wire and in the store: {@code admin} or {@code user}. */
  public String id() {
    return id;
  }

  /** Reads a wire id (case and surrounding blanks ignored), or fails as invalid input of the field {@code role}. */
  public static Role parse(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (Role role : values()) {
      if (role.id.equals(wanted)) {
        return role;
      }
    }
    throw InvalidInputException.of("role", "must be admin or user");
  }
}
