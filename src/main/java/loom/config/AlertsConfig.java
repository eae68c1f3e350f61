package loom.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code alerts} section: the gateway-wide (global) budgets and the channels alerts go out on. Per-user
 * budgets are kept in the store and set through {@code /api/v1/alerts/config}; a global one stored there
 * overrides these values.
 *
 * @param checkPeriod how often every budget is checked (besides right after spend is stored)
 * @param timezone the zone whose calendar days and months budgets count in
 * @param dailyBudgetUsd the whole gateway's daily budget; empty: none
 * @param monthlyBudgetUsd the whole gateway's monthly budget; empty: none
 * @param anomalyThreshold how many standard deviations above the trailing 7-day mean today's spend must be
 * @param anomalyMinUsd the least excess over the mean (USD) that counts as an anomaly, so cents do not alert
 * @param enforce whether proxied requests are refused (429) once the global budget of the period is spent
 * @param webhook the gateway's own webhook (empty URL: none) and the rules for users' own webhooks
 * @param smtp the mail server alerts are sent through; empty host: no e-mail
 * @param emailTo who gets the e-mails of global alerts
 */
public record AlertsConfig(
    Duration checkPeriod,
    ZoneId timezone,
    Optional<BigDecimal> dailyBudgetUsd,
    Optional<BigDecimal> monthlyBudgetUsd,
    double anomalyThreshold,
    BigDecimal anomalyMinUsd,
    boolean enforce,
    Webhook webhook,
    Smtp smtp,
    List<String> emailTo) {
  public static final Duration DEFAULT_CHECK_PERIOD = Duration.ofMinutes(5);
  public static final BigDecimal DEFAULT_DAILY_BUDGET_USD = new BigDecimal("100");
  public static final BigDecimal DEFAULT_MONTHLY_BUDGET_USD = new BigDecimal("2000");
  public static final double DEFAULT_ANOMALY_THRESHOLD = 2.0;
  public static final BigDecimal DEFAULT_ANOMALY_MIN_USD = new BigDecimal("1");
  public static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_SMTP_PORT = 587;

  public AlertsConfig {
    Objects.requireNonNull(checkPeriod, "checkPeriod");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(dailyBudgetUsd, "dailyBudgetUsd");
    Objects.requireNonNull(monthlyBudgetUsd, "monthlyBudgetUsd");
    Objects.requireNonNull(anomalyMinUsd, "anomalyMinUsd");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(smtp, "smtp");
    emailTo = List.copyOf(emailTo);
  }

  /** The defaults: checks every 5 minutes in UTC, $100 a day and $2,000 a month for the whole gateway, no channels. */
  public static AlertsConfig defaults() {
    return new AlertsConfig(
        DEFAULT_CHECK_PERIOD,
        ZoneId.of("UTC"),
        Optional.of(DEFAULT_DAILY_BUDGET_USD),
        Optional.of(DEFAULT_MONTHLY_BUDGET_USD),
        DEFAULT_ANOMALY_THRESHOLD,
        DEFAULT_ANOMALY_MIN_USD,
        false,
        new Webhook("", new Secret(""), DEFAULT_WEBHOOK_TIMEOUT, AllowedPrivateNetworks.NONE),
        Smtp.NONE,
        List.of());
  }

  /**
   * @param url the gateway's own webhook: where alerts are POSTed as JSON ({@code ""}: nowhere)
   * @param secret signs each payload to the gateway's own webhook with HMAC-SHA256 into {@code X-Loom-Signature}
   *     when not empty; users' own webhooks are never signed with it
   * @param timeout how long one attempt may take
   * @param allowedPrivateNetworks the otherwise refused addresses users' own webhooks may reach after all
   */
  public record Webhook(
      String url, Secret secret, Duration timeout, AllowedPrivateNetworks allowedPrivateNetworks) {
    public Webhook {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(allowedPrivateNetworks, "allowedPrivateNetworks");
    }

    public boolean isConfigured() {
      return !url.isEmpty();
    }
  }

  /**
   * {@code alerts.webhook_allowed_private_networks}: where users' own webhooks may go although the address is
   * loopback, private, link-local or otherwise internal (public addresses need no entry). Only loom.yaml sets it,
   * so only whoever runs the gateway can open its network to users' webhooks.
   *
   * @param networks IPv4 and IPv6 networks (a bare address is a network of one)
   * @param hostNames exact host names (lower case, no trailing dot), allowed whatever they resolve to
   */
  public record AllowedPrivateNetworks(List<AddressRange> networks, Set<String> hostNames) {
    /** The default: no exceptions. */
    public static final AllowedPrivateNetworks NONE =
        new AllowedPrivateNetworks(List.of(), Set.of());

    public AllowedPrivateNetworks {
      networks = List.copyOf(networks);
      hostNames =
          hostNames.stream()
              .map(AllowedPrivateNetworks::normalizedHostName)
              .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the address is in one of the networks. */
    public boolean contains(InetAddress address) {
      return networks.stream().anyMatch(network -> network.contains(address));
    }

    /** Whether the host name is one of the names, ignoring case and a trailing dot. */
    public boolean containsHostName(String host) {
      return hostNames.contains(normalizedHostName(host));
    }

    /** A host name as compared: lower case, without the trailing dot of a fully qualified name. */
    public static String normalizedHostName(String host) {
      String lower = host.trim().toLowerCase(Locale.ROOT);
      return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
  }

  /**
   * @param host the SMTP server ({@code ""}: no e-mail)
   * @param startTls whether to require STARTTLS before authenticating and sending
   * @param from the sender address of alert e-mails
   */
  public record Smtp(
      String host,
      int port,
      String username,
      Secret password,
      boolean startTls,
      String from,
      Duration timeout) {
    public static final Smtp NONE =
        new Smtp(
            "",
            DEFAULT_SMTP_PORT,
            "",
            new Secret(""),
            true,
            "loom@localhost",
            Duration.ofSeconds(10));

    public boolean isConfigured() {
      return !host.isEmpty();
    }
  }
}
