package loom.alerts;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import loom.analytics.PriceTable;
import loom.analytics.SpendReader;
import loom.auth.UnauthorizedResponder;
import loom.config.AlertsConfig;
import loom.proxy.ProxyCall;
import loom.proxy.SpendGate;
import loom.store.Store;
import loom.support.NamedThreads;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts feature assembled from configuration: settings, the checks, the notification channels, and the
 * prompt checks of users whose spend was just stored (coalesced on a thread of their own, so the request-log
 * writer only hands over user ids). Created at deploy by the composition root, closed at undeploy.
 */
public final class AlertsModule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertsModule.class);

  /**
   * The least time between two checks after new spend: the writer stores a batch every few milliseconds under
   * load, and checking every user of every batch (their settings and spend read from the store) cost the
   * gateway about a tenth of its allocations at 2,700 req/s. An alert comes at most this much later.
   */
  static final long CHECK_SPACING_NANOS = 1_000_000_000L;

  private final AlertService service;
  private final BudgetGuard guard;
  private final AlertDispatcher dispatcher;
  private final ScheduledExecutorService checker;
  private final Set<String> pendingUsers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private volatile long lastDrainNanos = System.nanoTime() - CHECK_SPACING_NANOS;

  private AlertsModule(
      AlertService service,
      BudgetGuard guard,
      AlertDispatcher dispatcher,
      ScheduledExecutorService checker) {
    this.service = service;
    this.guard = guard;
    this.dispatcher = dispatcher;
    this.checker = checker;
  }

  /**
   * @param owners the names of users, teams and keys, and who manages a team's or key's budgets
   * @param prices what calls cost, to estimate and settle the calls of users whose budgets are enforced
   */
  public static AlertsModule start(
      AlertsConfig config, Store store, BudgetOwners owners, PriceTable prices, Clock clock) {
    WebhookAddressGuard addresses =
        new WebhookAddressGuard(config.webhook().allowedPrivateNetworks());
    AlertSettingsStore settings = new AlertSettingsStore(store, config, addresses, clock);
    SpendReader spend = new SpendReader(store);
    SpendCalendar calendar = new SpendCalendar(spend, config.timezone(), clock);
    Function<String, SpendLedger.Spent> startingSpend =
        scope -> calendar.todayAndMonth(BudgetScope.of(scope));
    SpendLedger ledger = new SpendLedger(startingSpend, calendar::periods);
    AlertDispatcher dispatcher =
        new AlertDispatcher(channels(config, addresses), new StoredStatus(store));
    AlertService service =
        new AlertService(
            store, config, settings, calendar, dispatcher, owners, spend, ledger, clock);
    BudgetGuard guard =
        new BudgetGuard(
            ledger,
            new SharedBudgetCounters(store, clock),
            startingSpend,
            calendar::periods,
            settings::budgets,
            owners,
            prices,
            clock);
    ScheduledExecutorService checker =
        Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("loom-alerts-check"));
    AlertsConfig.AllowedPrivateNetworks allowed = config.webhook().allowedPrivateNetworks();
    log.info(
        "Alerts on: checks every {} s in {}, global budgets {} a day and {} a month{}, webhook {}, e-mail {}; "
            + "users' webhooks may reach no internal address{}",
        config.checkPeriod().toSeconds(),
        config.timezone(),
        config.dailyBudgetUsd().map(Object::toString).orElse("none"),
        config.monthlyBudgetUsd().map(Object::toString).orElse("none"),
        config.enforce() ? " (enforced)" : "",
        config.webhook().isConfigured() ? "on" : "off",
        config.smtp().isConfigured() ? "on" : "off",
        allowed.equals(AlertsConfig.AllowedPrivateNetworks.NONE)
            ? ""
            : " except "
                + Stream.concat(
                        allowed.networks().stream().map(Object::toString),
                        allowed.hostNames().stream())
                    .toList());
    return new AlertsModule(service, guard, dispatcher, checker);
  }

  /** Both channels always exist; an alert uses one only when it has a target there (a URL, an address). */
  private static List<AlertChannel> channels(AlertsConfig config, WebhookAddressGuard addresses) {
    List<AlertChannel> channels = new ArrayList<>();
    channels.add(
        new WebhookChannel(
            config.webhook().secret(),
            config.webhook().timeout(),
            new GuardedDnsResolver(addresses, SystemDefaultDnsResolver.INSTANCE)));
    if (config.smtp().isConfigured()) {
      channels.add(new EmailChannel(config.smtp()));
    }
    return channels;
  }

  public AlertService service() {
    return service;
  }

  /** In front of the cache: tells users with a budget what is left of it, on every proxied response. */
  public Filter budgetHeaderFilter() {
    return new BudgetHeaderFilter(guard);
  }

  /** Behind the cache: refuses calls over an enforced budget, reserves and settles the cost of the others. */
  public Filter budgetFilter(
      Function<HttpServletRequest, Optional<ProxyCall>> calls, UnauthorizedResponder unauthorized) {
    return new BudgetFilter(calls, spendGate(), unauthorized);
  }

  /**
   * The enforced budgets as the proxy holds the calls the gateway makes on someone's behalf to them (cache warming,
   * provider embeddings): the same a client's call meets in {@link #budgetFilter}.
   */
  public SpendGate spendGate() {
    return guard.asSpendGate();
  }

  /** Checks every budget; run by the scheduler every {@code alerts.check_period}. */
  public void checkAll() {
    List<Alert> raised = service.checkAll();
    if (!raised.isEmpty()) {
      log.info("Alert checks raised {} alerts", raised.size());
    }
  }

  /**
   * Users whose stored spend just grew: checked soon on the alerts thread, several batches at once, and at most
   * once per {@link #CHECK_SPACING_NANOS}.
   */
  public void spendStored(Set<String> users) {
    pendingUsers.addAll(users);
    if (drainQueued.compareAndSet(false, true)) {
      long wait = Math.max(0, lastDrainNanos + CHECK_SPACING_NANOS - System.nanoTime());
      try {
        checker.schedule(this::drain, wait, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        drainQueued.set(false);
      }
    }
  }

  private void drain() {
    lastDrainNanos = System.nanoTime();
    drainQueued.set(false);
    Set<String> users = Set.copyOf(pendingUsers);
    pendingUsers.removeAll(users);
    try {
      service.checkUsers(users);
    } catch (RuntimeException e) {
      log.warn(
          "Alert checks of {} users after new spend failed; the scheduled check runs them again",
          users.size(),
          e);
    }
  }

  @Override
  public void close() {
    checker.shutdown();
    try {
      checker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checker.shutdownNow();
    dispatcher.close();
  }
}
