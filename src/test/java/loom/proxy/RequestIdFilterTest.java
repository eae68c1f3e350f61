package loom.proxy;

import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import loom.testing.ChainProbe;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.LoggedRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RequestIdFilter} on the gateway in process: every response of the proxy and the API, refusals included,
 * carries an id the gateway generated, the one its log row has; an id the client sends is neither taken nor
 * forwarded to the provider. It always continues the chain.
 */
@ExtendWith(InProcessGatewayExtension.class)
class RequestIdFilterTest {
  private static final String FILTER = "loom-request-id";
  private static final String HEADER = "X-Loom-Request-Id";
  private final GatewayClient gateway = new GatewayClient();

  @Test
  void everyResponseGetsAnIdOfItsOwnWhichItsLogRowCarries(ChainProbe probe) throws Exception {
    probe.forgetOutcomes();

    HttpResponse<String> first = gateway.postJson("/v1/chat/completions", chat());
    HttpResponse<String> second = gateway.postJson("/v1/chat/completions", chat());
    HttpResponse<String> refused =
        GatewayClient.anonymous().postJson("/v1/chat/completions", chat());
    HttpResponse<String> api = gateway.get("/api/v1/me");

    List<String> ids =
        List.of(first, second, refused, api).stream()
            .map(response -> response.headers().firstValue(HEADER).orElseThrow())
            .toList();
    assertThat(ids)
        .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}"))
        .doesNotHaveDuplicates();
    assertThat(LoggedRows.await(ids.get(0)).get("request_id")).isEqualTo(ids.get(0));
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }

  @Test
  void anIdTheClientSendsIsNeitherTakenNorForwarded(FakeUpstream upstream) {
    HttpResponse<String> answer =
        gateway.postJson("/v1/chat/completions", chat(), HEADER, "client-chosen-id");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().allValues(HEADER))
        .singleElement()
        .satisfies(id -> assertThat(id).matches("[0-9a-f]{32}"));
    assertThat(upstream.lastRequest().hasHeader("x-loom-request-id")).isFalse();
  }

  private static String chat() {
    return GatewayClient.chatBody("mock/gpt-4o-mini", "which one? " + UUID.randomUUID(), false);
  }
}
