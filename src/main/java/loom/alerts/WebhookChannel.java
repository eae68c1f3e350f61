package loom.alerts;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import loom.config.Secret;
import loom.support.Sleeper;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts by POSTing {@link WebhookPayload} JSON to the target's webhook URL. The gateway's own webhook
 * ({@link Target.WebhookOwner#GATEWAY}), with a secret, carries {@code X-Loom-Signature: sha256=<lowercase hex
 * HMAC-SHA256 of the exact body bytes>} and {@code X-Loom-Timestamp} (epoch seconds): receivers verify the
 * signature over the raw body before parsing it; the timestamp is not signed, the body's {@code triggered_at} is.
 * A user's own webhook ({@link Target.WebhookOwner#USER}) is never signed with that secret (the user could replay
 * what they receive to the gateway's webhook) and goes through a client of its own whose {@link GuardedDnsResolver}
 * refuses every internal address before a connection is opened.
 *
 * <p>Up to {@value #MAX_ATTEMPTS} attempts, {@link #BACKOFF} apart: I/O errors, timeouts, 5xx and 429 are
 * retried, any other non-2xx answer is final. A redirect (3xx) is such a final failure and is never followed, so
 * a receiver cannot send the gateway on to another address. Thread-safe: two pooled HTTP clients per channel
 * (the gateway's webhook, users' webhooks), closed by {@link #close()}.
 */
final class WebhookChannel implements AlertChannel {
  static final List<Duration> BACKOFF =
      List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  static final int MAX_ATTEMPTS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookChannel.class);
  private static final ContentType JSON = ContentType.create("application/json");

  private final Secret secret;
  private final Duration timeout;
  private final Sleeper sleeper;
  private final Clock clock;
  private final CloseableHttpClient gatewayClient;
  private final CloseableHttpClient usersClient;

  /** @param usersDns resolves the hosts of users' webhooks, refusing internal addresses */
  WebhookChannel(Secret secret, Duration timeout, DnsResolver usersDns) {
    this(secret, timeout, usersDns, Sleeper.THREAD_SLEEP, Clock.systemUTC());
  }

  WebhookChannel(
      Secret secret, Duration timeout, DnsResolver usersDns, Sleeper sleeper, Clock clock) {
    this.secret = Objects.requireNonNull(secret, "secret");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.gatewayClient = client(timeout, SystemDefaultDnsResolver.INSTANCE);
    this.usersClient = client(timeout, Objects.requireNonNull(usersDns, "usersDns"));
  }

  /**
   * A client that connects only to what {@code dns} resolves: HttpClients.custom() reads no proxy settings, so
   * no proxy resolves the host instead.
   */
  private static CloseableHttpClient client(Duration timeout, DnsResolver dns) {
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(dns)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(timeout))
                        .setSocketTimeout(Timeout.of(timeout))
                        .build())
                .build())
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .build())
        .setUserAgent("Loom-Gateway")
        // Retries are ours (counted and spaced below); a POST is never silently repeated, and never
        // redirected: a redirect would lead a user's webhook past the guard to wherever the
        // receiver points.
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .build();
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void send(AlertMessage message, Target target) throws NotificationException {
    URI url = webhookUrl(target);
    byte[] body = WebhookPayload.from(message).toJson();
    boolean isGatewaysOwn = target.webhookOwner() == Target.WebhookOwner.GATEWAY;
    // Only the gateway's own webhook is signed: a user given bodies signed with the gateway's
    // secret could replay them to the gateway's webhook, which would take them for the gateway's
    // own alerts.
    String signature = isGatewaysOwn && !secret.isEmpty() ? "sha256=" + hmacSha256Hex(body) : null;
    CloseableHttpClient client = isGatewaysOwn ? gatewayClient : usersClient;
    String failure = null;
    IOException error = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (attempt > 1) {
        pause(BACKOFF.get(attempt - 2), attempt - 1);
      }
      try {
        int status = post(client, url, body, signature, message);
        if (status >= 200 && status < 300) {
          return;
        }
        failure = "HTTP " + status;
        error = null;
        if (!isRetryable(status)) {
          throw new NotificationException(gaveUp(attempt, failure), null);
        }
      } catch (IOException e) {
        // A refused address is retried like an unknown host, so how long a test notification takes
        // tells a user no more than its answer does.
        failure = describe(e);
        error = e;
      }
      LOG.debug("Webhook attempt {} of {} failed: {}", attempt, MAX_ATTEMPTS, failure);
    }
    throw new NotificationException(gaveUp(MAX_ATTEMPTS, failure), error);
  }

  @Override
  public void close() {
    gatewayClient.close(CloseMode.IMMEDIATE);
    usersClient.close(CloseMode.IMMEDIATE);
  }

  private int post(
      CloseableHttpClient client, URI url, byte[] body, String signature, AlertMessage message)
      throws IOException {
    HttpPost post = new HttpPost(url);
    post.setHeader("X-Loom-Alert-Type", AlertText.oneLine(message.type()));
    post.setHeader("X-Loom-Alert-Severity", AlertText.oneLine(message.severity()));
    if (signature != null) {
      post.setHeader("X-Loom-Signature", signature);
      post.setHeader("X-Loom-Timestamp", Long.toString(clock.instant().getEpochSecond()));
    }
    post.setEntity(new ByteArrayEntity(body, JSON));
    return client.execute(
        post,
        response -> {
          EntityUtils.consume(response.getEntity());
          return response.getCode();
        });
  }

  private void pause(Duration backoff, int attemptsMade) throws NotificationException {
    try {
      sleeper.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotificationException("webhook interrupted after " + attempts(attemptsMade), e);
    }
  }

  /** 429 and 5xx may pass; any other refusal will be the same next time. */
  private static boolean isRetryable(int status) {
    return status == 429 || status >= 500;
  }

  private String describe(IOException e) {
    if (e instanceof ConnectTimeoutException) {
      return "could not connect within " + timeout.toMillis() + " ms";
    }
    if (e instanceof SocketTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof RefusedAddressException) {
      return e.getMessage();
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String gaveUp(int attempts, String failure) {
    return "webhook gave up after " + attempts(attempts) + ": " + failure;
  }

  private static String attempts(int count) {
    return count + (count == 1 ? " attempt" : " attempts");
  }

  private static URI webhookUrl(Target target) throws NotificationException {
    if (target.webhookUrl().isEmpty()) {
      throw new NotificationException("no webhook URL", null);
    }
    try {
      URI url = new URI(target.webhookUrl());
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below, without echoing a URL that may carry a token
    }
    throw new NotificationException("webhook URL is not an http(s) URL", null);
  }

  private String hmacSha256Hex(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      // Every Java runtime has HmacSHA256 and the key is never empty here.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
