package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import loom.testing.ApiClient;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spending alerts of the gateway in process: an enforced budget refuses calls once used up (cache hits still
 * served), raises one alert that reaches a real webhook receiver and a real SMTP server (the IT configuration
 * points the gateway's mail at {@code it.smtp.port}, where this test runs GreenMail), and the alerts and
 * budgets API keeps users to their own. Users' webhooks reach the receiver only because the IT configuration
 * allows the name {@code localhost}; any other internal address is refused, and only admins learn why.
 */
@ExtendWith(InProcessGatewayExtension.class)
class AlertsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ApiClient ADMIN = ApiClient.admin();

  /** Per test, on the port the gateway mails to, which the extension knows only once the gateway is up. */
  @RegisterExtension
  final GreenMailExtension smtp =
      new GreenMailExtension(
          new ServerSetup(
              Integer.getInteger("it.smtp.port"), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  private static JsonNode budgeted(WebhookReceiver receiver, String budget) {
    JsonNode user = ADMIN.newUserWithKey("spender", "user");
    String settings =
        "{\"daily_budget_usd\":"
            + budget
            + ",\"enforce\":true,\"webhook_url\":\""
            + receiver.url("localhost")
            + "\",\"enable_webhook_alerts\":true,\"email_address\":\""
            + user.path("name").asText()
            + "@loom.test\",\"enable_email_alerts\":true}";
    JsonNode saved =
        ApiClient.json(
            ADMIN.put("/alerts/config?user_id=" + user.path("id").asText(), settings), 200);
    assertThat(saved.path("enforce").asBoolean()).isTrue();
    return user;
  }

  private static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    T value = probe.get();
    while (!done.test(value) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      value = probe.get();
    }
    return value;
  }

  @Test
  void anEnforcedBudgetRefusesCallsRaisesOneAlertAndNotifiesEveryChannel() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
      // A mock gpt-4o-mini answer costs 2,850 nano-dollars: 4 fit under 10,000, the 5th call is
      // refused.
      JsonNode user = budgeted(receiver, "0.00001");
      GatewayClient asUser = new GatewayClient(user.path("key").asText());
      List<HttpResponse<String>> answers = new ArrayList<>();
      String first =
          GatewayClient.chatBody("mock/gpt-4o-mini", "budget " + UUID.randomUUID(), false);
      answers.add(asUser.postJson("/v1/chat/completions", first));
      for (int i = 0; i < 10 && answers.get(answers.size() - 1).statusCode() == 200; i++) {
        answers.add(
            asUser.postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody(
                    "mock/gpt-4o-mini", "budget " + i + " " + UUID.randomUUID(), false)));
      }

      assertThat(answers)
          .extracting(HttpResponse::statusCode)
          .containsExactly(200, 200, 200, 200, 429);
      assertThat(answers.get(0).headers().firstValue("X-Loom-Budget-Remaining-USD"))
          .hasValue("0.00001");
      assertThat(answers.get(1).headers().firstValue("X-Loom-Budget-Remaining-USD"))
          .hasValue("0.00000715");
      JsonNode refusal = JSON.readTree(answers.get(4).body()).path("error");
      assertThat(refusal.path("code").asText()).isEqualTo("insufficient_quota");
      assertThat(refusal.path("type").asText()).isEqualTo("insufficient_quota");
      assertThat(refusal.path("message").asText())
          .contains("daily budget of $0.00001", user.path("name").asText());
      HttpResponse<String> cached = asUser.postJson("/v1/chat/completions", first);
      assertThat(cached.statusCode()).isEqualTo(200);
      assertThat(cached.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
      // A model without a price (a local one) costs nothing, so no cost budget stops it.
      HttpResponse<String> unpriced =
          asUser.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody("mock/local-llama", "free " + UUID.randomUUID(), false));
      assertThat(unpriced.statusCode()).as(unpriced.body()).isEqualTo(200);

      ApiClient asUserApi = ApiClient.withKey(user.path("key").asText());
      // path(0), not get(0): the list and its total are two reads, so an alert raised between them
      // may be in the total only, with an empty page; the probe then simply asks again.
      JsonNode alerts =
          await(
              () -> ApiClient.json(asUserApi.get("/alerts"), 200),
              list ->
                  list.path("total").asLong() > 0
                      && list.path("alerts").path(0).path("webhook_status").asText().equals("sent")
                      && list.path("alerts").path(0).path("email_status").asText().equals("sent"));
      assertThat(alerts.path("total").asLong()).isEqualTo(1);
      JsonNode alert = alerts.path("alerts").get(0);
      assertThat(alert.path("type").asText()).isEqualTo("daily_budget");
      assertThat(alert.path("severity").asText()).isEqualTo("warning");
      assertThat(alert.path("user_id").asText()).isEqualTo(user.path("id").asText());
      assertThat(alert.path("period").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
      assertThat(alert.path("threshold_value").decimalValue()).isEqualByComparingTo("0.00001");
      assertThat(alert.path("current_value").decimalValue()).isEqualByComparingTo("0.0000114");
      assertThat(alert.path("webhook_status").asText()).isEqualTo("sent");
      assertThat(alert.path("email_status").asText()).isEqualTo("sent");

      WebhookReceiver.Received hook = receiver.received().get(0);
      assertThat(hook.header("X-Loom-Alert-Type")).isEqualTo("daily_budget");
      assertThat(hook.header("X-Loom-Signature"))
          .as("a user's webhook gets no gateway signature")
          .isNull();
      assertThat(hook.header("X-Loom-Timestamp")).isNull();
      assertThat(hook.header("X-Loom-Alert-Severity")).isEqualTo("warning");
      JsonNode payload = JSON.readTree(hook.bodyText());
      assertThat(payload.path("alert_id").asText()).isEqualTo(alert.path("id").asText());
      assertThat(payload.path("text").asText())
          .contains("Daily budget exceeded", user.path("name").asText());

      // The gateway is shared with other tests, whose users' alerts may be mailed here too: this
      // user's is the one.
      String subject = "[Loom] WARNING: Daily budget exceeded for " + user.path("name").asText();
      List<MimeMessage> mails = new ArrayList<>();
      for (MimeMessage mail : smtp.getReceivedMessages()) {
        if (subject.equals(mail.getSubject())) {
          mails.add(mail);
        }
      }
      assertThat(mails).as("mails with the subject '%s'", subject).isNotEmpty();
      assertThat(List.of(mails.get(0).getRecipients(Message.RecipientType.TO)))
          .extracting(Object::toString)
          .containsExactlyInAnyOrder("ops@loom.test", user.path("name").asText() + "@loom.test");

      // The same breach does not alert again; acknowledging closes it.
      asUser.postJson(
          "/v1/chat/completions", GatewayClient.chatBody("mock/gpt-4o-mini", "again", false));
      ApiClient.json(ADMIN.post("/alerts/check", "{}"), 200);
      assertThat(ApiClient.json(asUserApi.get("/alerts"), 200).path("total").asLong()).isEqualTo(1);
      JsonNode acknowledged =
          ApiClient.json(
              asUserApi.post("/alerts/" + alert.path("id").asText() + "/ack", "{}"), 200);
      assertThat(acknowledged.path("acknowledged").asBoolean()).isTrue();
      assertThat(acknowledged.path("acknowledged_by").asText()).isEqualTo(user.path("id").asText());
      assertThat(
              ApiClient.json(asUserApi.get("/alerts?acknowledged=false"), 200)
                  .path("total")
                  .asLong())
          .isZero();
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @Test
  void teamAndKeyBudgetsRefuseEveryKeyOfTheTeamAndNameWhoseBudgetItIs() throws Exception {
    String teamName = "budgeted-" + UUID.randomUUID().toString().substring(0, 8);
    String teamId =
        ApiClient.json(ADMIN.post("/teams", "{\"name\":\"" + teamName + "\"}"), 201)
            .path("id")
            .asText();
    List<GatewayClient> members = new ArrayList<>();
    JsonNode first = null;
    for (int i = 0; i < 2; i++) {
      JsonNode user = ADMIN.newUserWithKey("teammate", "user");
      first = first == null ? user : first;
      ApiClient.json(
          ADMIN.put(
              "/teams/" + teamId + "/members/" + user.path("id").asText(), "{\"role\":\"member\"}"),
          200);
      ApiClient.json(
          ADMIN.patch("/keys/" + user.path("key_id").asText(), "{\"team_id\":\"" + teamId + "\"}"),
          200);
      members.add(new GatewayClient(user.path("key").asText()));
    }
    ApiClient.json(
        ADMIN.put(
            "/alerts/config?team_id=" + teamId, "{\"daily_budget_usd\":0.00001,\"enforce\":true}"),
        200);

    // 2,850 nano-dollars a call, from either member's key: the team's 5th call is refused.
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 8 && (last == null || last.statusCode() == 200); i++) {
      last =
          members
              .get(i % 2)
              .postJson(
                  "/v1/chat/completions",
                  GatewayClient.chatBody(
                      "mock/gpt-4o-mini", "team budget " + UUID.randomUUID(), false));
      statuses.add(last.statusCode());
    }
    assertThat(statuses).containsExactly(200, 200, 200, 200, 429);
    assertThat(JSON.readTree(last.body()).path("error").path("message").asText())
        .contains("daily budget of $0.00001", "team '" + teamName + "'");
    // On the Messages API the same refusal is Anthropic's billing_error, so Claude Code stops
    // instead of retrying.
    HttpResponse<String> messages =
        new GatewayClient(first.path("key").asText())
            .postJson(
                "/v1/messages",
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "anthropic-version",
                "2023-06-01");
    assertThat(messages.statusCode()).as(messages.body()).isEqualTo(402);
    assertThat(JSON.readTree(messages.body()).path("error").path("type").asText())
        .isEqualTo("billing_error");

    // A key's owner may budget their own key; the refusal names the key.
    JsonNode owner = ADMIN.newUserWithKey("keyholder", "user");
    ApiClient asOwner = ApiClient.withKey(owner.path("key").asText());
    ApiClient.json(
        asOwner.put(
            "/alerts/config?api_key_id=" + owner.path("key_id").asText(),
            "{\"daily_budget_usd\":0.00001,\"enforce\":true}"),
        200);
    GatewayClient ownKey = new GatewayClient(owner.path("key").asText());
    statuses.clear();
    for (int i = 0;
        i < 8 && (statuses.isEmpty() || statuses.get(statuses.size() - 1) == 200);
        i++) {
      last =
          ownKey.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody("mock/gpt-4o-mini", "key budget " + UUID.randomUUID(), false));
      statuses.add(last.statusCode());
    }
    assertThat(statuses).containsExactly(200, 200, 200, 200, 429);
    assertThat(JSON.readTree(last.body()).path("error").path("message").asText())
        .contains("key '" + owner.path("name").asText() + "-key'");
    // Someone else's key's budget is not theirs to read.
    assertThat(
            ApiClient.withKey(first.path("key").asText())
                .get("/alerts/config?api_key_id=" + owner.path("key_id").asText())
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void usersSeeAndChangeOnlyTheirOwnAlertsAndBudgets() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
      JsonNode owner = budgeted(receiver, "5");
      JsonNode other = ADMIN.newUserWithKey("other", "user");
      ApiClient asOwner = ApiClient.withKey(owner.path("key").asText());
      ApiClient asOther = ApiClient.withKey(other.path("key").asText());
      String ownerId = owner.path("id").asText();

      assertThat(asOther.get("/alerts?user_id=" + ownerId).statusCode()).isEqualTo(403);
      assertThat(asOther.get("/alerts/config?user_id=" + ownerId).statusCode()).isEqualTo(403);
      assertThat(asOther.get("/alerts/config?user_id=global").statusCode()).isEqualTo(403);
      assertThat(asOther.post("/alerts/check", "{}").statusCode()).isEqualTo(403);
      assertThat(asOther.post("/alerts/no-such-alert/ack", "{}").statusCode()).isEqualTo(404);
      JsonNode own = ApiClient.json(asOwner.get("/alerts/config"), 200);
      assertThat(own.path("daily_budget_usd").decimalValue()).isEqualByComparingTo("5");
      // The budget is enforced by an admin: its owner may not lift it, but may change where alerts
      // go.
      assertThat(
              asOwner
                  .put("/alerts/config", "{\"daily_budget_usd\":500,\"enforce\":true}")
                  .statusCode())
          .isEqualTo(403);
      JsonNode quieter =
          ApiClient.json(
              asOwner.put("/alerts/config", "{\"daily_budget_usd\":5,\"enforce\":true}"), 200);
      assertThat(quieter.path("enable_webhook_alerts").asBoolean()).isFalse();
      JsonNode global = ApiClient.json(ADMIN.get("/alerts/config?user_id=global"), 200);
      assertThat(global.path("daily_budget_usd").decimalValue()).isEqualByComparingTo("100");
    }
  }

  @Test
  void badSettingsAre400sNamingEachField() throws Exception {
    HttpResponse<String> response =
        ADMIN.put(
            "/alerts/config",
            "{\"daily_budget_usd\":-1,\"anomaly_threshold\":0,"
                + "\"webhook_url\":\"ftp://example.com\",\"email_address\":\"a@example.com\\nBcc: x@example.com\","
                + "\"enable_webhook_alerts\":true}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("errors"))
        .extracting(error -> error.path("param").asText())
        .contains("daily_budget_usd", "anomaly_threshold", "webhook_url", "email_address");
    assertThat(ADMIN.get("/alerts?acknowledged=maybe").statusCode()).isEqualTo(400);
    assertThat(ADMIN.get("/alerts/config?user=x").statusCode()).isEqualTo(400);
  }

  @Test
  void aTestNotificationSaysWhatHappenedOnEachChannel() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
      JsonNode user = budgeted(receiver, "5");

      JsonNode outcome =
          ApiClient.json(
              ApiClient.withKey(user.path("key").asText()).post("/alerts/test-notification", "{}"),
              200);

      assertThat(outcome.path("webhook").asText()).isEqualTo("sent");
      assertThat(outcome.path("email").asText()).isEqualTo("sent");
      assertThat(receiver.received()).hasSize(1);
      assertThat(receiver.received().get(0).header("X-Loom-Alert-Type")).isEqualTo("test");
      assertThat(receiver.received().get(0).header("X-Loom-Signature")).isNull();
      assertThat(smtp.getReceivedMessages()).isNotEmpty();
    }
  }

  @Test
  void aUsersWebhookToAnInternalAddressIsRefusedAndOnlyAnAdminLearnsWhy() throws Exception {
    JsonNode user = ADMIN.newUserWithKey("prober", "user");
    ApiClient asUser = ApiClient.withKey(user.path("key").asText());
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    // A literal internal address is refused when saved, with the reason under its field.
    HttpResponse<String> literal =
        asUser.put(
            "/alerts/config",
            "{\"webhook_url\":\"http://127.0.0.2:"
                + closedPort
                + "/hook\",\"enable_webhook_alerts\":true}");
    assertThat(literal.statusCode()).as(literal.body()).isEqualTo(400);
    JsonNode errors = JSON.readTree(literal.body()).path("errors");
    assertThat(errors)
        .extracting(error -> error.path("param").asText())
        .containsExactly("webhook_url");
    assertThat(literal.body())
        .contains("127.0.0.2 is a loopback address; user webhooks may not reach it");

    // What a failed send tells: a user only that it failed, an admin why (a name that never
    // resolves, RFC 2606; that names resolving to internal addresses are refused at send time is
    // WebhookChannelTest's, against a real receiver, since which names resolve where is the
    // machine's business).
    ApiClient.json(
        asUser.put(
            "/alerts/config",
            "{\"webhook_url\":\"http://hooks.loom.invalid:"
                + closedPort
                + "/hook?token=t0k\",\"enable_webhook_alerts\":true}"),
        200);

    // Each send sits out the whole back-off (7 s) before it gives up: the two run side by side.
    CompletableFuture<HttpResponse<String>> userSends =
        CompletableFuture.supplyAsync(
            () -> asUser.post("/alerts/test-notification", "{}"),
            task -> new Thread(task, "test-user-notification").start());
    JsonNode asAnAdmin =
        ApiClient.json(
            ADMIN.post("/alerts/test-notification?user_id=" + user.path("id").asText(), "{}"), 200);
    JsonNode asTheUser = ApiClient.json(userSends.get(60, TimeUnit.SECONDS), 200);

    assertThat(asTheUser.path("webhook").asText()).isEqualTo("failed");
    assertThat(asAnAdmin.path("webhook").asText())
        .startsWith("failed: webhook gave up after 4 attempts: ")
        .contains("hooks.loom.invalid")
        .doesNotContain("t0k");
  }
}
