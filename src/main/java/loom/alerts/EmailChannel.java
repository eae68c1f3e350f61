package loom.alerts;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import loom.config.AlertsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts as one e-mail (plain text and HTML alternatives) to all the target's addresses through the
 * configured SMTP server, authenticating when a username is set and, when {@code startTls} is on, refusing
 * to send unless the server upgrades to TLS first. No retries: the SMTP server queues and retries itself.
 * Thread-safe: its mail session is immutable and every send uses its own connection.
 */
final class EmailChannel implements AlertChannel {
  private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);
  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private final AlertsConfig.Smtp smtp;
  private final Session session;

  EmailChannel(AlertsConfig.Smtp smtp) {
    this.smtp = Objects.requireNonNull(smtp, "smtp");
    // A session of our own: no System properties and no shared default instance.
    this.session = Session.getInstance(properties(smtp));
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void send(AlertMessage message, Target target) throws NotificationException {
    if (target.emailAddresses().isEmpty()) {
      throw new NotificationException("no e-mail address", null);
    }
    if (!smtp.isConfigured()) {
      throw new NotificationException("no SMTP server configured", null);
    }
    MimeMessage mail = compose(message, target.emailAddresses());
    Transport transport = null;
    try {
      transport = session.getTransport("smtp");
      if (smtp.username().isEmpty()) {
        transport.connect(smtp.host(), smtp.port(), null, null);
      } else {
        transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password().value());
      }
      transport.sendMessage(mail, mail.getAllRecipients());
    } catch (MessagingException e) {
      throw new NotificationException("e-mail not sent: " + reason(e), e);
    } finally {
      closeQuietly(transport);
    }
  }

  /** Nothing to release: each send opens and closes its own connection. */
  @Override
  public void close() {}

  static Properties properties(AlertsConfig.Smtp smtp) {
    Properties props = new Properties();
    props.setProperty("mail.smtp.host", smtp.host());
    props.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
    props.setProperty("mail.smtp.auth", Boolean.toString(!smtp.username().isEmpty()));
    if (smtp.startTls()) {
      // "required": a server that does not offer STARTTLS fails the send instead of getting plain
      // text.
      props.setProperty("mail.smtp.starttls.enable", "true");
      props.setProperty("mail.smtp.starttls.required", "true");
      props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    String millis = Long.toString(Math.min(smtp.timeout().toMillis(), Integer.MAX_VALUE));
    props.setProperty("mail.smtp.connectiontimeout", millis);
    props.setProperty("mail.smtp.timeout", millis);
    props.setProperty("mail.smtp.writetimeout", millis);
    return props;
  }

  private MimeMessage compose(AlertMessage message, List<String> addresses)
      throws NotificationException {
    try {
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(address(smtp.from(), "sender"));
      InternetAddress[] to = new InternetAddress[addresses.size()];
      for (int i = 0; i < to.length; i++) {
        to[i] = address(addresses.get(i), "e-mail");
      }
      mail.setRecipients(Message.RecipientType.TO, to);
      mail.setSubject(AlertText.subject(message), UTF_8);
      mail.setSentDate(new Date());
      mail.setHeader("Auto-Submitted", "auto-generated");
      mail.setHeader("X-Loom-Alert-Type", AlertText.oneLine(message.type()));
      mail.setHeader("X-Loom-Alert-Severity", AlertText.oneLine(message.severity()));
      MimeBodyPart text = new MimeBodyPart();
      text.setText(EmailContent.plainText(message), UTF_8);
      MimeBodyPart html = new MimeBodyPart();
      html.setText(EmailContent.html(message), UTF_8, "html");
      // multipart/alternative lists the plainest part first; mail readers show the last they
      // understand.
      mail.setContent(new MimeMultipart("alternative", text, html));
      mail.saveChanges();
      return mail;
    } catch (MessagingException e) {
      throw new NotificationException("e-mail not composed: " + reason(e), e);
    }
  }

  private static InternetAddress address(String text, String role) throws NotificationException {
    try {
      return new InternetAddress(text.trim(), true);
    } catch (AddressException e) {
      throw new NotificationException(
          "invalid " + role + " address '" + AlertText.oneLine(text) + "'", e);
    }
  }

  private String reason(MessagingException e) {
    if (e instanceof AuthenticationFailedException) {
      return "SMTP authentication failed";
    }
    if (e instanceof SendFailedException failed
        && failed.getInvalidAddresses() != null
        && failed.getInvalidAddresses().length > 0) {
      return "SMTP server refused " + List.of(failed.getInvalidAddresses());
    }
    String server = smtp.host() + ":" + smtp.port();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return "cannot connect to SMTP server " + server;
      }
      if (cause instanceof SocketTimeoutException) {
        return "SMTP server "
            + server
            + " did not answer within "
            + smtp.timeout().toMillis()
            + " ms";
      }
      if (cause instanceof UnknownHostException) {
        return "unknown SMTP host " + smtp.host();
      }
    }
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return AlertText.oneLine(text).trim();
  }

  private static void closeQuietly(Transport transport) {
    if (transport == null || !transport.isConnected()) {
      return;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      // The server took the message once DATA was accepted; a failed QUIT changes nothing for the
      // sender.
      LOG.debug("Closing the SMTP connection failed", e);
    }
  }
}
