package loom.dashboard;

import static loom.dashboard.DashboardAccess.Decision.ALLOW;
import static loom.dashboard.DashboardAccess.Decision.DASHBOARD;
import static loom.dashboard.DashboardAccess.Decision.FORBIDDEN;
import static loom.dashboard.DashboardAccess.Decision.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;

import loom.auth.Caller;
import loom.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DashboardAccessTest {
  private static final Caller ADMIN = new Caller("usr_a", "ada", Role.ADMIN, null);
  private static final Caller USER = new Caller("usr_u", "uli", Role.USER, null);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/dashboard",
        "/dashboard/",
        "/dashboard/index.xhtml",
        "/dashboard/logs.xhtml",
        "/dashboard/admin/cache.xhtml",
        "/dashboard/admin",
        "/dashboard/no-such.xhtml",
        "/dashboard/x.css",
        "/DASHBOARD/index.xhtml"
      })
  void withoutALoginEveryDashboardPathLeadsToTheLogin(String path) {
    assertThat(DashboardAccess.decide(path, null)).isEqualTo(LOGIN);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/dashboard/admin/cache.xhtml",
        "/dashboard/admin/",
        "/dashboard/admin",
        "/dashboard/Admin/cache.xhtml",
        "/dashboard/ADMIN/cache.xhtml",
        "/dashboard/admin/deeper/page.xhtml"
      })
  void adminPagesAreForbiddenToUsersAndOpenToAdmins(String path) {
    assertThat(DashboardAccess.decide(path, USER)).isEqualTo(FORBIDDEN);
    assertThat(DashboardAccess.decide(path, ADMIN)).isEqualTo(ALLOW);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/dashboard/teams.xhtml", "/dashboard/Teams.xhtml", "/DASHBOARD/TEAMS.XHTML"})
  void theTeamsPageIsForAdminsAndTeamAdminsOnly(String path) {
    Caller teamAdmin = new Caller("usr_t", "tia", Role.USER, null);
    java.util.function.Predicate<Caller> administers = caller -> caller.userId().equals("usr_t");

    assertThat(DashboardAccess.decide(path, ADMIN, administers)).isEqualTo(ALLOW);
    assertThat(DashboardAccess.decide(path, teamAdmin, administers)).isEqualTo(ALLOW);
    assertThat(DashboardAccess.decide(path, USER, administers)).isEqualTo(FORBIDDEN);
    assertThat(DashboardAccess.decide(path, teamAdmin)).as("without teams").isEqualTo(FORBIDDEN);
    assertThat(DashboardAccess.decide(path, null, administers)).isEqualTo(LOGIN);
  }

  @Test
  void onlyTheTeamsPageAsksWhetherTheCallerAdministersATeam() {
    java.util.function.Predicate<Caller> mustNotBeAsked =
        caller -> {
          throw new AssertionError("asked for " + caller.userId());
        };

    assertThat(DashboardAccess.decide("/dashboard/sessions.xhtml", USER, mustNotBeAsked))
        .isEqualTo(ALLOW);
    assertThat(DashboardAccess.decide("/dashboard/logs.xhtml", USER, mustNotBeAsked))
        .isEqualTo(ALLOW);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/dashboard/",
        "/dashboard/index.xhtml",
        "/dashboard/users.xhtml",
        "/dashboard/administration.xhtml",
        "/dashboard/adminx/page.xhtml"
      })
  void otherDashboardPagesAreOpenToEveryLoggedInUser(String path) {
    assertThat(DashboardAccess.decide(path, USER)).isEqualTo(ALLOW);
    assertThat(DashboardAccess.decide(path, ADMIN)).isEqualTo(ALLOW);
  }

  @Test
  void theLoginPageIsForThoseNotLoggedIn() {
    assertThat(DashboardAccess.decide("/login.xhtml", null)).isEqualTo(ALLOW);
    assertThat(DashboardAccess.decide("/login.xhtml", USER)).isEqualTo(DASHBOARD);
    assertThat(DashboardAccess.decide("/login.xhtml", ADMIN)).isEqualTo(DASHBOARD);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/jakarta.faces.resource/theme.css.xhtml",
        "/v1/models",
        "/api/v1/me",
        "/index.html",
        "/dashboards/index.xhtml",
        "/login.xhtmlx"
      })
  void pathsOutsideTheDashboardAreNotItsBusiness(String path) {
    assertThat(DashboardAccess.decide(path, null)).isEqualTo(ALLOW);
    assertThat(DashboardAccess.isGuarded(path)).isFalse();
  }

  @Test
  void theDashboardAndItsLoginAreGuarded() {
    assertThat(DashboardAccess.isGuarded("/dashboard/index.xhtml")).isTrue();
    assertThat(DashboardAccess.isGuarded("/dashboard")).isTrue();
    assertThat(DashboardAccess.isGuarded("/login.xhtml")).isTrue();
  }

  @Test
  void pagesAreViewsOrTheDashboardFolderWhichShowsTheOverview() {
    assertThat(DashboardAccess.isPage("/dashboard/costs.xhtml")).isTrue();
    assertThat(DashboardAccess.isPage("/dashboard/")).isTrue();
    assertThat(DashboardAccess.isPage("/dashboard")).isTrue();
    assertThat(DashboardAccess.isPage("/dashboard/picture.png")).isFalse();
    assertThat(DashboardAccess.isPage("/login.xhtml")).isFalse();
    assertThat(DashboardAccess.pageOf("/dashboard/")).isEqualTo("/dashboard/index.xhtml");
    assertThat(DashboardAccess.pageOf("/dashboard/costs.xhtml"))
        .isEqualTo("/dashboard/costs.xhtml");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/dashboard/logs.xhtml", "/dashboard/admin/cache.xhtml", "/dashboard/index.xhtml"})
  void theLoginSendsUsersOnToDashboardPages(String next) {
    assertThat(DashboardAccess.safeNext(next)).hasValue(next);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example/dashboard/x.xhtml",
        "//evil.example/dashboard/x.xhtml",
        "/dashboard/../api/v1/me",
        "/dashboard/x.xhtml?a=b",
        "/dashboard/x.xhtml#x",
        "/login.xhtml",
        "/v1/models",
        "/dashboard//x.xhtml",
        "/dashboard/x.xhtml\r\nSet-Cookie: a=b",
        "/dashboard/",
        "",
        " /dashboard/x.xhtml",
        "/dashboard/x.html",
        "/dashboard/%2e%2e/x.xhtml",
        "javascript:alert(1)"
      })
  void butNeverAnywhereElse(String next) {
    assertThat(DashboardAccess.safeNext(next)).isEmpty();
  }

  @Test
  void noNextIsNoNext() {
    assertThat(DashboardAccess.safeNext(null)).isEmpty();
  }
}
