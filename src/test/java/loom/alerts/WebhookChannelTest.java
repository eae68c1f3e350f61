package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import loom.config.AddressRange;
import loom.config.AlertsConfig;
import loom.config.Secret;
import loom.support.Sleeper;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WebhookChannelTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:16:00Z");
  private static final Secret SECRET = new Secret("whsec-test-0123");
  private static final AlertMessage ALICE_DAILY =
      new AlertMessage(
          "alert-42",
          "user-7",
          "alice",
          "daily_budget",
          "warning",
          "Today's spend of $12.40 reached the daily budget of $10.00.",
          new BigDecimal("12.40"),
          new BigDecimal("10.00"),
          "2026-11-25",
          Instant.parse("2026-11-25T10:15:30Z"),
          "https://loom.example/dashboard/alerts");
  private static final AlertMessage GLOBAL_MONTHLY =
      new AlertMessage(
          "alert-43",
          "global",
          null,
          "monthly_budget",
          "critical",
          "This month's spend reached the monthly budget.",
          new BigDecimal("2150"),
          new BigDecimal("2000"),
          "2026-11",
          Instant.parse("2026-11-30T23:59:59Z"),
          null);

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Sleeper recordingSleeper = sleeps::add;
  private WebhookReceiver receiver;
  private WebhookChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void postsEveryFieldOfTheAlertAsSnakeCaseJson() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5));

    channel.send(ALICE_DAILY, target());

    WebhookReceiver.Received request = single();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks/loom");
    JsonNode json = parse(request.body());
    assertThat(json.get("alert_id").asText()).isEqualTo("alert-42");
    assertThat(json.get("scope").asText()).isEqualTo("user-7");
    assertThat(json.get("user_name").asText()).isEqualTo("alice");
    assertThat(json.get("type").asText()).isEqualTo("daily_budget");
    assertThat(json.get("severity").asText()).isEqualTo("warning");
    assertThat(json.get("message").asText())
        .isEqualTo("Today's spend of $12.40 reached the daily budget of $10.00.");
    assertThat(json.get("current_usd").isNumber()).isTrue();
    assertThat(json.get("threshold_usd").isNumber()).isTrue();
    assertThat(request.bodyText()).contains("\"current_usd\":12.40", "\"threshold_usd\":10.00");
    assertThat(json.get("period").asText()).isEqualTo("2026-11-25");
    assertThat(json.get("triggered_at").asText()).isEqualTo("2026-11-25T10:15:30Z");
    assertThat(json.get("dashboard_url").asText())
        .isEqualTo("https://loom.example/dashboard/alerts");
    assertThat(json.get("text").asText())
        .isEqualTo(
            ":warning: [Loom] Daily budget exceeded for alice: $12.40 of $10.00 (2026-11-25)");
    assertThat(json.size()).isEqualTo(12);
  }

  @Test
  void globalAlertIsForTheWholeGatewayAndKeepsAbsentFieldsAsNull() throws Exception {
    receiver = WebhookReceiver.answering(204);
    channel = channel(SECRET, Duration.ofSeconds(5));

    channel.send(GLOBAL_MONTHLY, target());

    JsonNode json = parse(single().body());
    assertThat(json.get("text").asText())
        .isEqualTo(
            ":rotating_light: [Loom] Monthly budget exceeded for the whole gateway: $2,150.00 of $2,000.00 (2026-11)");
    assertThat(json.get("user_name").isNull()).isTrue();
    assertThat(json.get("dashboard_url").isNull()).isTrue();
    assertThat(json.get("scope").asText()).isEqualTo("global");
  }

  @Test
  void infoAlertsGetTheInformationEmojiAndNamesCannotInjectSlackMarkup() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5));
    AlertMessage test =
        new AlertMessage(
            "alert-44",
            "user-9",
            "<!channel> & co",
            "test",
            "info",
            "A test.",
            BigDecimal.ZERO,
            BigDecimal.ONE,
            "2026-11-25",
            NOW,
            null);

    channel.send(test, target());

    assertThat(parse(single().body()).get("text").asText())
        .isEqualTo(
            ":information_source: [Loom] Test alert for &lt;!channel&gt; &amp; co: $0.00 of $1.00 (2026-11-25)");
  }

  @Test
  void sendsJsonWithTheAlertHeaders() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5));

    channel.send(ALICE_DAILY, target());

    WebhookReceiver.Received request = single();
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("User-Agent")).isEqualTo("Loom-Gateway");
    assertThat(request.header("X-Loom-Alert-Type")).isEqualTo("daily_budget");
    assertThat(request.header("X-Loom-Alert-Severity")).isEqualTo("warning");
  }

  @Test
  void signatureIsTheHmacSha256OfTheExactBodyWithTheSecret() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5));

    channel.send(ALICE_DAILY, target());

    WebhookReceiver.Received request = single();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("whsec-test-0123".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
    assertThat(request.header("X-Loom-Signature"))
        .isEqualTo(expected)
        .matches("sha256=[0-9a-f]{64}");
    assertThat(request.header("X-Loom-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
  }

  @Test
  void emptySecretSendsNoSignature() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(new Secret(""), Duration.ofSeconds(5));

    channel.send(ALICE_DAILY, target());

    WebhookReceiver.Received request = single();
    assertThat(request.header("X-Loom-Signature")).isNull();
    assertThat(request.header("X-Loom-Timestamp")).isNull();
    assertThat(request.header("X-Loom-Alert-Type")).isEqualTo("daily_budget");
  }

  @Test
  void serviceUnavailableIsRetriedWithBackOffUntilDelivered() throws Exception {
    receiver = WebhookReceiver.answering(503, 503, 200);
    channel = channel(SECRET, Duration.ofSeconds(5));

    channel.send(ALICE_DAILY, target());

    List<WebhookReceiver.Received> requests = receiver.received();
    assertThat(requests).hasSize(3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(requests)
        .extracting(WebhookReceiver.Received::bodyText)
        .containsOnly(requests.get(0).bodyText());
  }

  @Test
  void tooManyRequestsIsRetried() throws Exception {
    receiver = WebhookReceiver.answering(429, 200);
    channel = channel(SECRET, Duration.ofSeconds(5));

    channel.send(ALICE_DAILY, target());

    assertThat(receiver.received()).hasSize(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void serverErrorGivesUpAfterFourAttempts() throws Exception {
    receiver = WebhookReceiver.answering(500);
    channel = channel(SECRET, Duration.ofSeconds(5));

    assertThatThrownBy(() -> channel.send(ALICE_DAILY, target()))
        .isInstanceOf(NotificationException.class)
        .hasMessage("webhook gave up after 4 attempts: HTTP 500");
    assertThat(receiver.received()).hasSize(4);
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void clientErrorIsNotRetried() throws Exception {
    receiver = WebhookReceiver.answering(400);
    channel = channel(SECRET, Duration.ofSeconds(5));

    assertThatThrownBy(() -> channel.send(ALICE_DAILY, target()))
        .isInstanceOf(NotificationException.class)
        .hasMessage("webhook gave up after 1 attempt: HTTP 400");
    assertThat(receiver.received()).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void receiverThatNeverAnswersTimesOutWithinBoundedTime() throws Exception {
    receiver = WebhookReceiver.neverAnswering();
    channel = channel(SECRET, Duration.ofMillis(300));
    long start = System.nanoTime();

    assertThatThrownBy(() -> channel.send(ALICE_DAILY, target()))
        .isInstanceOf(NotificationException.class)
        .hasMessage("webhook gave up after 4 attempts: no answer within 300 ms");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void unreachableReceiverIsRetriedThenGivenUp() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    channel = channel(SECRET, Duration.ofMillis(300));

    assertThatThrownBy(
            () -> channel.send(ALICE_DAILY, gatewayTarget("http://127.0.0.1:" + closedPort + "/")))
        .isInstanceOf(NotificationException.class)
        .hasMessageStartingWith("webhook gave up after 4 attempts: ")
        .hasCauseInstanceOf(IOException.class);
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void interruptedBackOffStopsAndKeepsTheInterrupt() throws Exception {
    receiver = WebhookReceiver.answering(503);
    channel =
        new WebhookChannel(
            SECRET,
            Duration.ofSeconds(5),
            usersDns(AlertsConfig.AllowedPrivateNetworks.NONE),
            duration -> {
              throw new InterruptedException();
            },
            Clock.systemUTC());

    try {
      assertThatThrownBy(() -> channel.send(ALICE_DAILY, target()))
          .isInstanceOf(NotificationException.class)
          .hasMessage("webhook interrupted after 1 attempt");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(receiver.received()).hasSize(1);
  }

  // Users' own webhooks
  // --------------------------------------------------------------------------------------

  @Test
  void usersWebhookToLoopbackIsRefusedBeforeAnythingReachesIt() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5));

    assertThatThrownBy(() -> channel.send(ALICE_DAILY, usersTarget(receiver.url())))
        .isInstanceOf(NotificationException.class)
        .hasMessage(
            "webhook gave up after 4 attempts: 127.0.0.1 is a loopback address; user webhooks may not reach"
                + " it (an admin may allow it with alerts.webhook_allowed_private_networks in loom.yaml)")
        .hasCauseInstanceOf(RefusedAddressException.class);
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void theSameUrlAsTheGatewaysOwnWebhookIsDeliveredAndSigned() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5));

    channel.send(ALICE_DAILY, gatewayTarget(receiver.url()));

    assertThat(single().header("X-Loom-Signature")).matches("sha256=[0-9a-f]{64}");
  }

  @Test
  void usersWebhookIsNeverSignedWithTheGatewaysSecret() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5), allowing("127.0.0.1/32"));

    channel.send(ALICE_DAILY, usersTarget(receiver.url()));

    WebhookReceiver.Received request = single();
    assertThat(request.header("X-Loom-Signature")).isNull();
    assertThat(request.header("X-Loom-Timestamp")).isNull();
    assertThat(request.header("X-Loom-Alert-Type")).isEqualTo("daily_budget");
    assertThat(parse(request.body()).get("alert_id").asText()).isEqualTo("alert-42");
  }

  @Test
  void usersWebhookToANameThatResolvesToLoopbackIsRefused() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5));

    assertThatThrownBy(
            () ->
                channel.send(
                    ALICE_DAILY,
                    usersTarget("http://localhost:" + receiver.port() + "/hooks/loom")))
        .isInstanceOf(NotificationException.class)
        .hasMessageStartingWith(
            "webhook gave up after 4 attempts: localhost resolves to 127.0.0.1, a loopback address;");
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void anAllowedHostNameIsDeliveredWhateverItResolvesTo() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5), allowing("LocalHost"));

    channel.send(ALICE_DAILY, usersTarget("http://localhost:" + receiver.port() + "/hooks/loom"));

    assertThat(single().header("X-Loom-Signature")).isNull();
  }

  @Test
  void ipLiteralsAreResolvedThroughTheGuardedResolverToo() throws Exception {
    receiver = WebhookReceiver.answering(200);
    List<String> asked = new CopyOnWriteArrayList<>();
    DnsResolver guarded = usersDns(AlertsConfig.AllowedPrivateNetworks.NONE);
    channel =
        channel(
            SECRET,
            Duration.ofSeconds(5),
            new DnsResolver() {
              @Override
              public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
                asked.add(host);
                return guarded.resolve(host);
              }

              @Override
              public String resolveCanonicalHostname(String host)
                  throws java.net.UnknownHostException {
                return guarded.resolveCanonicalHostname(host);
              }
            });

    assertThatThrownBy(() -> channel.send(ALICE_DAILY, usersTarget(receiver.url())))
        .isInstanceOf(NotificationException.class);
    assertThatThrownBy(
            () -> channel.send(ALICE_DAILY, usersTarget("http://[::1]:" + receiver.port() + "/")))
        .isInstanceOf(NotificationException.class)
        .hasMessageContaining("0:0:0:0:0:0:0:1 is a loopback address;");
    assertThatThrownBy(
            () ->
                channel.send(
                    ALICE_DAILY, usersTarget("http://[::ffff:127.0.0.1]:" + receiver.port() + "/")))
        .isInstanceOf(NotificationException.class)
        .hasMessageContaining("127.0.0.1 is a loopback address;");

    assertThat(asked).contains("127.0.0.1").anyMatch(host -> host.contains("::1"));
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void aRedirectFromAUsersWebhookIsAFailureAndNeverFollowed() throws Exception {
    receiver = WebhookReceiver.answering(200);
    try (WebhookReceiver redirecting = WebhookReceiver.redirectingTo(receiver.url())) {
      // The redirecting receiver is allowed by name; the loopback address it points to is not.
      channel = channel(SECRET, Duration.ofSeconds(5), allowing("localhost"));

      assertThatThrownBy(
              () ->
                  channel.send(
                      ALICE_DAILY,
                      usersTarget("http://localhost:" + redirecting.port() + "/hooks/loom")))
          .isInstanceOf(NotificationException.class)
          .hasMessage("webhook gave up after 1 attempt: HTTP 302");

      assertThat(redirecting.received()).hasSize(1);
      assertThat(receiver.received()).isEmpty();
      assertThat(sleeps).isEmpty();
    }
  }

  @Test
  void missingOrNonHttpUrlFailsWithoutSending() {
    channel = channel(SECRET, Duration.ofSeconds(5));

    assertThatThrownBy(
            () ->
                channel.send(
                    ALICE_DAILY,
                    new Target("", Target.WebhookOwner.GATEWAY, List.of("ops@loom.test"))))
        .isInstanceOf(NotificationException.class)
        .hasMessage("no webhook URL");
    assertThatThrownBy(
            () -> channel.send(ALICE_DAILY, gatewayTarget("ftp://hooks.example/x?token=abc")))
        .isInstanceOf(NotificationException.class)
        .hasMessage("webhook URL is not an http(s) URL");
    assertThat(channel.name()).isEqualTo("webhook");
  }

  private WebhookChannel channel(Secret secret, Duration timeout) {
    return channel(secret, timeout, AlertsConfig.AllowedPrivateNetworks.NONE);
  }

  private WebhookChannel channel(
      Secret secret, Duration timeout, AlertsConfig.AllowedPrivateNetworks allowed) {
    return channel(secret, timeout, usersDns(allowed));
  }

  private WebhookChannel channel(Secret secret, Duration timeout, DnsResolver usersDns) {
    return new WebhookChannel(
        secret, timeout, usersDns, recordingSleeper, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static DnsResolver usersDns(AlertsConfig.AllowedPrivateNetworks allowed) {
    return new GuardedDnsResolver(
        new WebhookAddressGuard(allowed), SystemDefaultDnsResolver.INSTANCE);
  }

  private static AlertsConfig.AllowedPrivateNetworks allowing(String... entries) {
    List<AddressRange> networks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String entry : entries) {
      if (entry.matches(".*[g-z].*")) {
        names.add(entry);
      } else {
        networks.add(AddressRange.parse(entry));
      }
    }
    return new AlertsConfig.AllowedPrivateNetworks(networks, names);
  }

  /** The gateway's own webhook at the receiver: trusted and signed. */
  private Target target() {
    return gatewayTarget(receiver.url());
  }

  private static Target gatewayTarget(String url) {
    return new Target(url, Target.WebhookOwner.GATEWAY, List.of());
  }

  private static Target usersTarget(String url) {
    return new Target(url, Target.WebhookOwner.USER, List.of());
  }

  private WebhookReceiver.Received single() {
    List<WebhookReceiver.Received> requests = receiver.received();
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static JsonNode parse(byte[] body) throws IOException {
    return new ObjectMapper().readTree(body);
  }
}
