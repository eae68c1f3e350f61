package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;
import loom.auth.Caller;
import loom.auth.KeyPolicy;
import loom.auth.Role;
import loom.auth.TagRules;
import org.junit.jupiter.api.Test;

class AttributionFilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller PLAIN = new Caller("usr_a", "alice", Role.USER, "key_a");
  private static final Caller TEAM_KEY =
      new Caller(
          "usr_a",
          "alice",
          Role.USER,
          "key_t",
          "team_data",
          new KeyPolicy(List.of(), null, List.of("env:prod", "billing")));
  private static final String CLAUDE_SESSION = "8e0c4b7e-2d1f-4a3b-9c5d-6e7f8a9b0c1d";

  private final AttributionFilter filter = new AttributionFilter();

  // Headers ---

  @Test
  void aCallWithoutACallerContinuesUnattributed() throws Exception {
    FakeCall call = new FakeCall("/chat/completions").header("X-Loom-Tags", "a");

    filter.doFilter(call.request(), call.response(), call.chain());

    assertThat(call.continued).isTrue();
    assertThat(call.attributes).doesNotContainKey(Attribution.ATTRIBUTE);
  }

  @Test
  void aPlainCallIsAttributedToItsToolAloneAndContinues() throws Exception {
    FakeCall call =
        as(PLAIN, new FakeCall("/chat/completions").header("User-Agent", "OpenAI/Python 1.109.1"));

    filter.doFilter(call.request(), call.response(), call.chain());

    assertThat(call.continued).isTrue();
    assertThat(attribution(call))
        .isEqualTo(new Attribution(null, null, "openai-sdk-python", List.of()));
  }

  @Test
  void claudeCodesCallsAreAttributedToItsSessionAndTheKeysTeamAndTags() throws Exception {
    FakeCall call = as(TEAM_KEY, claudeCode(new FakeCall("/messages")));

    filter.doFilter(call.request(), call.response(), call.chain());

    assertThat(call.continued).isTrue();
    assertThat(attribution(call))
        .isEqualTo(
            new Attribution(
                "team_data", CLAUDE_SESSION, "claude-code", List.of("env:prod", "billing")));
  }

  @Test
  void anExplicitSessionWinsOverTheClientsOwnAndCodexSessionOverItsThread() throws Exception {
    FakeCall explicit =
        as(
            PLAIN,
            claudeCode(new FakeCall("/messages")).header("X-Loom-Session", " nightly-run:7 "));
    FakeCall codex =
        as(
            PLAIN,
            new FakeCall("/responses")
                .header("originator", "codex_exec")
                .header("session-id", "codex-session-1")
                .header("thread-id", "codex-thread-1"));
    FakeCall codexThread =
        as(PLAIN, new FakeCall("/responses").header("thread-id", "codex-thread-1"));

    for (FakeCall call : List.of(explicit, codex, codexThread)) {
      filter.doFilter(call.request(), call.response(), call.chain());
    }

    assertThat(attribution(explicit).sessionId()).isEqualTo("nightly-run:7");
    assertThat(attribution(codex).sessionId()).isEqualTo("codex-session-1");
    assertThat(attribution(codex).clientTool()).isEqualTo("codex");
    assertThat(attribution(codexThread).sessionId()).isEqualTo("codex-thread-1");
  }

  @Test
  void aDerivedSessionThatIsNoSessionIdIsDroppedNotRefused() throws Exception {
    FakeCall tooLong =
        as(PLAIN, new FakeCall("/messages").header("x-claude-code-session-id", "x".repeat(129)));
    FakeCall odd =
        as(
            PLAIN,
            new FakeCall("/responses")
                .header("session-id", "has spaces in it")
                .header("thread-id", "thread-ok"));

    filter.doFilter(tooLong.request(), tooLong.response(), tooLong.chain());
    filter.doFilter(odd.request(), odd.response(), odd.chain());

    assertThat(tooLong.continued).isTrue();
    assertThat(attribution(tooLong).sessionId()).isNull();
    assertThat(odd.continued).isTrue();
    assertThat(attribution(odd).sessionId()).isEqualTo("thread-ok");
  }

  @Test
  void aBadExplicitSessionIsRefusedWithoutEchoingIt() throws Exception {
    FakeCall call =
        as(
            TEAM_KEY,
            new FakeCall("/chat/completions").header("X-Loom-Session", "secret value;drop"));

    filter.doFilter(call.request(), call.response(), call.chain());

    assertThat(call.continued).isFalse();
    assertThat(call.status).isEqualTo(400);
    JsonNode error = JSON.readTree(call.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("param").asText()).isEqualTo("X-Loom-Session");
    assertThat(error.path("code").asText()).isEqualTo("invalid_session");
    assertThat(call.body()).doesNotContain("secret value");
    assertThat(attribution(call)).isEqualTo(new Attribution("team_data", null, null, List.of()));
    assertThat(ProxyOutcome.find(call.request()).flatMap(ProxyOutcome::errorMessage)).isPresent();
  }

  @Test
  void tagsComeFromTheListHeaderAndOneHeaderPerTagAndWinOverTheKeysDefaultsOfTheirName()
      throws Exception {
    FakeCall call =
        as(
            TEAM_KEY,
            new FakeCall("/chat/completions")
                .header("X-Loom-Tags", "team-a, env:staging,,")
                .header("X-Loom-Tags", "batch")
                .header("X-Loom-Tag-Feature", " search ")
                .header("x-loom-tag-TICKET", "LOOM-12"));

    filter.doFilter(call.request(), call.response(), call.chain());

    assertThat(call.continued).isTrue();
    assertThat(attribution(call).tags())
        .containsExactly(
            "team-a", "env:staging", "batch", "feature:search", "ticket:LOOM-12", "billing");
  }

  @Test
  void badHeaderTagsAreAnOpenAiShaped400NamingTheHeaderAndTheCallKeepsNoTags() throws Exception {
    FakeCall call =
        as(TEAM_KEY, new FakeCall("/chat/completions").header("X-Loom-Tags", "ok, bad name"));

    filter.doFilter(call.request(), call.response(), call.chain());

    assertThat(call.continued).isFalse();
    assertThat(call.status).isEqualTo(400);
    JsonNode error = JSON.readTree(call.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("param").asText()).isEqualTo("X-Loom-Tags");
    assertThat(error.path("code").asText()).isEqualTo("invalid_tags");
    assertThat(error.path("message").asText()).contains("letters, digits");
    assertThat(attribution(call)).isEqualTo(new Attribution("team_data", null, null, List.of()));
  }

  @Test
  void aTagValueOverItsBoundIsRefusedOnTheMessagesApiInAnthropicsShape() throws Exception {
    FakeCall call =
        as(
            PLAIN,
            claudeCode(new FakeCall("/messages"))
                .header("X-Loom-Tag-Run", "v".repeat(TagRules.MAX_VALUE + 1)));

    filter.doFilter(call.request(), call.response(), call.chain());

    assertThat(call.continued).isFalse();
    assertThat(call.status).isEqualTo(400);
    JsonNode body = JSON.readTree(call.body());
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(body.at("/error/message").asText())
        .contains("X-Loom-Tag-run")
        .contains("at most 128");
    assertThat(attribution(call))
        .isEqualTo(new Attribution(null, CLAUDE_SESSION, "claude-code", List.of()));
  }

  @Test
  void moreTagsThanTheBoundWithTheKeysDefaultsAreRefused() throws Exception {
    String nineteen =
        String.join(",", IntStream.range(0, TagRules.MAX_TAGS - 1).mapToObj(i -> "t" + i).toList());
    FakeCall fits =
        as(PLAIN, new FakeCall("/chat/completions").header("X-Loom-Tags", nineteen + ",last"));
    FakeCall over = as(TEAM_KEY, new FakeCall("/chat/completions").header("X-Loom-Tags", nineteen));

    filter.doFilter(fits.request(), fits.response(), fits.chain());
    filter.doFilter(over.request(), over.response(), over.chain());

    assertThat(fits.continued).isTrue();
    assertThat(attribution(fits).tags()).hasSize(TagRules.MAX_TAGS);
    assertThat(over.continued).isFalse();
    assertThat(JSON.readTree(over.body()).at("/error/message").asText())
        .contains("at most 20 tags")
        .contains("21");
  }

  // Body ---

  @Test
  void theOpenAiMetadataOfChatAndResponsesCallsAddsTagsFromItsStringEntries() throws Exception {
    for (Endpoint endpoint : List.of(Endpoint.CHAT_COMPLETIONS, Endpoint.RESPONSES)) {
      FakeCall call = as(TEAM_KEY, new FakeCall(endpoint.path()).header("X-Loom-Tags", "batch"));
      filter.doFilter(call.request(), call.response(), call.chain());

      RequestAttribution.completeFrom(
          call.request(),
          endpoint,
          body(
              "{\"model\":\"m\",\"metadata\":{\"env\":\"dev\",\"feature\":\"search\",\"n\":3,\"flag\":true}}"));

      assertThat(attribution(call).tags())
          .as(endpoint.name())
          .containsExactly("batch", "env:dev", "feature:search", "billing");
    }
  }

  @Test
  void otherEndpointsMetadataIsNoTag() throws Exception {
    FakeCall call = as(PLAIN, new FakeCall("/embeddings"));
    filter.doFilter(call.request(), call.response(), call.chain());

    RequestAttribution.completeFrom(
        call.request(), Endpoint.EMBEDDINGS, body("{\"metadata\":{\"env\":\"dev\"}}"));

    assertThat(attribution(call).tags()).isEmpty();
  }

  @Test
  void metadataEntriesThatAreNoTagsAreSkippedAndTheCallGoesOn() throws Exception {
    FakeCall call = as(TEAM_KEY, new FakeCall("/responses").header("X-Loom-Tags", "batch"));
    filter.doFilter(call.request(), call.response(), call.chain());
    String longValue = "v".repeat(300);

    // metadata is OpenAI's own field: keys with spaces and values up to 512 characters are valid
    // there.
    RequestAttribution.completeFrom(
        call.request(),
        Endpoint.RESPONSES,
        body("{\"metadata\":{\"user id\":\"42\",\"note\":\"" + longValue + "\",\"env\":\"dev\"}}"));

    assertThat(attribution(call).tags()).containsExactly("batch", "env:dev", "billing");
    assertThat(attribution(call).teamId()).isEqualTo("team_data");
  }

  @Test
  void metadataPastTheTagBoundKeepsTheHeadersTagsAndIsNotRefused() throws Exception {
    FakeCall call = as(TEAM_KEY, new FakeCall("/responses").header("X-Loom-Tags", "batch"));
    filter.doFilter(call.request(), call.response(), call.chain());
    StringBuilder metadata = new StringBuilder("{");
    for (int i = 0; i < TagRules.MAX_TAGS; i++) {
      metadata.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }

    RequestAttribution.completeFrom(
        call.request(), Endpoint.RESPONSES, body("{\"metadata\":" + metadata + "}}"));

    assertThat(attribution(call).tags()).contains("batch").doesNotContain("k0:v");
  }

  @Test
  void aMessagesCallWithoutASessionHeaderTakesItFromMetadataUserId() throws Exception {
    String userId =
        "{\\\"device_id\\\":\\\"d1\\\",\\\"account_uuid\\\":\\\"a1\\\",\\\"session_id\\\":\\\"s-json\\\"}";
    FakeCall json =
        as(
            PLAIN,
            new FakeCall("/messages").header("User-Agent", "claude-cli/2.1.332 (external, cli)"));
    FakeCall legacy = as(PLAIN, new FakeCall("/messages"));
    FakeCall withHeader = as(PLAIN, claudeCode(new FakeCall("/messages")));
    for (FakeCall call : List.of(json, legacy, withHeader)) {
      filter.doFilter(call.request(), call.response(), call.chain());
    }

    RequestAttribution.completeFrom(
        json.request(), Endpoint.MESSAGES, body("{\"metadata\":{\"user_id\":\"" + userId + "\"}}"));
    RequestAttribution.completeFrom(
        legacy.request(),
        Endpoint.MESSAGES,
        body("{\"metadata\":{\"user_id\":\"user_abc_account_a1_session_s-legacy\"}}"));
    RequestAttribution.completeFrom(
        withHeader.request(),
        Endpoint.MESSAGES,
        body("{\"metadata\":{\"user_id\":\"" + userId + "\"}}"));

    assertThat(attribution(json).sessionId()).isEqualTo("s-json");
    assertThat(attribution(legacy).sessionId()).isEqualTo("s-legacy");
    assertThat(attribution(withHeader).sessionId()).isEqualTo(CLAUDE_SESSION);
  }

  @Test
  void aBodyIsReadForAttributionOnlyOnceTheHeadersWere() {
    FakeCall call = new FakeCall("/chat/completions");

    RequestAttribution.completeFrom(
        call.request(), Endpoint.CHAT_COMPLETIONS, body("{\"metadata\":{\"env\":\"dev\"}}"));

    assertThat(call.attributes).doesNotContainKey(Attribution.ATTRIBUTE);
  }

  private static FakeCall as(Caller caller, FakeCall call) {
    call.attributes.put(Caller.ATTRIBUTE, caller);
    return call;
  }

  private static FakeCall claudeCode(FakeCall call) {
    return call.header("user-agent", "claude-cli/2.1.332 (external, cli)")
        .header("x-app", "cli")
        .header("anthropic-version", "2023-06-01")
        .header("x-stainless-lang", "js")
        .header("x-claude-code-session-id", CLAUDE_SESSION);
  }

  private static Attribution attribution(FakeCall call) {
    return (Attribution) call.attributes.get(Attribution.ATTRIBUTE);
  }

  private static ObjectNode body(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
