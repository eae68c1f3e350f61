package loom.dashboard;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import loom.auth.Caller;

/**
 * Who may open which dashboard path; {@link DashboardFilter} acts on the answer. Every page under
 * {@code /dashboard/} needs a logged-in user, every page under {@code /dashboard/admin/} an admin, the Teams page
 * an admin or the admin of a team; the login page is for those not logged in. Paths are the container's decoded, normalised servlet path plus path info;
 * they are compared in lower case so no spelling of "admin" slips past on a case-insensitive file system.
 */
final class DashboardAccess {
  static final String LOGIN_PAGE = "/login.xhtml";
  static final String HOME_PAGE = "/dashboard/index.xhtml";

  /** For admins and team admins: outside {@code /dashboard/admin/}, which is for admins alone. */
  static final String TEAMS_PAGE = "/dashboard/teams.xhtml";

  private static final String DASHBOARD = "/dashboard";
  private static final String ADMIN = "/dashboard/admin";
  private static final String FACES_RESOURCES = "/jakarta.faces.resource";

  /** A page the login may send the user on to: a plain dashboard view path, nothing that leaves the app. */
  private static final Pattern NEXT_PAGE =
      Pattern.compile("/dashboard/(?:[a-z0-9-]+/)*[a-z0-9-]+\\.xhtml");

  enum Decision {
    /** Serve it. */
    ALLOW,
    /** Not logged in: to the login page. */
    LOGIN,
    /** Logged in, but an admin page and not an admin: 403. */
    FORBIDDEN,
    /** The login page while logged in: on to the dashboard. */
    DASHBOARD
  }

  private DashboardAccess() {}

  /** @param caller the session's caller, or null when nobody is logged in */
  static Decision decide(String path, Caller caller) {
    return decide(path, caller, someone -> false);
  }

  /**
   * @param caller the session's caller, or null when nobody is logged in
   * @param isTeamAdmin whether a caller administers a team; asked only for the Teams page, as it reads the store
   */
  static Decision decide(String path, Caller caller, Predicate<Caller> isTeamAdmin) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.equals(LOGIN_PAGE)) {
      return caller == null ? Decision.ALLOW : Decision.DASHBOARD;
    }
    if (!isUnder(lower, DASHBOARD)) {
      return Decision.ALLOW;
    }
    if (caller == null) {
      return Decision.LOGIN;
    }
    if (isUnder(lower, ADMIN) && !caller.isAdmin()) {
      return Decision.FORBIDDEN;
    }
    if (lower.equals(TEAMS_PAGE) && !caller.isAdmin() && !isTeamAdmin.test(caller)) {
      return Decision.FORBIDDEN;
    }
    return Decision.ALLOW;
  }

  /**
   * Whether Faces may serve the path at all: the login page, the dashboard's folder and the Faces resources. Faces
   * answers every {@code *.xhtml} path, and outside these it would run without the CDI contexts its beans need
   * (a 500 with a stack trace): any other {@code .xhtml} path, and the {@code index.xhtml} the container tries as
   * the welcome file of any folder ({@code /metrics/}, {@code /login.xhtml/}), is simply not there.
   */
  static boolean isServedByFaces(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.equals(LOGIN_PAGE) || isUnder(lower, DASHBOARD) || isUnder(lower, FACES_RESOURCES);
  }

  /** Whether the path is a dashboard page this rule guards (as opposed to Faces resources, which it does not). */
  static boolean isGuarded(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.equals(LOGIN_PAGE) || isUnder(lower, DASHBOARD);
  }

  /** Whether the path asks for a dashboard page (a view, or the folder, which shows the overview). */
  static boolean isPage(String path) {
    return path.equals(DASHBOARD)
        || path.equals(DASHBOARD + "/")
        || path.startsWith(DASHBOARD + "/") && path.endsWith(".xhtml");
  }

  /** The view a page path shows: the overview for the dashboard folder itself. */
  static String pageOf(String path) {
    return path.endsWith(".xhtml") ? path : HOME_PAGE;
  }

  /**
   * The page to open after the login, if {@code next} names one safely: only a dashboard view path of plain
   * characters, so the login can never be made to redirect elsewhere (no scheme, host, {@code //}, {@code ..}
   * or query).
   */
  static Optional<String> safeNext(String next) {
    return next != null && NEXT_PAGE.matcher(next).matches() ? Optional.of(next) : Optional.empty();
  }

  private static boolean isUnder(String path, String folder) {
    return path.equals(folder) || path.startsWith(folder + "/");
  }
}
