package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import loom.testing.ContainerLog;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.LoggedRows;
import loom.testing.RawHttp;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy's failures that the container decides, on each container: its read timeout ends a body that stopped
 * arriving, and its header encoding meets a model name outside Latin-1. The rest of the proxy's errors are
 * {@link ProxyErrorsTest}'s, on the gateway in process.
 */
@ExtendWith(UpstreamExtension.class)
class ProxyErrorsIT {
  private final GatewayClient gateway = new GatewayClient();

  @AfterEach
  void gatewayStillServes(FakeUpstream upstream) {
    upstream.reset();
    assertThat(
            gateway
                .postJson(
                    "/v1/chat/completions", GatewayClient.chatBody("mock/m", "still there?", false))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aClientThatStopsSendingItsBodyGets408InTheOpenAiShape(FakeUpstream upstream)
      throws Exception {
    try (RawHttp raw = RawHttp.connect()) {
      // The container's read timeout (Tomcat 20 s, Jetty 30 s) decides when the body has stopped
      // arriving.
      raw.readTimeout(Duration.ofSeconds(60));
      raw.write(
          "POST "
              + raw.path("/v1/chat/completions")
              + " HTTP/1.1\r\nHost: "
              + raw.host()
              + "\r\nAuthorization: Bearer "
              + GatewayClient.ADMIN_KEY
              + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"model\": \"mock/m\"");

      String response = raw.readUntil("}}");

      assertThat(response)
          .startsWith("HTTP/1.1 408")
          .contains("application/json")
          .contains("\"code\":\"request_timeout\"")
          .doesNotContain("Exception", "<html");
      String requestId = response.replaceAll("(?s).*X-Loom-Request-Id: (\\w+).*", "$1");
      assertThat(LoggedRows.await(requestId).get("status_code")).hasToString("408");
    }
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void aModelNameOutsideLatin1KeepsItsCacheKeyHeaderAndLogsNothing() throws Exception {
    ContainerLog log = ContainerLog.markNow();

    HttpResponse<String> answer =
        gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/模型-ü", "hi", false));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("X-Loom-Cache-Key"))
        .hasValueSatisfying(
            key -> assertThat(key).startsWith("v1:mock:%E6%A8%A1%E5%9E%8B-%C3%BC:"));
    // The container logs a refused header while it writes the response; give its log a moment to
    // arrive.
    Thread.sleep(1_000);
    assertThat(log.sinceMark()).doesNotContain("X-Loom-Cache-Key", "cannot be encoded");
  }
}
