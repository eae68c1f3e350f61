package loom.dashboard;

import jakarta.faces.render.ResponseStateManager;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The token Faces wants on every GET of a protected view (faces-config.xml lists them all: every dashboard
 * page). Links and redirects Faces makes carry it; a bookmark, a typed URL or a link from another site may
 * not, or may carry one of an earlier session. {@link DashboardFilter} sees to those before Faces does: when
 * the browser says the user opened the page themselves or from this site ({@code Sec-Fetch-Site: none} or
 * {@code same-origin}), it opens it again with the session's token; otherwise it asks the user to confirm
 * with a link, which another site can neither read nor click for them (and cannot frame). So no request from
 * elsewhere gets a page without a person choosing it, and Faces' own check (which logs the session's token at
 * SEVERE) only ever sees a forged token.
 */
final class ViewTokens {
  /** The request parameter: {@code jakarta.faces.Token}. */
  static final String PARAMETER = ResponseStateManager.NON_POSTBACK_VIEW_TOKEN_PARAM;

  /**
   * Where Mojarra keeps a session's token, URL-encoded (its StateHelper.TOKEN_NAME). Mojarra-specific: on
   * another implementation it is simply never found, and the pages still work through Faces' own check.
   */
  static final String SESSION_ATTRIBUTE = "com.sun.faces.TOKEN";

  /** Sec-Fetch-Site values of a navigation the user started: typed, bookmarked, or from a page of this site. */
  private static final Set<String> OWN_NAVIGATION = Set.of("none", "same-origin");

  private ViewTokens() {}

  /** The session's token, as it goes into a URL. */
  static Optional<String> of(HttpSession session) {
    return session != null
            && session.getAttribute(SESSION_ATTRIBUTE) instanceof String token
            && !token.isEmpty()
        ? Optional.of(token)
        : Optional.empty();
  }

  /** Whether a request's (decoded) token parameter is the session's (URL-encoded) token. */
  static boolean matches(String parameter, String sessionToken) {
    return parameter != null
        && URLEncoder.encode(parameter, StandardCharsets.UTF_8).equals(sessionToken);
  }

  /** Whether a page may be opened again with the token for a request with this Sec-Fetch-Site. */
  static boolean isOwnNavigation(String secFetchSite) {
    return secFetchSite != null && OWN_NAVIGATION.contains(secFetchSite);
  }

  /** {@code path?jakarta.faces.Token=…}, with the token as stored (URL-encoded already). */
  static String withToken(String path, String sessionToken) {
    return path + "?" + PARAMETER + "=" + sessionToken;
  }

  /** The page that asks the user to confirm opening {@code url} (which this class built, so it is ours). */
  static String confirmPage(String contextPath, String url) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>Open this page? · Loom Gateway"
        + "</title><link rel=\"stylesheet\" href=\""
        + html(contextPath)
        + "/jakarta.faces.resource/dashboard.css.xhtml"
        + "?ln=loom\"/></head><body class=\"loom-plain\"><main class=\"loom-box\"><h1>Open this page?</h1>"
        + "<p>This link to the Loom dashboard came from outside it. Open the page only if you meant to.</p>"
        + "<p><a id=\"continue\" href=\""
        + html(url)
        + "\">Open the page</a></p></main></body></html>\n";
  }

  static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
