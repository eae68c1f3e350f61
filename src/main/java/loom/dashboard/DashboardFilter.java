package loom.dashboard;

import jakarta.faces.render.ResponseStateManager;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import loom.auth.Caller;
import loom.auth.User;

/**
 * In front of everything Faces serves ({@code *.xhtml}, {@code /dashboard/*}): answers 404 outside the dashboard,
 * its login page and the Faces resources (see {@link DashboardAccess#isServedByFaces}); sets the security headers, sends visitors who are not logged in to the login page, answers 403 with a page of its own on
 * admin pages for non-admins (and on the Teams page for those who administer no team), opens pages asked for without their protected-view token as {@link ViewTokens}
 * describes, and keeps each session's user in step with the store (a deleted user is logged out, a changed
 * role applies at once).
 */
public final class DashboardFilter extends HttpFilter {
  /** Where non-admins who open an admin page are shown why not (forwarded to, never reachable directly). */
  static final String FORBIDDEN_VIEW = "/WEB-INF/errors/forbidden.xhtml";

  private static final long serialVersionUID = 1L;

  private final transient Function<String, Optional<User>> storedUser;
  private final transient Predicate<String> administersATeam;
  private String policy;

  /** A filter for a gateway without teams: the Teams page is for admins only. */
  public DashboardFilter(Function<String, Optional<User>> storedUser) {
    this(storedUser, userId -> false);
  }

  /**
   * @param storedUser the user of an id as stored now ({@code UserService::current})
   * @param administersATeam whether the user of an id is the admin of a team now (who may open the Teams page)
   */
  public DashboardFilter(
      Function<String, Optional<User>> storedUser, Predicate<String> administersATeam) {
    this.storedUser = Objects.requireNonNull(storedUser, "storedUser");
    this.administersATeam = Objects.requireNonNull(administersATeam, "administersATeam");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    super.init(config);
    try {
      policy =
          SecurityHeaders.baselinePolicy(
              config.getServletContext().getInitParameter(SecurityHeaders.POLICY_PARAMETER));
    } catch (IllegalArgumentException e) {
      throw new ServletException(e.getMessage(), e);
    }
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getHttpServletMapping().getMappingMatch() == MappingMatch.PATH) {
      // Answered by a servlet mapped by path (the proxy's /v1/*, the API's /api/v1/*): *.xhtml
      // matched only its name.
      chain.doFilter(request, response);
      return;
    }
    String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    if (!DashboardAccess.isServedByFaces(path)) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    boolean guarded = DashboardAccess.isGuarded(path);
    SecurityHeaders.apply(response, policy, guarded);
    HttpServletResponse headed = SecurityHeaders.oneCsp(response);
    if (!guarded) {
      chain.doFilter(request, headed);
      return;
    }
    HttpSession session = request.getSession(false);
    Caller caller = currentCaller(session);
    switch (DashboardAccess.decide(
        path, caller, someone -> administersATeam.test(someone.userId()))) {
      case ALLOW -> {
        Optional<String> token = caller == null ? Optional.empty() : ViewTokens.of(session);
        if (token.isPresent() && needsToken(request, path, token.get())) {
          openWithToken(request, response, path, token.get());
        } else {
          chain.doFilter(request, headed);
        }
      }
      case LOGIN ->
          redirect(request, response, DashboardAccess.LOGIN_PAGE + nextParameter(request, path));
      case DASHBOARD ->
          redirect(
              request,
              response,
              ViewTokens.of(session)
                  .map(token -> ViewTokens.withToken(DashboardAccess.HOME_PAGE, token))
                  .orElse(DashboardAccess.HOME_PAGE));
      case FORBIDDEN -> forbid(request, headed);
    }
  }

  /**
   * A request for a dashboard page that Faces would check for the session's protected-view token, without it (see
   * {@link ViewTokens}): every request without a view state, whatever its method or headers, since Faces takes
   * only those with one for postbacks. Faces would refuse it and log the session's token at SEVERE.
   */
  private static boolean needsToken(HttpServletRequest request, String path, String sessionToken) {
    return DashboardAccess.isPage(path)
        && request.getParameter(ResponseStateManager.VIEW_STATE_PARAM) == null
        && !ViewTokens.matches(request.getParameter(ViewTokens.PARAMETER), sessionToken);
  }

  /** Opens the page with the token when the user opened it, asks them first when another site did. */
  private static void openWithToken(
      HttpServletRequest request, HttpServletResponse response, String path, String sessionToken)
      throws IOException {
    String url =
        request.getContextPath() + ViewTokens.withToken(DashboardAccess.pageOf(path), sessionToken);
    if (ViewTokens.isOwnNavigation(request.getHeader("Sec-Fetch-Site"))) {
      response.sendRedirect(url);
      return;
    }
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("text/html");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(ViewTokens.confirmPage(request.getContextPath(), url));
  }

  /** The session's caller, brought up to date with the store; null when nobody is (or may stay) logged in. */
  private Caller currentCaller(HttpSession session) {
    Optional<Caller> caller = SessionCaller.of(session);
    if (caller.isEmpty()) {
      return null;
    }
    Optional<Caller> current =
        SessionCaller.refresh(caller.get(), storedUser.apply(caller.get().userId()));
    if (current.isEmpty()) {
      session.invalidate();
      return null;
    }
    if (current.get() != caller.get()) {
      session.setAttribute(SessionCaller.ATTRIBUTE, current.get());
    }
    return current.get();
  }

  /** {@code ?next=} the page asked for, so the login can open it; only for plain page requests. */
  private static String nextParameter(HttpServletRequest request, String path) {
    if (!"GET".equals(request.getMethod())) {
      return "";
    }
    return DashboardAccess.safeNext(path)
        .filter(next -> !next.equals(DashboardAccess.HOME_PAGE))
        .map(next -> "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))
        .orElse("");
  }

  /** A redirect that also works for a Faces ajax request, which wants it inside a partial response. */
  private static void redirect(
      HttpServletRequest request, HttpServletResponse response, String page) throws IOException {
    String url = request.getContextPath() + page;
    if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
      response.setContentType("text/xml");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                  + url.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;")
                  + "\"/></partial-response>");
      return;
    }
    response.sendRedirect(url);
  }

  /** 403, with the explaining page for a plain page request and without a body for anything else. */
  private static void forbid(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (!"GET".equals(request.getMethod()) || request.getHeader("Faces-Request") != null) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    request.getRequestDispatcher(FORBIDDEN_VIEW).forward(request, response);
  }
}
