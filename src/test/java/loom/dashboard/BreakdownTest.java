package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import loom.analytics.Dimension;
import loom.analytics.PromptCacheSummary;
import loom.analytics.UsageBreakdown;
import loom.auth.Caller;
import loom.auth.Role;
import org.junit.jupiter.api.Test;

class BreakdownTest {
  private static final Caller ADMIN = new Caller("usr_admin", "admin", Role.ADMIN, null);
  private static final Caller ALICE = new Caller("usr_alice", "alice", Role.USER, null);
  private static final TeamNames TEAMS =
      new TeamNames(Map.of("team_red", "red", "team_blue", "blue"));

  @Test
  void aRowShowsCostRequestsTokensAndWhatThePromptCacheSaved() {
    UsageBreakdown.Group group =
        group(
            "team_red",
            "12.5",
            new PromptCacheSummary(new BigDecimal("0.75"), 0.625, 5_000, 1_000, 0));

    assertThat(BreakdownRow.of(group, TEAMS::nameOf, "no team"))
        .isEqualTo(new BreakdownRow("red", "10", "8,000", "$12.50", "$0.75", "62.5 %"));
  }

  @Test
  void requestsWithoutAValueAndTheGroupsPastTheLimitHaveNamesOfTheirOwn() {
    assertThat(
            BreakdownRow.of(
                    group("(none)", "0.5", PromptCacheSummary.NONE), TEAMS::nameOf, "no team")
                .name())
        .isEqualTo("no team");
    assertThat(
            BreakdownRow.of(
                    group("(other)", "0.5", PromptCacheSummary.NONE), TEAMS::nameOf, "no team")
                .name())
        .isEqualTo("all others");
    assertThat(TEAMS.nameOf("team_gone")).as("a team the caller cannot see").isEqualTo("team_gone");
  }

  @Test
  void theSelectorOffersEveryAttributionDimensionAndFallsBackToModel() {
    assertThat(Breakdown.DIMENSIONS)
        .extracting(Choice::value)
        .containsExactly(
            "team",
            "key",
            "tag",
            "session",
            "client_tool",
            "end_user",
            "user",
            "model",
            "provider",
            "endpoint");
    Breakdown breakdown = new Breakdown();
    assertThat(breakdown.dimension()).isEqualTo(Dimension.MODEL);
    breakdown.setBy("session");
    assertThat(breakdown.dimension()).isEqualTo(Dimension.SESSION);
    assertThat(breakdown.getLabel()).isEqualTo("Session");
    breakdown.setBy("'; drop table");
    assertThat(breakdown.dimension()).isEqualTo(Dimension.MODEL);
  }

  @Test
  void theCostsPageSaysWhoseRequestsItShows() {
    assertThat(CostsPage.scope(ADMIN, "team_red", java.util.Set.of(), TEAMS))
        .isEqualTo("What the requests of all users cost");
    assertThat(CostsPage.scope(ALICE, "team_red", java.util.Set.of("team_red"), TEAMS))
        .isEqualTo("What the requests of team red cost");
    assertThat(CostsPage.scope(ALICE, "team_blue", java.util.Set.of("team_red"), TEAMS))
        .as("a member of blue, not its admin, sees only their own")
        .isEqualTo("What your requests cost");
    assertThat(CostsPage.scope(ALICE, "", java.util.Set.of("team_red"), TEAMS))
        .isEqualTo("What your requests cost");
  }

  private static UsageBreakdown.Group group(
      String key, String cost, PromptCacheSummary promptCache) {
    return new UsageBreakdown.Group(
        key,
        10,
        1,
        0.1,
        6_000,
        2_000,
        8_000,
        new BigDecimal(cost),
        BigDecimal.ZERO,
        0.2,
        450,
        900,
        promptCache);
  }
}
