package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import loom.config.AlertsConfig;
import loom.config.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(10)
class EmailChannelTest {
  private static final String USER = "alerts";
  private static final String PASSWORD = "s3cret-pass";

  @RegisterExtension
  static final GreenMailExtension SMTP_SERVER =
      new GreenMailExtension(
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("alerts@loom.test", USER, PASSWORD));

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

  @Test
  void sendsOneMessageWithTextAndHtmlToEveryAddress() throws Exception {
    try (EmailChannel channel = new EmailChannel(smtp(USER, PASSWORD, false))) {
      channel.send(
          ALICE_DAILY,
          new Target(
              "", Target.WebhookOwner.GATEWAY, List.of("alice@example.org", "ops@example.org")));
    }

    MimeMessage[] received = SMTP_SERVER.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy in each recipient's mailbox
    MimeMessage mail = received[0];
    assertThat(mail.getSubject()).isEqualTo("[Loom] WARNING: Daily budget exceeded for alice");
    assertThat(addresses(mail.getFrom())).containsExactly("loom-alerts@loom.test");
    assertThat(addresses(mail.getRecipients(Message.RecipientType.TO)))
        .containsExactly("alice@example.org", "ops@example.org");
    assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(mail.getContentType()).startsWith("multipart/alternative");

    MimeMultipart parts = (MimeMultipart) mail.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
    assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
    String text = (String) parts.getBodyPart(0).getContent();
    assertThat(text)
        .contains(
            "Daily budget exceeded for alice",
            "Today's spend of $12.40 reached the daily budget of $10.00.",
            "Current:    $12.40",
            "Threshold:  $10.00",
            "Period:     2026-11-25",
            "Triggered:  2026-11-25T10:15:30Z",
            "Dashboard: https://loom.example/dashboard/alerts");
    String html = (String) parts.getBodyPart(1).getContent();
    assertThat(html)
        .contains(
            "<h2>Daily budget exceeded for alice</h2>",
            "<p>Today&#39;s spend of $12.40 reached the daily budget of $10.00.</p>",
            "<td>$12.40</td>",
            "<td>$10.00</td>",
            "<td>2026-11-25</td>",
            "<a href=\"https://loom.example/dashboard/alerts\">Open the dashboard</a>");
  }

  @Test
  void markupInTheAlertIsEscapedInTheHtmlPart() throws Exception {
    AlertMessage hostile =
        new AlertMessage(
            "alert-45",
            "user-8",
            "<b>mallory</b>",
            "anomaly",
            "warning",
            "Spend spiked <script>alert('x')</script> & more",
            new BigDecimal("80"),
            new BigDecimal("20"),
            "2026-11-25",
            Instant.parse("2026-11-25T11:00:00Z"),
            "javascript:alert(1)");

    try (EmailChannel channel = new EmailChannel(smtp("", "", false))) {
      channel.send(
          hostile, new Target("", Target.WebhookOwner.GATEWAY, List.of("ops@example.org")));
    }

    MimeMultipart parts = (MimeMultipart) SMTP_SERVER.getReceivedMessages()[0].getContent();
    String text = (String) parts.getBodyPart(0).getContent();
    String html = (String) parts.getBodyPart(1).getContent();
    assertThat(text)
        .contains(
            "Spend spiked <script>alert('x')</script> & more", "Unusual spend for <b>mallory</b>");
    assertThat(html)
        .contains("Spend spiked &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
        .contains("Unusual spend for &lt;b&gt;mallory&lt;/b&gt;")
        .doesNotContain("<script>", "<b>mallory", "href=\"javascript:");
  }

  @Test
  void globalAlertSubjectNamesTheWholeGateway() throws Exception {
    AlertMessage global =
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

    try (EmailChannel channel = new EmailChannel(smtp("", "", false))) {
      channel.send(global, new Target("", Target.WebhookOwner.GATEWAY, List.of("ops@example.org")));
    }

    MimeMessage mail = SMTP_SERVER.getReceivedMessages()[0];
    assertThat(mail.getSubject())
        .isEqualTo("[Loom] CRITICAL: Monthly budget exceeded for the whole gateway");
    String html = (String) ((MimeMultipart) mail.getContent()).getBodyPart(1).getContent();
    assertThat(html).contains("<td>$2,150.00</td>", "<td>$2,000.00</td>").doesNotContain("<a href");
  }

  @Test
  void wrongPasswordFailsAuthenticationAndSendsNothing() {
    try (EmailChannel channel = new EmailChannel(smtp(USER, "wrong-password", false))) {
      assertThatThrownBy(
              () ->
                  channel.send(
                      ALICE_DAILY,
                      new Target("", Target.WebhookOwner.GATEWAY, List.of("ops@example.org"))))
          .isInstanceOf(NotificationException.class)
          .hasMessage("e-mail not sent: SMTP authentication failed")
          .hasMessageNotContaining("wrong-password");
    }
    assertThat(SMTP_SERVER.getReceivedMessages()).isEmpty();
  }

  @Test
  void requiredStartTlsFailsAgainstAServerWithoutIt() {
    // GreenMail 2.1 offers no STARTTLS on plain SMTP: a required upgrade must fail, not fall back
    // to plain text.
    try (EmailChannel channel = new EmailChannel(smtp(USER, PASSWORD, true))) {
      assertThatThrownBy(
              () ->
                  channel.send(
                      ALICE_DAILY,
                      new Target("", Target.WebhookOwner.GATEWAY, List.of("ops@example.org"))))
          .isInstanceOf(NotificationException.class)
          .hasMessageStartingWith("e-mail not sent: ")
          .hasMessageContaining("STARTTLS");
    }
    assertThat(SMTP_SERVER.getReceivedMessages()).isEmpty();
  }

  @Test
  void noAddressFailsWithoutConnecting() {
    try (EmailChannel channel = new EmailChannel(smtp(USER, PASSWORD, false))) {
      assertThatThrownBy(
              () ->
                  channel.send(
                      ALICE_DAILY,
                      new Target(
                          "https://hooks.example/x", Target.WebhookOwner.GATEWAY, List.of())))
          .isInstanceOf(NotificationException.class)
          .hasMessage("no e-mail address");
      assertThat(channel.name()).isEqualTo("email");
    }
  }

  @Test
  void invalidAddressIsNamedInTheReason() {
    try (EmailChannel channel = new EmailChannel(smtp("", "", false))) {
      assertThatThrownBy(
              () ->
                  channel.send(
                      ALICE_DAILY,
                      new Target(
                          "",
                          Target.WebhookOwner.GATEWAY,
                          List.of("ops@example.org", "not an address"))))
          .isInstanceOf(NotificationException.class)
          .hasMessage("invalid e-mail address 'not an address'");
    }
    assertThat(SMTP_SERVER.getReceivedMessages()).isEmpty();
  }

  @Test
  void unreachableServerFailsWithAShortReason() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    AlertsConfig.Smtp nowhere =
        new AlertsConfig.Smtp(
            "127.0.0.1",
            closedPort,
            "",
            new Secret(""),
            false,
            "loom-alerts@loom.test",
            Duration.ofSeconds(2));

    try (EmailChannel channel = new EmailChannel(nowhere)) {
      assertThatThrownBy(
              () ->
                  channel.send(
                      ALICE_DAILY,
                      new Target("", Target.WebhookOwner.GATEWAY, List.of("ops@example.org"))))
          .isInstanceOf(NotificationException.class)
          .hasMessage("e-mail not sent: cannot connect to SMTP server 127.0.0.1:" + closedPort);
    }
  }

  private static AlertsConfig.Smtp smtp(String username, String password, boolean startTls) {
    return new AlertsConfig.Smtp(
        "127.0.0.1",
        SMTP_SERVER.getSmtp().getPort(),
        username,
        new Secret(password),
        startTls,
        "loom-alerts@loom.test",
        Duration.ofSeconds(5));
  }

  private static List<String> addresses(Address[] addresses) {
    return Arrays.stream(addresses).map(Address::toString).toList();
  }
}
