package loom.auth;

import jakarta.servlet.ServletRequest;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Who makes the current request, as {@link AuthFilter} resolved it from the API key (or the dashboard
 * from its login session). Every service method that acts for someone takes one.
 *
 * Serializable because the dashboard keeps one in its HTTP session, which a container may persist across
 * restarts.
 *
 * @param keyId the API key the request came with; {@code null} for a dashboard session without a key
 * @param teamId the team the key is bound to, whose spend its calls are; {@code null} for none
 * @param policy the key's policy ({@link KeyPolicy#NONE} without a key)
 */
public record Caller(
    String userId, String userName, Role role, String keyId, String teamId, KeyPolicy policy)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The request attribute under which {@link AuthFilter} stores the caller. */
  public static final String ATTRIBUTE = "loom.auth.Caller";

  public Caller {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(role, "role");
    policy = policy == null ? KeyPolicy.NONE : policy;
  }

  /** The caller of a key bound to no team and without a policy (or of a session, with a null key). */
  public Caller(String userId, String userName, Role role, String keyId) {
    this(userId, userName, role, keyId, null, KeyPolicy.NONE);
  }

  /** The caller of a user who logged in to the dashboard, without an API key. */
  public static Caller ofSession(User user) {
    return new Caller(user.id(), user.name(), user.role(), null);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** The caller of a request that passed {@link AuthFilter}, if it came with a valid key. */
  public static Optional<Caller> find(ServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof Caller caller
        ? Optional.of(caller)
        : Optional.empty();
  }

  /** The caller of a request that {@link AuthFilter} let through only with a valid key. */
  public static Caller of(ServletRequest request) {
    return find(request)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No caller on this request: it did not pass AuthFilter, or its path is public"));
  }
}
