package loom.dashboard;

import com.sun.faces.renderkit.StateHelper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import loom.auth.Caller;
import loom.auth.User;

/** The logged-in user of a dashboard session: a {@link Caller} in the HTTP session, set at login. */
final class SessionCaller {
  /** The session attribute that holds the caller. */
  static final String ATTRIBUTE = "loom.dashboard.Caller";

  private SessionCaller() {}

  static Optional<Caller> of(HttpSession session) {
    return session != null && session.getAttribute(ATTRIBUTE) instanceof Caller caller
        ? Optional.of(caller)
        : Optional.empty();
  }

  /**
   * Logs {@code user} in on this request's session. The session gets a new id first, so an id planted before
   * the login (session fixation) is worth nothing after it, and a new token for Faces' protected views, so no
   * token seen before the login opens a page after it.
   */
  static Caller login(HttpServletRequest request, User user) {
    request.getSession(true);
    request.changeSessionId();
    HttpSession session = request.getSession(false);
    // Mojarra keeps the protected-view token in the session; renew it like the id (Mojarra-specific
    // API).
    StateHelper.createAndStoreCryptographicallyStrongTokenInSession(session);
    Caller caller = Caller.ofSession(user);
    session.setAttribute(ATTRIBUTE, caller);
    return caller;
  }

  /**
   * The session's caller brought up to date with the user as stored now: empty when the user was deleted
   * (the session must end), a new caller when the name or role changed (a demoted admin loses admin pages at
   * once), the same caller otherwise.
   */
  static Optional<Caller> refresh(Caller caller, Optional<User> stored) {
    return stored.map(
        user ->
            user.name().equals(caller.userName()) && user.role() == caller.role()
                ? caller
                : Caller.ofSession(user));
  }
}
