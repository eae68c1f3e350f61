package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import loom.alerts.AlertSettings;
import loom.alerts.Spend;
import loom.auth.ApiKey;
import loom.auth.Caller;
import loom.auth.KeyPolicy;
import loom.auth.Role;
import loom.auth.Team;
import loom.auth.TeamMember;
import loom.auth.TeamRole;
import org.junit.jupiter.api.Test;

/** The Teams page for each role: an admin, the admin of team red (alice), and a plain member of red (bob). */
class TeamsPageTest {
  private static final Instant AT = Instant.parse("2026-01-21T12:00:00Z");
  private static final Caller ADMIN = new Caller("usr_admin", "admin", Role.ADMIN, null);
  private static final Caller ALICE = new Caller("usr_alice", "alice", Role.USER, null);
  private static final Caller BOB = new Caller("usr_bob", "bob", Role.USER, null);
  private static final Team RED = new Team("team_red", "red", AT, AT);
  private static final Team BLUE = new Team("team_blue", "blue", AT, AT);

  @Test
  void anAdminSeesEveryTeamAndOpensAnyOfThem() {
    List<Team> visible = TeamAccess.visible(ADMIN, List.of(BLUE, RED), Set.of());

    assertThat(visible).containsExactly(BLUE, RED);
    assertThat(TeamAccess.select("team_blue", visible)).contains(BLUE);
  }

  @Test
  void aTeamAdminSeesOnlyTheTeamsTheyAdministerAndCannotOpenAnotherByItsId() {
    // The team service lists alice's teams: red, which she administers, and blue, where she is a
    // plain member.
    List<Team> visible = TeamAccess.visible(ALICE, List.of(BLUE, RED), Set.of("team_red"));

    assertThat(visible).containsExactly(RED);
    assertThat(TeamAccess.select(" team_red ", visible)).contains(RED);
    assertThat(TeamAccess.select("team_blue", visible)).isEmpty();
    assertThat(TeamAccess.select("team_nope", visible)).isEmpty();
    assertThat(TeamAccess.select("", visible)).isEmpty();
  }

  @Test
  void aPlainMemberSeesNoTeam() {
    assertThat(TeamAccess.visible(BOB, List.of(RED), Set.of())).isEmpty();
  }

  @Test
  void aTeamRowShowsItsSpendAndItsBudgetBars() {
    Spend spend =
        new Spend(
            "2026-01-21",
            "2026-01",
            new BigDecimal("1.5"),
            new BigDecimal("40"),
            Collections.nCopies(Spend.HISTORY_DAYS, BigDecimal.ZERO),
            0.5);
    AlertSettings none =
        new AlertSettings("team:team_red", null, null, null, false, null, null, false, false);

    TeamRow row = TeamRow.of("team_red", "red", spend, none);

    assertThat(row.today()).isEqualTo("$1.50");
    assertThat(row.month()).isEqualTo("$40.00");
    assertThat(row.budgets())
        .extracting(BudgetBar::id)
        .containsExactly("team-team_red-daily", "team-team_red-monthly");
    assertThat(row.budgets())
        .extracting(BudgetBar::text)
        .containsExactly(
            "$1.50 spent in 2026-01-21; no budget set", "$40.00 spent in 2026-01; no budget set");
    TeamRow budgeted =
        TeamRow.of(
            "team_red",
            "red",
            spend,
            new AlertSettings(
                "team:team_red",
                new BigDecimal("10"),
                new BigDecimal("50"),
                null,
                true,
                null,
                null,
                false,
                false));
    assertThat(budgeted.budgets()).extracting(BudgetBar::percent).containsExactly(15, 80);
  }

  @Test
  void membersShowTheirRoleAndOfferTheOther() {
    MemberRow admin = MemberRow.of(new TeamMember("usr_alice", "alice", TeamRole.ADMIN, AT));
    MemberRow member = MemberRow.of(new TeamMember("usr_bob", "bob", TeamRole.MEMBER, AT));

    assertThat(admin)
        .isEqualTo(new MemberRow("usr_alice", "alice", "admin", true, "Jan 21, 2026 12:00 UTC"));
    assertThat(admin.otherRole()).isEqualTo("member");
    assertThat(member.otherRole()).isEqualTo("admin");
  }

  @Test
  void aTeamKeyShowsItsPrefixLastUseExpiryAndStatusNeverTheSecret() {
    KeyPolicy expiring = new KeyPolicy(List.of(), Instant.parse("2026-02-01T00:00:00Z"), List.of());
    ApiKey key =
        new ApiKey(
            "key_1",
            "usr_bob",
            "ci",
            "lk-AbCdEfGh",
            AT,
            Instant.parse("2026-01-21T11:00:00Z"),
            null,
            "team_red",
            expiring);

    assertThat(TeamKeyRow.of(key, "bob", AT))
        .isEqualTo(
            new TeamKeyRow(
                "key_1",
                "ci",
                "bob",
                "lk-AbCdEfGh…",
                "Jan 21, 2026 11:00 UTC",
                "Feb 1, 2026 00:00 UTC",
                false,
                "active"));
    assertThat(TeamKeyRow.of(key, "bob", Instant.parse("2026-02-02T00:00:00Z")).status())
        .isEqualTo("expired");
    ApiKey revoked =
        new ApiKey(
            "key_2", "usr_bob", "old", "lk-12345678", AT, null, AT, "team_red", KeyPolicy.NONE);
    assertThat(TeamKeyRow.of(revoked, "bob", AT))
        .extracting(TeamKeyRow::lastUsed, TeamKeyRow::expires, TeamKeyRow::revoked)
        .containsExactly("never", "never", true);
  }
}
