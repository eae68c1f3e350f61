package loom.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import loom.config.WireApi;
import org.junit.jupiter.api.Test;

class FinalUserTurnTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode body(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
  }

  @Test
  void aChatRequestIsSplitIntoItsLastUserTextAndTheRestWithAPlaceholder() throws Exception {
    ObjectNode body =
        body(
            "{'model':'m','temperature':0,'messages':[{'role':'system','content':'Be brief.'},"
                + "{'role':'user','content':'  How do I reset my password?  '}]}");

    FinalUserTurn turn = FinalUserTurn.of(WireApi.CHAT, body).orElseThrow();

    assertThat(turn.text()).isEqualTo("How do I reset my password?");
    assertThat(turn.rest().path("messages").get(1).path("content").asText())
        .isEqualTo(FinalUserTurn.PLACEHOLDER);
    assertThat(turn.rest().path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
    assertThat(body.path("messages").get(1).path("content").asText())
        .as("the request itself is left alone")
        .contains("reset my password");
  }

  @Test
  void twoWordingsOfOneQuestionShareTheirRestAndEarlierTurnsSeparateThem() throws Exception {
    String template = "{'model':'m','messages':[{'role':'user','content':'%s'}]}";
    FinalUserTurn one =
        FinalUserTurn.of(WireApi.CHAT, body(template.formatted("Reset my password"))).orElseThrow();
    FinalUserTurn two =
        FinalUserTurn.of(WireApi.CHAT, body(template.formatted("How to reset password?")))
            .orElseThrow();
    FinalUserTurn later =
        FinalUserTurn.of(
                WireApi.CHAT,
                body(
                    "{'model':'m','messages':[{'role':'user','content':"
                        + "'Hi'},{'role':'assistant','content':'Hello'},{'role':'user','content':'Reset my password'}]}"))
            .orElseThrow();

    assertThat(one.rest()).isEqualTo(two.rest());
    assertThat(later.rest()).isNotEqualTo(one.rest());
  }

  @Test
  void textPartsAreJoinedAndMadeOnePartWhateverTheirNumber() throws Exception {
    FinalUserTurn turn =
        FinalUserTurn.of(
                WireApi.MESSAGES,
                body(
                    "{'model':'claude','system':'s','max_tokens':10,"
                        + "'messages':[{'role':'user','content':[{'type':'text','text':'What is'},{'type':'text','text':'DNS?'}]}]}"))
            .orElseThrow();

    assertThat(turn.text()).isEqualTo("What is\nDNS?");
    assertThat(turn.rest().path("messages").get(0).path("content")).hasSize(1);
    assertThat(turn.rest().path("system").asText()).isEqualTo("s");
  }

  @Test
  void theResponsesApiInputIsAStringOrEndsInAUserMessage() throws Exception {
    assertThat(
            FinalUserTurn.of(WireApi.RESPONSES, body("{'model':'m','input':'Explain DNS'}"))
                .map(FinalUserTurn::text))
        .hasValue("Explain DNS");
    FinalUserTurn listed =
        FinalUserTurn.of(
                WireApi.RESPONSES,
                body(
                    "{'model':'m','instructions':'x','input':["
                        + "{'type':'message','role':'user','content':[{'type':'input_text','text':'Explain DNS'}]}]}"))
            .orElseThrow();
    assertThat(listed.text()).isEqualTo("Explain DNS");
    assertThat(listed.rest().path("instructions").asText()).isEqualTo("x");
    assertThat(
            FinalUserTurn.of(
                WireApi.RESPONSES, body("{'model':'m','previous_response_id':'resp_1'}")))
        .isEmpty();
  }

  @Test
  void anythingButPlainUserTextAtTheEndIsLeftToTheExactCache() throws Exception {
    assertThat(
            FinalUserTurn.of(
                WireApi.CHAT,
                body(
                    "{'model':'m','messages':[{'role':'user','content':'Hi'},"
                        + "{'role':'assistant','content':'Partial'}]}")))
        .as("an assistant prefill")
        .isEmpty();
    assertThat(
            FinalUserTurn.of(
                WireApi.CHAT,
                body(
                    "{'model':'m','messages':[{'role':'user','content':[{'type':"
                        + "'text','text':'What is this?'},{'type':'image_url','image_url':{'url':'data:x'}}]}]}")))
        .as("an image")
        .isEmpty();
    assertThat(
            FinalUserTurn.of(
                WireApi.MESSAGES,
                body(
                    "{'model':'m','messages':[{'role':'user','content':[{'type':"
                        + "'tool_result','tool_use_id':'t','content':'42'}]}]}")))
        .as("a tool result")
        .isEmpty();
    assertThat(
            FinalUserTurn.of(
                WireApi.MESSAGES,
                body(
                    "{'model':'m','messages':[{'role':'user','content':[{'type':"
                        + "'text','text':'Hi','cache_control':{'type':'ephemeral'}}]}]}")))
        .as("a marked part")
        .isEmpty();
    assertThat(
            FinalUserTurn.of(
                WireApi.RESPONSES,
                body(
                    "{'model':'m','input':[{'type':'function_call_output',"
                        + "'call_id':'c','output':'42'}]}")))
        .as("a function output")
        .isEmpty();
    assertThat(
            FinalUserTurn.of(
                WireApi.CHAT, body("{'model':'m','messages':[{'role':'user','content':'   '}]}")))
        .as("blank")
        .isEmpty();
    assertThat(
            FinalUserTurn.of(
                WireApi.CHAT,
                body(
                    "{'model':'m','messages':[{'role':'user','content':'"
                        + "x".repeat(FinalUserTurn.MAX_CHARS + 1)
                        + "'}]}")))
        .as("longer than the model reads")
        .isEmpty();
    assertThat(FinalUserTurn.of(WireApi.CHAT, body("{'model':'m','messages':'nope'}")))
        .isEqualTo(Optional.empty());
  }
}
