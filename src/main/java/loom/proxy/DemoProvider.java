package loom.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import loom.config.ProviderConfig;
import loom.config.WireApi;

/**
 * The built-in provider: answers chat, legacy completion, embedding and Responses API calls in OpenAI's exact
 * wire format and Messages API calls in Anthropic's (streamed or not, errors included), in memory, with content
 * derived deterministically from the request (see {@link DemoCompletions}, {@link DemoEmbeddings},
 * {@link DemoResponses} and {@link DemoMessages}), so the gateway can be tried without an upstream account.
 * Prompt prefixes it has seen are reported as cached ({@link DemoPromptCache}). Thread-safe; no network.
 */
final class DemoProvider implements Provider {
  private final ProviderConfig config;
  private final ObjectMapper json;
  private final DemoCompletions completions;
  private final DemoEmbeddings embeddings;
  private final DemoResponses responses;
  private final DemoMessages messages;

  DemoProvider(ProviderConfig config, ObjectMapper json, Clock clock) {
    this(config, json, clock, DemoIds.random());
  }

  /** @param ids the ids of responses and messages (a fixed salt makes them reproducible) */
  DemoProvider(ProviderConfig config, ObjectMapper json, Clock clock, DemoIds ids) {
    this.config = config;
    this.json = json;
    this.completions = new DemoCompletions(json, clock);
    this.embeddings = new DemoEmbeddings(json);
    DemoPromptCache promptCache = new DemoPromptCache(DemoPromptCache.DEFAULT_MAX_ENTRIES);
    this.responses = new DemoResponses(json, clock, promptCache, ids);
    this.messages = new DemoMessages(json, promptCache, ids);
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public UpstreamResponse send(UpstreamRequest request) {
    if (request.endpoint() == null) {
      // A call about a stored response, or a path passed through: the demo stores nothing and has
      // nothing else.
      String path = "/v1" + request.path();
      OpenAiError unknown = OpenAiError.unknownUrl(request.method(), path);
      return Endpoint.apiOf(request.path()) == WireApi.MESSAGES
          ? DemoResponse.anthropicError(unknown)
          : DemoResponse.error(unknown);
    }
    try {
      ObjectNode body = parse(request.body());
      boolean stream = request.stream() || body.path("stream").asBoolean(false);
      return switch (request.endpoint()) {
        case CHAT_COMPLETIONS -> completions.complete(body, DemoPrompt.ofChat(body), stream);
        case COMPLETIONS -> completions.complete(body, DemoPrompt.ofCompletion(body), stream);
        case EMBEDDINGS -> embeddings.embed(body);
        case RESPONSES -> responses.respond(body, stream);
        case RESPONSES_INPUT_TOKENS -> responses.countInputTokens(body);
        case MESSAGES -> messages.respond(body, stream);
        case MESSAGES_COUNT_TOKENS -> messages.countTokens(body);
        default ->
            DemoResponse.error(
                OpenAiError.unknownUrl(
                    request.endpoint().method(), "/v1" + request.endpoint().path()));
      };
    } catch (ProxyException e) {
      return request.endpoint().api() == WireApi.MESSAGES
          ? DemoResponse.anthropicError(e.error())
          : DemoResponse.error(e.error());
    }
  }

  @Override
  public List<String> listModels() {
    return List.of("demo-chat", "demo-embedding");
  }

  @Override
  public void close() {
    // Nothing to release: the demo holds no connections and no threads.
  }

  private ObjectNode parse(byte[] body) {
    try {
      if (json.readTree(body) instanceof ObjectNode object) {
        return object;
      }
      throw new ProxyException(OpenAiError.invalidJson("the body is not a JSON object"));
    } catch (IOException e) {
      throw new ProxyException(OpenAiError.invalidJson("malformed JSON"), e);
    }
  }
}
