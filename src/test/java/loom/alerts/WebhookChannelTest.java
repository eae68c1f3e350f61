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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import loom.config.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WebhookChannelTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:16:00Z");
  private static final Secret SECRET = new Secret("whsec-test-0123");
  private static final AlertMessage ALICE_DAILY = new AlertMessage("alert-42", "user-7", "alice", "daily_budget",
      "warning", "Today's spend of $12.40 reached the daily budget of $10.00.", new BigDecimal("12.40"),
      new BigDecimal("10.00"), "2026-11-25", Instant.parse("2026-11-25T10:15:30Z"),
      "https://loom.example/dashboard/alerts");
  private static final AlertMessage GLOBAL_MONTHLY = new AlertMessage("alert-43", "global", null,
      "monthly_budget", "critical", "This month's spend reached the monthly budget.", new BigDecimal("2150"),
      new BigDecimal("2000"), "2026-11", Instant.parse("2026-11-30T23:59:59Z"), null);

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
    assertThat(json.get("message").asText()).isEqualTo("Today's spend of $12.40 reached the daily budget of $10.00.");
    assertThat(json.get("current_usd").isNumber()).isTrue();
    assertThat(json.get("threshold_usd").isNumber()).isTrue();
    assertThat(request.bodyText()).contains("\"current_usd\":12.40", "\"threshold_usd\":10.00");
    assertThat(json.get("period").asText()).isEqualTo("2026-11-25");
    assertThat(json.get("triggered_at").asText()).isEqualTo("2026-11-25T10:15:30Z");
    assertThat(json.get("dashboard_url").asText()).isEqualTo("https://loom.example/dashboard/alerts");
    assertThat(json.get("text").asText())
        .isEqualTo(":warning: [Loom] Daily budget exceeded for alice: $12.40 of $10.00 (2026-11-25)");
    assertThat(json.size()).isEqualTo(12);
  }

  @Test
  void globalAlertIsForTheWholeGatewayAndKeepsAbsentFieldsAsNull() throws Exception {
    receiver = WebhookReceiver.answering(204);
    channel = channel(SECRET, Duration.ofSeconds(5));

    channel.send(GLOBAL_MONTHLY, target());

    JsonNode json = parse(single().body());
    assertThat(json.get("text").asText()).isEqualTo(
        ":rotating_light: [Loom] Monthly budget exceeded for the whole gateway: $2,150.00 of $2,000.00 (2026-11)");
    assertThat(json.get("user_name").isNull()).isTrue();
    assertThat(json.get("dashboard_url").isNull()).isTrue();
    assertThat(json.get("scope").asText()).isEqualTo("global");
  }

  @Test
  void infoAlertsGetTheInformationEmojiAndNamesCannotInjectSlackMarkup() throws Exception {
    receiver = WebhookReceiver.answering(200);
    channel = channel(SECRET, Duration.ofSeconds(5));
    AlertMessage test = new AlertMessage("alert-44", "user-9", "<!channel> & co", "test", "info", "A test.",
        BigDecimal.ZERO, BigDecimal.ONE, "2026-11-25", NOW, null);

    channel.send(test, target());

    assertThat(parse(single().body()).get("text").asText()).isEqualTo(
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
    assertThat(request.header("X-Loom-Signature")).isEqualTo(expected).matches("sha256=[0-9a-f]{64}");
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
    assertThat(requests).extracting(WebhookReceiver.Received::bodyText).containsOnly(requests.get(0).bodyText());
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
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
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
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void unreachableReceiverIsRetriedThenGivenUp() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    channel = channel(SECRET, Duration.ofMillis(300));

    assertThatThrownBy(() -> channel.send(ALICE_DAILY, new Target("http://127.0.0.1:" + closedPort + "/", List.of())))
        .isInstanceOf(NotificationException.class)
        .hasMessageStartingWith("webhook gave up after 4 attempts: ")
        .hasCauseInstanceOf(IOException.class);
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void interruptedBackOffStopsAndKeepsTheInterrupt() throws Exception {
    receiver = WebhookReceiver.answering(503);
    channel = new WebhookChannel(SECRET, Duration.ofSeconds(5), duration -> {
      throw new InterruptedException();
    });

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

  @Test
  void missingOrNonHttpUrlFailsWithoutSending() {
    channel = channel(SECRET, Duration.ofSeconds(5));

    assertThatThrownBy(() -> channel.send(ALICE_DAILY, new Target("", List.of("ops@loom.test"))))
        .isInstanceOf(NotificationException.class).hasMessage("no webhook URL");
    assertThatThrownBy(() -> channel.send(ALICE_DAILY, new Target("ftp://hooks.example/x?token=abc", List.of())))
        .isInstanceOf(NotificationException.class).hasMessage("webhook URL is not an http(s) URL");
    assertThat(channel.name()).isEqualTo("webhook");
  }

  private WebhookChannel channel(Secret secret, Duration timeout) {
    return new WebhookChannel(secret, timeout, recordingSleeper, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Target target() {
    return new Target(receiver.url(), List.of());
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
