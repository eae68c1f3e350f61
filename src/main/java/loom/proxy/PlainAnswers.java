package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import loom.config.WireApi;

/**
 * Calls whose answers are not charged by the gateway's own accounting: token counts, the calls about a stored
 * response that price nothing, and the {@code /v1} paths passed through. Their usage is the answer's {@code usage}
 * when it has one (OpenAI's or the Responses API's shape: moderations, images and audio report it so), else none
 * was due. A stream is relayed as it comes and never cached.
 */
final class PlainAnswers extends AnswerReader {
  private final WireApi api;
  private final boolean usageIfReported;

  /** @param usageIfReported whether a {@code usage} in the answer is this call's to price (a passed-through call) */
  PlainAnswers(ObjectMapper json, WireApi api, boolean usageIfReported) {
    super(json);
    this.api = api;
    this.usageIfReported = usageIfReported;
  }

  @Override
  boolean answersJson() {
    return !usageIfReported;
  }

  @Override
  void readBody(JsonNode answer, ProxyOutcome outcome) {
    JsonNode usage = answer.get("usage");
    if (!usageIfReported || usage == null || !usage.isObject()) {
      outcome.usage(Usage.NO_TOKENS);
    } else if (usage.has("input_tokens")) {
      outcome.usage(Usage.fromResponses(usage));
    } else {
      outcome.usage(Usage.from(usage));
    }
  }

  @Override
  EventFate readEvent(byte[] event, ProxyOutcome outcome) {
    outcome.usage(Usage.NO_TOKENS);
    return EventFate.SEND;
  }

  @Override
  boolean streamCompleted() {
    return false;
  }

  @Override
  boolean cutShort() {
    // A passed-through stream ends however its API ends it.
    return false;
  }

  @Override
  byte[] failureEvent(OpenAiError error) {
    return api == WireApi.MESSAGES
        ? utf8("event: error\ndata: " + AnthropicErrors.body(error))
        : utf8("data: " + new String(error.toJson(), StandardCharsets.UTF_8));
  }
}
