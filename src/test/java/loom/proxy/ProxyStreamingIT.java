package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.RawHttp;
import loom.testing.StreamGate;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Streams through the WAR deployed in each container: what its async I/O does with a stream, passing each event on
 * as it comes and noticing a client that hangs up. The rest of the proxy path is {@link ProxyTest}'s, in process.
 */
@ExtendWith(UpstreamExtension.class)
class ProxyStreamingIT {
  private final GatewayClient gateway = new GatewayClient();

  @Test
  void theFirstChunkReachesTheClientBeforeTheUpstreamSendsTheLast(FakeUpstream upstream)
      throws Exception {
    StreamGate gate = upstream.holdStreamAfterFirstChunk();
    HttpResponse<InputStream> response =
        gateway.stream(
            gateway
                .request("/v1/chat/completions")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        GatewayClient.chatBody("mock/m", "hi", true)))
                .build());
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));

    String firstEvent = reader.readLine();

    assertThat(firstEvent).startsWith("data: {").contains("chat.completion.chunk");
    assertThat(gate.isReleased()).isFalse();
    assertThat(upstream.lastStreamCompleted()).isFalse();
    gate.release();
    StringBuilder rest = new StringBuilder();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      rest.append(line).append('\n');
    }
    assertThat(rest.toString()).contains("data: [DONE]");
  }

  @Test
  void aClientThatHangsUpMidStreamCancelsTheUpstreamCall(FakeUpstream upstream) throws Exception {
    upstream.streamSlowly(200, Duration.ofMillis(50));
    try (RawHttp raw = RawHttp.connect()) {
      raw.post("/v1/chat/completions", GatewayClient.chatBody("mock/m", "hi", true));
      assertThat(raw.readUntil("data: ")).startsWith("HTTP/1.1 200");
    }

    assertThat(upstream.awaitStreamAborted(Duration.ofSeconds(10))).isTrue();
    // The gateway is still fine afterwards.
    assertThat(
            gateway
                .postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "hi", false))
                .statusCode())
        .isEqualTo(200);
  }
}
