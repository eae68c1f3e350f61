package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import loom.auth.Caller;
import loom.auth.Role;
import loom.auth.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardFilterTest {
  static final String POLICY =
      "default-src 'self'; object-src 'none'; frame-ancestors 'none'; script-src 'self'";
  static final String TOKEN = "abc%2Fdef%3D";
  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

  private final Map<String, User> stored = new HashMap<>();
  private DashboardFilter filter;
  private final FakeHttp.Response response = new FakeHttp.Response();
  private final FakeHttp.Chain chain = new FakeHttp.Chain();

  @BeforeEach
  void start() throws ServletException {
    filter = new DashboardFilter(id -> Optional.ofNullable(stored.get(id)));
    filter.init(FakeHttp.config(POLICY));
  }

  private FakeHttp.Request loggedIn(String path, Role role) {
    User user = new User("usr_1", "uli", role, T, T);
    stored.put(user.id(), user);
    FakeHttp.Request request = new FakeHttp.Request(path);
    request.session = new FakeHttp.Session();
    request.session.attributes.put(SessionCaller.ATTRIBUTE, Caller.ofSession(user));
    request.session.attributes.put(ViewTokens.SESSION_ATTRIBUTE, TOKEN);
    request.parameters.put(ViewTokens.PARAMETER, "abc/def=");
    return request;
  }

  private void run(FakeHttp.Request request) throws Exception {
    filter.doFilter(request.proxy(), response.proxy(), chain);
  }

  @Test
  void anonymousPageRequestsAreSentToTheLoginWithThePageToOpenAfterwards() throws Exception {
    run(new FakeHttp.Request("/dashboard/logs.xhtml"));

    assertThat(chain.called).isFalse();
    assertThat(response.redirect).isEqualTo("/loom/login.xhtml?next=%2Fdashboard%2Flogs.xhtml");
    assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void aProxyOrApiPathEndingInXhtmlIsLeftToItsServletUntouched() throws Exception {
    FakeHttp.Request proxied = new FakeHttp.Request("/v1");
    proxied.pathInfo = "/files/report.xhtml";
    proxied.mappingMatch = jakarta.servlet.http.MappingMatch.PATH;

    run(proxied);

    assertThat(chain.called).isTrue();
    assertThat(response.status).isNotEqualTo(404);
    assertThat(response.header("X-Frame-Options")).as("no dashboard headers").isNull();
  }

  @Test
  void theOverviewAndNonPagesNeedNoNext() throws Exception {
    run(new FakeHttp.Request("/dashboard/index.xhtml"));
    assertThat(response.redirect).isEqualTo("/loom/login.xhtml");

    FakeHttp.Request post = new FakeHttp.Request("/dashboard/logs.xhtml");
    post.method = "POST";
    run(post);
    assertThat(response.redirect).isEqualTo("/loom/login.xhtml");
  }

  @Test
  void anAjaxRequestWithoutALoginGetsItsRedirectInAPartialResponse() throws Exception {
    FakeHttp.Request ajax = new FakeHttp.Request("/dashboard/index.xhtml");
    ajax.method = "POST";
    ajax.headers.put("Faces-Request", "partial/ajax");

    run(ajax);

    assertThat(response.redirect).isNull();
    assertThat(response.contentType).isEqualTo("text/xml");
    assertThat(response.body.toString())
        .contains("<partial-response><redirect url=\"/loom/login.xhtml\"/>");
  }

  @Test
  void aUserWhoIsNotAnAdminIsShownThe403PageOnAdminPages() throws Exception {
    FakeHttp.Request request = loggedIn("/dashboard/admin/cache.xhtml", Role.USER);

    run(request);

    assertThat(chain.called).isFalse();
    assertThat(response.status).isEqualTo(403);
    assertThat(request.forwardedTo).isEqualTo(DashboardFilter.FORBIDDEN_VIEW);
  }

  @Test
  void anythingButAPlainGetOfAnAdminPageGetsABare403() throws Exception {
    FakeHttp.Request request = loggedIn("/dashboard/admin/cache.xhtml", Role.USER);
    request.method = "POST";

    run(request);

    assertThat(response.error).isEqualTo(403);
    assertThat(request.forwardedTo).isNull();
  }

  @Test
  void anAdminOpensAdminPages() throws Exception {
    run(loggedIn("/dashboard/admin/cache.xhtml", Role.ADMIN));

    assertThat(chain.called).isTrue();
    assertThat(response.status).isEqualTo(200);
  }

  @Test
  void aDemotedAdminLosesAdminPagesAtOnce() throws Exception {
    FakeHttp.Request request = loggedIn("/dashboard/admin/cache.xhtml", Role.ADMIN);
    stored.put("usr_1", new User("usr_1", "uli", Role.USER, T, T));

    run(request);

    assertThat(response.status).isEqualTo(403);
    assertThat(((Caller) request.session.attributes.get(SessionCaller.ATTRIBUTE)).role())
        .isEqualTo(Role.USER);
  }

  @Test
  void aDeletedUsersSessionEndsAndTheyAreSentToTheLogin() throws Exception {
    FakeHttp.Request request = loggedIn("/dashboard/index.xhtml", Role.ADMIN);
    stored.clear();

    run(request);

    assertThat(request.session.invalidated).isTrue();
    assertThat(response.redirect).isEqualTo("/loom/login.xhtml");
    assertThat(chain.called).isFalse();
  }

  @Test
  void theLoginPageSendsThoseLoggedInToTheDashboard() throws Exception {
    run(loggedIn("/login.xhtml", Role.USER));

    assertThat(response.redirect)
        .isEqualTo("/loom/dashboard/index.xhtml?jakarta.faces.Token=" + TOKEN);
  }

  @Test
  void aPageWithoutTheTokenOpensAgainWithItWhenTheUserOpenedIt() throws Exception {
    for (String site : new String[] {"none", "same-origin"}) {
      FakeHttp.Request request = loggedIn("/dashboard/costs.xhtml", Role.USER);
      request.parameters.clear();
      request.headers.put("Sec-Fetch-Site", site);

      run(request);

      assertThat(chain.called).isFalse();
      assertThat(response.redirect)
          .isEqualTo("/loom/dashboard/costs.xhtml?jakarta.faces.Token=" + TOKEN);
    }
  }

  @Test
  void theDashboardFolderOpensTheOverview() throws Exception {
    FakeHttp.Request request = loggedIn("/dashboard/", Role.USER);
    request.parameters.clear();
    request.headers.put("Sec-Fetch-Site", "none");

    run(request);

    assertThat(response.redirect)
        .isEqualTo("/loom/dashboard/index.xhtml?jakarta.faces.Token=" + TOKEN);
  }

  @Test
  void aPageOpenedFromElsewhereOrWithAnotherSessionsTokenAsksFirst() throws Exception {
    for (String site : new String[] {"cross-site", "same-site", null}) {
      FakeHttp.Request request = loggedIn("/dashboard/costs.xhtml", Role.USER);
      request.parameters.put(ViewTokens.PARAMETER, "an old token");
      if (site != null) {
        request.headers.put("Sec-Fetch-Site", site);
      }
      FakeHttp.Response asked = new FakeHttp.Response();

      filter.doFilter(request.proxy(), asked.proxy(), chain);

      assertThat(chain.called).isFalse();
      assertThat(asked.status).isEqualTo(403);
      assertThat(asked.body.toString())
          .contains("Open this page?")
          .contains("href=\"/loom/dashboard/costs.xhtml?jakarta.faces.Token=" + TOKEN + "\"");
      assertThat(asked.header("Content-Security-Policy")).isEqualTo(POLICY + ";");
    }
  }

  @Test
  void aPageWithTheSessionsTokenGoesOnWithTheHeadersSetAndOnePolicyAtATime() throws Exception {
    run(loggedIn("/dashboard/costs.xhtml", Role.USER));

    assertThat(chain.called).isTrue();
    assertThat(response.header("Content-Security-Policy")).isEqualTo(POLICY + ";");
    assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    // What PrimeFaces adds while rendering (the policy with its nonce) replaces the policy without
    // one.
    ((HttpServletResponse) chain.response)
        .addHeader("Content-Security-Policy", POLICY + " 'nonce-n1';");
    ((HttpServletResponse) chain.response).addHeader("X-Other", "a");
    ((HttpServletResponse) chain.response).addHeader("X-Other", "b");
    assertThat(response.headers.get("Content-Security-Policy"))
        .containsExactly(POLICY + " 'nonce-n1';");
    assertThat(response.headers.get("X-Other")).containsExactly("a", "b");
  }

  @Test
  void ajaxAndPostsOfPagesNeedNoTokenTheirViewStateProtectsThem() throws Exception {
    FakeHttp.Request ajax = loggedIn("/dashboard/index.xhtml", Role.USER);
    ajax.parameters.clear();
    ajax.parameters.put("jakarta.faces.ViewState", "123:456");
    ajax.method = "POST";
    ajax.headers.put("Faces-Request", "partial/ajax");

    run(ajax);

    assertThat(chain.called).isTrue();
  }

  @Test
  void anyRequestWithoutAViewStateOrTheTokenIsKeptFromFacesWhichWouldLogTheToken()
      throws Exception {
    for (String method : new String[] {"POST", "GET", "PUT"}) {
      FakeHttp.Request request = loggedIn("/dashboard/alerts.xhtml", Role.USER);
      request.parameters.put(ViewTokens.PARAMETER, "forged");
      request.method = method;
      request.headers.put("Faces-Request", "partial/ajax");
      FakeHttp.Response answer = new FakeHttp.Response();

      filter.doFilter(request.proxy(), answer.proxy(), chain);

      assertThat(chain.called).as(method).isFalse();
      assertThat(answer.status).as(method).isEqualTo(HttpServletResponse.SC_FORBIDDEN);
      assertThat(answer.body.toString()).contains("Open this page?");
    }
  }

  @Test
  void facesPathsOutsideTheDashboardAre404() throws Exception {
    for (String path :
        new String[] {
          "/x.xhtml",
          "/metrics/index.xhtml",
          "/login.xhtml/index.xhtml",
          "/WEB-INF/templates/layout.xhtml",
          "/dashboardx.xhtml"
        }) {
      FakeHttp.Response answer = new FakeHttp.Response();

      filter.doFilter(new FakeHttp.Request(path).proxy(), answer.proxy(), chain);

      assertThat(answer.error).as(path).isEqualTo(404);
      assertThat(chain.called).as(path).isFalse();
    }
  }

  @Test
  void facesResourcesGetTheHeadersButNoLoginCheck() throws Exception {
    run(new FakeHttp.Request("/jakarta.faces.resource/theme.css.xhtml"));

    assertThat(chain.called).isTrue();
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("Cache-Control")).as("resources may be cached").isNull();
  }

  @Test
  void aPolicyThatWouldNotProtectThePagesStopsTheDeploy() {
    DashboardFilter broken = new DashboardFilter(id -> Optional.empty());

    assertThatThrownBy(() -> broken.init(FakeHttp.config("default-src *")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("frame-ancestors 'none'");
    assertThatThrownBy(() -> broken.init(FakeHttp.config(null)))
        .isInstanceOf(ServletException.class);
  }
}
