package loom.cache.warming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import loom.proxy.Endpoint;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;

/** Reading warming files: good lines become requests, each bad line an error naming it, the rest read on. */
class WarmingLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void goodLinesBecomeRequestsWithTheirNamespaceProviderAndGivenAnswer() {
    WarmingLines.Parsed parsed =
        WarmingLines.parse(
            """
        {"endpoint":"/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}}

        {"endpoint":"/v1/embeddings","body":{"model":"e","input":"x"},"namespace":"team-a","provider":"mock"}
        {"endpoint":"/messages","body":{"model":"claude","max_tokens":5,"messages":[]},"response":{"type":"message","role":"assistant","content":[{"type":"text","text":"ok"}],"usage":{"input_tokens":3,"output_tokens":2}}}
        """);

    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.items())
        .extracting(WarmingItem::origin)
        .containsExactly("line 1", "line 3", "line 4");
    assertThat(parsed.items())
        .extracting(WarmingItem::endpoint)
        .containsExactly(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.MESSAGES);
    assertThat(parsed.items().get(1).namespace()).isEqualTo("team-a");
    assertThat(parsed.items().get(1).provider()).isEqualTo("mock");
    assertThat(parsed.items().get(0).given()).isNull();
    GivenAnswer given = parsed.items().get(2).given();
    assertThat(given.body()).contains("\"text\":\"ok\"");
    assertThat(given.usage()).isEqualTo(new Usage(3, 2, 5, 0, 0, 0, 0, true));
  }

  @Test
  void eachBadLineIsAnErrorNamingItAndTheOthersAreStillRead() {
    WarmingLines.Parsed parsed =
        WarmingLines.parse(
            String.join(
                "\n",
                List.of(
                    "{not json",
                    "[1,2]",
                    "{\"endpoint\":\"/models\",\"body\":{\"model\":\"m\"}}",
                    "{\"endpoint\":\"/chat/completions\"}",
                    "{\"endpoint\":\"/chat/completions\",\"body\":{\"messages\":[]}}",
                    "{\"endpoint\":\"/chat/completions\",\"body\":{\"model\":\"m\"},\"namespace\":\"a:b\"}",
                    "{\"endpoint\":\"/chat/completions\",\"body\":{\"model\":\"m\"},\"colour\":\"red\"}",
                    "{\"endpoint\":\"/chat/completions\",\"body\":{\"model\":\"m\"},\"response\":{\"data\":[]}}",
                    "{\"endpoint\":\"/responses\",\"body\":{\"model\":\"m\",\"stream\":true},\"response\":{\"object\":\"response\",\"output\":[]}}",
                    "{\"endpoint\":\"/embeddings\",\"body\":{\"model\":\"m\",\"input\":\"x\"}}")));

    assertThat(parsed.items()).extracting(WarmingItem::origin).containsExactly("line 10");
    assertThat(parsed.errors())
        .extracting(WarmingLines.ItemError::origin)
        .containsExactly(
            "line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8",
            "line 9");
    assertThat(parsed.errors())
        .extracting(WarmingLines.ItemError::message)
        .satisfiesExactly(
            message -> assertThat(message).startsWith("not JSON"),
            message -> assertThat(message).contains("JSON object"),
            message -> assertThat(message).contains("endpoint must be one of /chat/completions"),
            message -> assertThat(message).contains("body is required"),
            message -> assertThat(message).isEqualTo("body.model is required"),
            message -> assertThat(message).contains("namespace must be"),
            message -> assertThat(message).contains("unknown field 'colour'"),
            message -> assertThat(message).contains("must be a chat completion"),
            message ->
                assertThat(message)
                    .contains("streamed /responses request cannot be given a JSON response"));
  }

  @Test
  void aFileOfTooManyLinesIsRefusedWhole() {
    String line = "{\"endpoint\":\"/embeddings\",\"body\":{\"model\":\"m\",\"input\":\"x\"}}\n";

    assertThat(WarmingLines.parse(line.repeat(WarmingLines.MAX_LINES)).items())
        .hasSize(WarmingLines.MAX_LINES);
    assertThatThrownBy(() -> WarmingLines.parse(line.repeat(WarmingLines.MAX_LINES + 1)))
        .hasMessageContaining("at most 10000 lines");
  }

  @Test
  void aGivenAnswerMustBeOfTheEndpointsKindAndItsUsageIsTaken() throws Exception {
    GivenAnswer chat =
        GivenAnswer.ofJson(
            Endpoint.CHAT_COMPLETIONS,
            JSON.readTree(
                """
        {"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],
         "usage":{"prompt_tokens":7,"completion_tokens":1,"total_tokens":8}}"""));
    GivenAnswer response =
        GivenAnswer.ofJson(
            Endpoint.RESPONSES,
            JSON.readTree(
                """
        {"object":"response","output":[],"usage":{"input_tokens":4,"output_tokens":6}}"""));

    assertThat(chat.usage().totalTokens()).isEqualTo(8);
    assertThat(chat.usage().reported()).isTrue();
    assertThat(response.usage().totalTokens()).isEqualTo(10);
    assertThat(
            GivenAnswer.ofJson(
                    Endpoint.EMBEDDINGS, JSON.readTree("{\"data\":[{\"embedding\":[0.1]}]}"))
                .usage()
                .reported())
        .as("no usage given: none reported")
        .isFalse();
    assertThatThrownBy(
            () ->
                GivenAnswer.ofJson(
                    Endpoint.EMBEDDINGS, JSON.readTree("{\"error\":{\"message\":\"x\"}}")))
        .hasMessageContaining("is an error");
    assertThatThrownBy(
            () -> GivenAnswer.ofJson(Endpoint.MESSAGES, JSON.readTree("{\"type\":\"message\"}")))
        .hasMessageContaining("'content' array");
  }

  @Test
  void aLoggedStreamIsKeptAsItsEventsOnlyWhenItReachedItsEnd() {
    Usage usage = new Usage(5, 2, 7, 0, 0, true);
    String events =
        "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5}}\n\n";

    GivenAnswer whole =
        GivenAnswer.ofLogged(Endpoint.CHAT_COMPLETIONS, true, events + "data: [DONE]\n\n", usage);

    assertThat(whole.body()).isNull();
    assertThat(whole.events())
        .containsExactly("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}");
    assertThat(whole.usage()).isEqualTo(usage);
    assertThatThrownBy(() -> GivenAnswer.ofLogged(Endpoint.CHAT_COMPLETIONS, true, events, usage))
        .hasMessageContaining("did not reach its end");
    assertThatThrownBy(
            () ->
                GivenAnswer.ofLogged(
                    Endpoint.CHAT_COMPLETIONS,
                    false,
                    "{\"choices\":[{\"message\":{\"content\":\"[REDACTED:email]\"}}]}",
                    usage))
        .hasMessageContaining("redacted");
    assertThatThrownBy(
            () ->
                GivenAnswer.ofLogged(
                    Endpoint.CHAT_COMPLETIONS,
                    false,
                    "{\"choices\":[{\"mess…[TRUNCATED 40 chars]",
                    usage))
        .hasMessageContaining("cut short");
  }
}
