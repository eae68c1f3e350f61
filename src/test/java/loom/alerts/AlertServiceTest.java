package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;
import loom.analytics.AnalyticsWriter;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.MonthlyBudget;
import loom.analytics.PriceTable;
import loom.analytics.RequestLog;
import loom.auth.Caller;
import loom.auth.Role;
import loom.config.AddressRange;
import loom.config.AlertsConfig;
import loom.config.AnalyticsConfig;
import loom.config.Secret;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import loom.store.Dialect;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.NotFoundException;
import loom.testing.CapturedLog;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class AlertServiceTest {
  private static final Duration FLUSH = Duration.ofSeconds(30);
  private static final Caller ADMIN = new Caller("usr_admin", "admin", Role.ADMIN, null);
  private static final Caller ADA = new Caller("usr_ada", "ada", Role.USER, null);
  private static final Caller BOB = new Caller("usr_bob", "bob", Role.USER, null);
  private static final Caller CYD = new Caller("usr_cyd", "cyd", Role.USER, null);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T12:00:00Z"));
  private final AtomicInteger logIds = new AtomicInteger();
  private AlertService service;
  private Store store;
  private AnalyticsWriter writer;
  private AlertsModule module;
  private FixedBudgetOwners owners = new FixedBudgetOwners();

  @BeforeEach
  void open() {
    store = stores.open(dialect);
    writer = new AnalyticsWriter(store, new AnalyticsConfig(1_000, 100), clock);
    writer.start();
  }

  @AfterEach
  void close() {
    if (module != null) {
      module.close();
    }
    writer.close();
  }

  @Test
  void aUserOverTheirDailyBudgetGetsOneWarningPerLocalDay() {
    start(config("UTC", null, null));
    budgets(ADA, "10", null, false);
    spend(ADA, "2026-03-10T08:00:00Z", "4");
    spend(ADA, "2026-03-10T09:30:00Z", "8.5");

    List<Alert> raised = checkAll();

    Alert alert = only(raised);
    assertThat(alert.type()).isEqualTo("daily_budget");
    assertThat(alert.severity()).isEqualTo("warning");
    assertThat(alert.userId()).isEqualTo("usr_ada");
    assertThat(alert.period()).isEqualTo("2026-03-10");
    assertThat(alert.currentValue()).isEqualByComparingTo("12.5");
    assertThat(alert.thresholdValue()).isEqualByComparingTo("10");
    assertThat(alert.message()).contains("name-usr_ada");
    assertThat(alert.triggeredAt()).isEqualTo(clock.instant());
    assertThat(alert.acknowledged()).isFalse();
    assertThat(alert.webhookStatus()).as("no webhook configured").isNull();
    assertThat(alert.emailStatus()).as("no SMTP configured").isNull();
    assertThat(service.list(ADMIN, null, null, 50, 0)).containsExactly(alert);

    // The same breach, grown, on the same day: not raised again.
    clock.advance(Duration.ofMinutes(5));
    spend(ADA, "2026-03-10T12:01:00Z", "3");
    assertThat(checkAll()).isEmpty();
    assertThat(checkUsers(Set.of("usr_ada"))).isEmpty();

    // The next local day over budget again: a new alert for that day.
    clock.advance(Duration.ofDays(1));
    spend(ADA, "2026-03-11T10:00:00Z", "11");
    assertThat(checkAll())
        .extracting(Alert::type, Alert::period)
        .containsExactly(tuple("daily_budget", "2026-03-11"));

    // A day under budget raises nothing.
    clock.advance(Duration.ofDays(1));
    spend(ADA, "2026-03-12T10:00:00Z", "9.99");
    assertThat(checkAll()).isEmpty();
    assertThat(service.count(ADMIN, null, null)).isEqualTo(2);
  }

  @Test
  void aMonthlyBreachIsCritical() {
    start(config("UTC", null, null));
    budgets(ADA, null, "50", false);
    spend(ADA, "2026-03-02T10:00:00Z", "30");
    spend(ADA, "2026-03-10T10:00:00Z", "25");
    spend(ADA, "2026-02-27T10:00:00Z", "500"); // last month does not count

    Alert alert = only(checkAll());

    assertThat(alert.type()).isEqualTo("monthly_budget");
    assertThat(alert.severity()).isEqualTo("critical");
    assertThat(alert.period()).isEqualTo("2026-03");
    assertThat(alert.currentValue()).isEqualByComparingTo("55");
    assertThat(alert.thresholdValue()).isEqualByComparingTo("50");
    assertThat(checkAll()).isEmpty();
  }

  @Test
  void globalBudgetsFromTheConfigAlertOnEveryonesSpend() {
    start(config("UTC", "20", "1000"));
    spend(ADA, "2026-03-10T08:00:00Z", "12");
    spend(BOB, "2026-03-10T09:00:00Z", "7.99");
    assertThat(checkAll()).as("$19.99 of $20").isEmpty();

    spend(BOB, "2026-03-10T10:00:00Z", "1.01");
    Alert alert = only(checkAll());

    assertThat(alert.userId()).isNull();
    assertThat(alert.type()).isEqualTo("daily_budget");
    assertThat(alert.currentValue()).isEqualByComparingTo("21");
    assertThat(alert.thresholdValue()).isEqualByComparingTo("20");
    assertThat(alert.message()).contains("the whole gateway");
    assertThat(service.list(ADMIN, "global", null, 10, 0)).containsExactly(alert);
    assertThat(service.list(ADA, null, null, 10, 0)).isEmpty();
  }

  @Test
  void aSpikeOverASevenDayHistoryIsAnAnomalyButNotForANewUserOrASteadyOne() {
    start(config("UTC", null, null));
    for (int day = 3; day <= 9; day++) {
      spend(ADA, String.format("2026-03-%02dT10:00:00Z", day), "2");
      spend(CYD, String.format("2026-03-%02dT10:00:00Z", day), "2");
    }
    spend(ADA, "2026-03-10T10:00:00Z", "15");
    spend(CYD, "2026-03-10T10:00:00Z", "2.3"); // under 2 + 2 × 0.2
    spend(BOB, "2026-03-10T10:00:00Z", "15"); // Bob's first day

    List<Alert> raised = checkAll();

    Alert ada = only(raised.stream().filter(alert -> "usr_ada".equals(alert.userId())).toList());
    assertThat(ada.type()).isEqualTo("anomaly");
    assertThat(ada.severity()).isEqualTo("warning");
    assertThat(ada.period()).isEqualTo("2026-03-10");
    assertThat(ada.currentValue()).isEqualByComparingTo("15");
    assertThat(ada.thresholdValue()).isEqualByComparingTo("2.4"); // 2 + 2 × max(σ 0, 10 % of 2)
    assertThat(raised).extracting(Alert::userId).doesNotContain("usr_bob", "usr_cyd");
  }

  @Test
  void spendIsCountedInTheDaysOfTheConfiguredTimeZone() {
    start(config("America/New_York", null, null));
    budgets(ADA, "10", null, false);
    // 03:30 UTC on 10 March is 23:30 on 9 March in New York (EDT, UTC-4); 04:30 UTC is 00:30 on 10
    // March there.
    spend(ADA, "2026-03-10T03:30:00Z", "12");
    spend(ADA, "2026-03-10T04:30:00Z", "6");

    setClock(Instant.parse("2026-03-10T03:45:00Z"));
    assertThat(checkAll())
        .extracting(Alert::type, Alert::period)
        .containsExactly(tuple("daily_budget", "2026-03-09"));

    // 02:00 on 10 March in New York: $6 spent since the local midnight (in UTC it would be $18).
    setClock(Instant.parse("2026-03-10T06:00:00Z"));
    assertThat(checkAll()).isEmpty();
  }

  @Test
  void checkUsersChecksOnlyTheGivenUsersAndTheWholeGateway() {
    start(config("UTC", "15", null));
    budgets(ADA, "5", null, false);
    budgets(BOB, "5", null, false);
    spend(ADA, "2026-03-10T08:00:00Z", "8");
    spend(BOB, "2026-03-10T08:00:00Z", "8");

    List<Alert> raised = checkUsers(Set.of("usr_ada"));

    assertThat(raised).extracting(Alert::userId).containsExactlyInAnyOrder("usr_ada", null);
    assertThat(checkAll()).extracting(Alert::userId).containsExactly("usr_bob");
  }

  @Test
  void alertsAreListedNewestFirstAndAUserSeesOnlyTheirOwn() {
    start(config("UTC", null, null));
    budgets(ADA, "1", null, false);
    budgets(BOB, "1", null, false);
    spend(ADA, "2026-03-10T08:00:00Z", "2");
    Alert adas = only(checkUsers(Set.of("usr_ada")));
    clock.advance(Duration.ofMinutes(1));
    spend(BOB, "2026-03-10T12:00:30Z", "2");
    Alert bobs = only(checkUsers(Set.of("usr_bob")));

    assertThat(service.list(ADMIN, null, null, 10, 0)).containsExactly(bobs, adas);
    assertThat(service.list(ADMIN, null, null, 1, 1)).containsExactly(adas);
    assertThat(service.list(ADMIN, "usr_ada", null, 10, 0)).containsExactly(adas);
    assertThat(service.list(ADA, null, null, 10, 0)).containsExactly(adas);
    assertThat(service.list(ADA, "usr_ada", null, 10, 0)).containsExactly(adas);
    assertThat(service.list(BOB, null, null, 10, 0)).containsExactly(bobs);
    assertThat(service.count(ADA, null, null)).isEqualTo(1);
    assertThat(service.count(ADMIN, null, null)).isEqualTo(2);

    assertThatThrownBy(() -> service.list(ADA, "usr_bob", null, 10, 0))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> service.list(ADA, "global", null, 10, 0))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> service.count(ADA, "usr_bob", null))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> service.settings(ADA, "usr_bob"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> service.settings(ADA, "global"))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aUserAcknowledgesTheirOwnAlertButNotAnothersAndTheListFilters() {
    start(config("UTC", null, null));
    budgets(ADA, "1", null, false);
    budgets(BOB, "1", null, false);
    spend(ADA, "2026-03-10T08:00:00Z", "2");
    spend(BOB, "2026-03-10T08:00:00Z", "2");
    checkAll();
    Alert adas = only(service.list(ADA, null, null, 10, 0));
    Alert bobs = only(service.list(BOB, null, null, 10, 0));
    clock.advance(Duration.ofMinutes(3));

    Alert acknowledged = service.acknowledge(ADA, adas.id());

    assertThat(acknowledged.id()).isEqualTo(adas.id());
    assertThat(acknowledged.acknowledged()).isTrue();
    assertThat(acknowledged.acknowledgedAt()).isEqualTo(clock.instant());
    assertThat(acknowledged.acknowledgedBy()).isEqualTo("usr_ada");
    assertThatThrownBy(() -> service.acknowledge(ADA, bobs.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.acknowledge(ADA, "alr_missing"))
        .isInstanceOf(NotFoundException.class);
    assertThat(only(service.list(BOB, null, null, 10, 0)).acknowledged()).isFalse();

    assertThat(service.list(ADA, null, false, 10, 0)).isEmpty();
    assertThat(service.list(ADA, null, true, 10, 0))
        .extracting(Alert::id)
        .containsExactly(adas.id());
    assertThat(service.list(ADMIN, null, false, 10, 0))
        .extracting(Alert::id)
        .containsExactly(bobs.id());
    assertThat(service.count(ADMIN, null, false)).isEqualTo(1);
    assertThat(service.count(ADMIN, null, true)).isEqualTo(1);

    // An admin acknowledges anyone's alert; acknowledging it again keeps who did first, and when.
    Instant first = clock.instant();
    service.acknowledge(ADMIN, bobs.id());
    clock.advance(Duration.ofMinutes(1));
    Alert again = service.acknowledge(BOB, bobs.id());

    assertThat(again.acknowledgedBy()).isEqualTo("usr_admin");
    assertThat(again.acknowledgedAt()).isEqualTo(first);
    assertThat(service.list(ADMIN, null, false, 10, 0)).isEmpty();
  }

  @Test
  void aUserCannotChangeBudgetsAnAdminEnforcesButCanChangeTheirEmail() {
    start(config("UTC", null, null));
    budgets(ADA, "10", "100", true);

    assertThatThrownBy(
            () ->
                service.saveSettings(
                    ADA,
                    null,
                    new AlertSettings(
                        "usr_ada",
                        new BigDecimal("20"),
                        new BigDecimal("100"),
                        null,
                        true,
                        null,
                        null,
                        false,
                        false)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                service.saveSettings(
                    ADA,
                    null,
                    new AlertSettings(
                        "usr_ada",
                        new BigDecimal("10"),
                        null,
                        null,
                        true,
                        null,
                        null,
                        false,
                        false)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                service.saveSettings(
                    ADA,
                    null,
                    new AlertSettings(
                        "usr_ada",
                        new BigDecimal("10"),
                        new BigDecimal("100"),
                        null,
                        false,
                        null,
                        null,
                        false,
                        false)))
        .isInstanceOf(AccessDeniedException.class);

    AlertSettings current = service.settings(ADA, null);
    AlertSettings saved =
        service.saveSettings(
            ADA,
            null,
            new AlertSettings(
                "usr_ada",
                current.dailyBudgetUsd(),
                current.monthlyBudgetUsd(),
                3.0,
                true,
                null,
                "ada@example.com",
                true,
                false));

    assertThat(saved.emailAddress()).isEqualTo("ada@example.com");
    AlertSettings after = service.settings(ADMIN, "usr_ada");
    assertThat(after.dailyBudgetUsd()).isEqualByComparingTo("10");
    assertThat(after.monthlyBudgetUsd()).isEqualByComparingTo("100");
    assertThat(after.enforce()).isTrue();
    assertThat(after.emailAddress()).isEqualTo("ada@example.com");
    assertThat(after.enableEmailAlerts()).isTrue();

    // Budgets that are not enforced are the user's own to change, but only their own.
    budgets(BOB, "10", null, false);
    assertThat(
            service
                .saveSettings(
                    BOB,
                    "usr_bob",
                    new AlertSettings(
                        "usr_bob",
                        new BigDecimal("25"),
                        null,
                        null,
                        false,
                        null,
                        null,
                        false,
                        false))
                .dailyBudgetUsd())
        .isEqualByComparingTo("25");
    assertThatThrownBy(
            () ->
                service.saveSettings(
                    BOB,
                    "usr_ada",
                    new AlertSettings(
                        "usr_ada", null, null, null, false, null, null, false, false)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(service.settings(ADMIN, "usr_ada").dailyBudgetUsd()).isEqualByComparingTo("10");
  }

  @Test
  void aUserResendingTheSameEnforcedBudgetsWithOtherDecimalsMayChangeTheirEmail() {
    start(config("UTC", null, null));
    budgets(ADA, "10", "100", true);

    AlertSettings saved =
        service.saveSettings(
            ADA,
            null,
            new AlertSettings(
                "usr_ada",
                new BigDecimal("10.00"),
                new BigDecimal("100.0"),
                null,
                true,
                null,
                "ada@example.com",
                true,
                false));

    assertThat(saved.emailAddress()).isEqualTo("ada@example.com");
  }

  @Test
  void onlyAnAdminMayRunTheChecksNow() {
    start(config("UTC", null, null));
    budgets(ADA, "1", null, false);
    spend(ADA, "2026-03-10T08:00:00Z", "2");
    writer.flush(FLUSH);

    assertThatThrownBy(() -> service.checkNow(ADA)).isInstanceOf(AccessDeniedException.class);
    assertThat(service.count(ADMIN, null, null)).isZero();

    assertThat(service.checkNow(ADMIN)).extracting(Alert::type).containsExactly("daily_budget");
  }

  @Test
  void aUserLearnsOnlyThatTheirWebhookFailedWhileAnAdminLearnsWhyAndTheLogKeepsItWithoutTheUrl()
      throws Exception {
    try (CapturedLog log = CapturedLog.of("loom.alerts");
        WebhookReceiver receiver = WebhookReceiver.answering(400)) {
      start(
          config(
              new AlertsConfig.Webhook(
                  "",
                  new Secret("whsec-gateway"),
                  Duration.ofSeconds(5),
                  new AlertsConfig.AllowedPrivateNetworks(
                      List.of(AddressRange.parse("127.0.0.1/32")), Set.of()))));
      service.saveSettings(
          ADA,
          null,
          new AlertSettings(
              "usr_ada",
              new BigDecimal("1"),
              null,
              null,
              false,
              receiver.url() + "?token=tok-in-the-url",
              null,
              false,
              true));

      assertThat(service.testNotification(ADA, null)).containsEntry("webhook", "failed");
      assertThat(service.testNotification(ADMIN, "usr_ada"))
          .containsEntry("webhook", "failed: webhook gave up after 1 attempt: HTTP 400");

      spend(ADA, "2026-03-10T08:00:00Z", "2");
      Alert raised = only(checkAll());
      module.close(); // waits for the queued notification to be sent and its outcome stored
      module = null;
      assertThat(only(service.list(ADA, null, null, 10, 0)).webhookStatus()).isEqualTo("failed");
      assertThat(only(service.list(ADMIN, "usr_ada", null, 10, 0)).webhookStatus())
          .isEqualTo("failed: webhook gave up after 1 attempt: HTTP 400");
      assertThat(service.acknowledge(ADA, raised.id()).webhookStatus()).isEqualTo("failed");
      assertThat(service.acknowledge(ADMIN, raised.id()).webhookStatus()).startsWith("failed: ");

      // Ada's webhook took the place of the gateway's for her alerts, and never carried the
      // gateway's signature.
      assertThat(receiver.received())
          .hasSize(3)
          .allSatisfy(request -> assertThat(request.header("X-Loom-Signature")).isNull());
      assertThat(log.records())
          .extracting(LogRecord::getMessage)
          .anyMatch(message -> message.contains("HTTP 400"))
          .noneMatch(message -> message.contains("tok-in-the-url"));
    }
  }

  @Test
  void theGatewaysOwnWebhookMayBeALoopbackAddressAndIsSigned() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
      start(
          config(
              new AlertsConfig.Webhook(
                  receiver.url(),
                  new Secret("whsec-gateway"),
                  Duration.ofSeconds(5),
                  AlertsConfig.AllowedPrivateNetworks.NONE)));

      assertThat(service.testNotification(ADMIN, "global")).containsEntry("webhook", "sent");
      assertThat(service.testNotification(ADA, null))
          .as("no webhook of her own")
          .containsEntry("webhook", "sent");

      assertThat(receiver.received())
          .hasSize(2)
          .allSatisfy(
              request -> assertThat(request.header("X-Loom-Signature")).startsWith("sha256="));
    }
  }

  @Test
  void teamAndKeyBudgetsAreCheckedAlertedAndManagedByWhoeverOwnsThemOnly() {
    // Ada administers team_a, where Bob's key ci-bot is bound; Cyd has nothing to do with either.
    owners =
        new FixedBudgetOwners()
            .team("team_a", "platform", ADA.userId())
            .key("key_b1", "ci-bot", BOB.userId(), "team_a");
    start(config("UTC", null, null));
    String team = BudgetScope.team("team_a").stored();
    String key = BudgetScope.key("key_b1").stored();

    service.saveSettings(ADA, team, settings(team, "1"));
    service.saveSettings(BOB, key, settings(key, "0.5"));
    assertThat(service.settings(ADA, key).dailyBudgetUsd()).isEqualByComparingTo("0.5");
    assertThatThrownBy(() -> service.saveSettings(BOB, team, settings(team, "100")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> service.settings(CYD, key)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> service.settings(CYD, team)).isInstanceOf(AccessDeniedException.class);

    spend(BOB, "key_b1", "team_a", "2026-03-10T11:00:00Z", "1.5");
    spend(CYD, "key_c1", null, "2026-03-10T11:00:00Z", "7");
    List<Alert> raised = checkAll();

    assertThat(raised)
        .extracting(Alert::userId, Alert::type)
        .containsExactlyInAnyOrder(tuple(team, "daily_budget"), tuple(key, "daily_budget"));
    assertThat(raised)
        .extracting(Alert::message)
        .anyMatch(message -> message.contains("team 'platform'"))
        .anyMatch(message -> message.contains("key 'ci-bot'"));
    assertThat(service.spend(ADA, team).today()).isEqualByComparingTo("1.5");
    assertThat(service.list(ADA, team, null, 10, 0)).hasSize(1);
    assertThat(service.list(BOB, key, null, 10, 0)).hasSize(1);
    assertThatThrownBy(() -> service.list(CYD, team, null, 10, 0))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(service.list(CYD, null, null, 10, 0)).isEmpty();
  }

  @Test
  void theMonthlyBudgetOfExactlyTheRequestsOfAFilterIsTheirScopesIfTheCallerMaySeeIt() {
    owners = new FixedBudgetOwners().team("team_a", "platform", ADA.userId());
    start(config("UTC", null, "2000"));
    budgets(BOB, null, "300", false);
    String team = BudgetScope.team("team_a").stored();
    service.saveSettings(
        ADA,
        team,
        new AlertSettings(
            team, null, new BigDecimal("120"), null, false, null, null, false, false));
    LogFilter everyone = LogFilter.ALL;
    LogFilter bobs = LogFilter.ALL.withUser(BOB.userId());
    LogFilter teamA = LogFilter.ALL.with(Dimension.TEAM, "team_a");

    // An admin's everyone is the gateway's budget (from loom.yaml); a user's own and a team's are
    // theirs.
    assertThat(service.monthlyBudget(ADMIN, everyone))
        .hasValue(new MonthlyBudget("global", null, new BigDecimal("2000")));
    assertThat(service.monthlyBudget(BOB, bobs))
        .hasValue(new MonthlyBudget("user", BOB.userId(), new BigDecimal("300")));
    assertThat(service.monthlyBudget(ADA, teamA).map(MonthlyBudget::monthlyUsd))
        .hasValue(new BigDecimal("120"));
    assertThat(service.monthlyBudget(ADMIN, teamA).map(MonthlyBudget::scope)).hasValue("team");
    // No budget is exactly a model's requests, or a user's of one team; Ada has none; Cyd may not
    // see the team's.
    assertThat(service.monthlyBudget(ADMIN, everyone.with(Dimension.MODEL, "gpt-4o"))).isEmpty();
    assertThat(service.monthlyBudget(ADMIN, bobs.with(Dimension.TEAM, "team_a"))).isEmpty();
    assertThat(service.monthlyBudget(ADA, LogFilter.ALL.withUser(ADA.userId()))).isEmpty();
    assertThat(service.monthlyBudget(CYD, teamA)).isEmpty();
    assertThat(service.monthlyBudget(CYD, everyone)).isEmpty();
  }

  private static AlertSettings settings(String scope, String daily) {
    return new AlertSettings(
        scope, new BigDecimal(daily), null, null, false, null, null, false, false);
  }

  // Helpers
  // ------------------------------------------------------------------------------------------------

  private void start(AlertsConfig config) {
    module =
        AlertsModule.start(config, store, owners, PriceTable.load(List.of(), List.of()), clock);
    service = module.service();
  }

  private static AlertsConfig config(String zone, String dailyGlobal, String monthlyGlobal) {
    return new AlertsConfig(
        Duration.ofMinutes(5),
        ZoneId.of(zone),
        Optional.ofNullable(dailyGlobal).map(BigDecimal::new),
        Optional.ofNullable(monthlyGlobal).map(BigDecimal::new),
        2.0,
        BigDecimal.ONE,
        false,
        new AlertsConfig.Webhook(
            "", new Secret(""), Duration.ofSeconds(5), AlertsConfig.AllowedPrivateNetworks.NONE),
        AlertsConfigs.UNUSED_SMTP,
        List.of());
  }

  private static AlertsConfig config(AlertsConfig.Webhook webhook) {
    AlertsConfig plain = config("UTC", null, null);
    return new AlertsConfig(
        plain.checkPeriod(),
        plain.timezone(),
        plain.dailyBudgetUsd(),
        plain.monthlyBudgetUsd(),
        plain.anomalyThreshold(),
        plain.anomalyMinUsd(),
        plain.enforce(),
        webhook,
        plain.smtp(),
        plain.emailTo());
  }

  /** An admin sets a user's budgets. */
  private void budgets(Caller user, String daily, String monthly, boolean enforce) {
    service.saveSettings(
        ADMIN,
        user.userId(),
        new AlertSettings(
            user.userId(),
            daily == null ? null : new BigDecimal(daily),
            monthly == null ? null : new BigDecimal(monthly),
            null,
            enforce,
            null,
            null,
            false,
            false));
  }

  /** Queues one request of the user with a key of a team (null: none); checks wait until it is written. */
  private void spend(Caller user, String keyId, String teamId, String at, String usd) {
    int n = logIds.incrementAndGet();
    RequestLog log =
        new RequestLog(
            "log_" + n,
            "req_" + n,
            Instant.parse(at),
            user.userId(),
            keyId,
            null,
            "POST",
            "/v1/chat/completions",
            null,
            "openai",
            "gpt-4o-mini",
            100,
            20,
            120,
            0,
            0,
            0,
            0,
            250,
            40L,
            200,
            new BigDecimal(usd),
            BigDecimal.ZERO,
            "prices-test",
            CacheStatus.MISS,
            false,
            null,
            null,
            null,
            null,
            null,
            new Attribution(teamId, null, null, List.of()),
            BigDecimal.ZERO);
    assertThat(writer.offer(log)).isTrue();
  }

  /** Queues one request of the user at that instant costing that much; checks wait until it is written. */
  private void spend(Caller user, String at, String usd) {
    int n = logIds.incrementAndGet();
    RequestLog log =
        new RequestLog(
            "log_" + n,
            "req_" + n,
            Instant.parse(at),
            user.userId(),
            "key_" + user.userId(),
            null,
            "POST",
            "/v1/chat/completions",
            null,
            "openai",
            "gpt-4o-mini",
            100,
            20,
            120,
            0,
            0,
            0,
            0,
            250,
            40L,
            200,
            new BigDecimal(usd),
            BigDecimal.ZERO,
            "prices-test",
            CacheStatus.MISS,
            false,
            null,
            null,
            null,
            null);
    assertThat(writer.offer(log)).isTrue();
  }

  private List<Alert> checkAll() {
    writer.flush(FLUSH);
    return service.checkAll();
  }

  private List<Alert> checkUsers(Set<String> users) {
    writer.flush(FLUSH);
    return service.checkUsers(users);
  }

  private void setClock(Instant at) {
    clock.advance(Duration.between(clock.instant(), at));
  }

  private static Alert only(List<Alert> alerts) {
    assertThat(alerts).hasSize(1);
    return alerts.get(0);
  }
}
