package loom.cache.warming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import loom.analytics.RequestLog;
import loom.proxy.Endpoint;
import loom.proxy.ProxyModule;
import loom.proxy.Usage;

/**
 * Turns a logged request into a warming item: its request body as it was sent, the provider and model it went to, and
 * the logged response as the answer to store (no provider is asked). A log whose bodies were cut short or redacted by
 * the privacy settings, or whose path is not a cached endpoint, cannot be replayed and says why. Stateless.
 */
final class ReplayItems {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplayItems() {}

  /**
   * @throws IllegalArgumentException saying why the log cannot be replayed
   */
  static WarmingItem of(RequestLog log) {
    String path = log.path() == null ? "" : log.path();
    Endpoint endpoint =
        Endpoint.cachedAt(path)
            .orElseThrow(
                () ->
                    new IllegalArgumentException("its path " + path + " is not a cached endpoint"));
    if (log.requestBody() == null || log.responseBody() == null) {
      throw new IllegalArgumentException("its request or response body was not kept");
    }
    if (log.providerId() == null || log.modelName() == null) {
      throw new IllegalArgumentException("it was not routed to a provider");
    }
    if (log.requestBody().contains("[TRUNCATED ")) {
      throw new IllegalArgumentException(
          "its request body was cut short (privacy.max_body_length)");
    }
    if (log.requestBody().contains("[REDACTED:")) {
      throw new IllegalArgumentException(
          "its request body was redacted, so its key would match no live request");
    }
    ObjectNode body = requestBody(log.requestBody());
    Usage usage =
        new Usage(
            log.promptTokens(),
            log.completionTokens(),
            log.totalTokens(),
            log.cachedTokens(),
            log.reasoningTokens(),
            log.cacheWriteTokens(),
            log.cacheWrite1hTokens(),
            log.totalTokens() > 0);
    GivenAnswer given = GivenAnswer.ofLogged(endpoint, log.stream(), log.responseBody(), usage);
    return new WarmingItem(
        "log " + log.id(),
        endpoint,
        body,
        null,
        null,
        new ProxyModule.Destination(log.providerId(), log.modelName()),
        given);
  }

  private static ObjectNode requestBody(String text) {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (IOException e) {
      tree = null;
    }
    return Optional.ofNullable(tree)
        .filter(ObjectNode.class::isInstance)
        .map(ObjectNode.class::cast)
        .orElseThrow(() -> new IllegalArgumentException("its request body is not a JSON object"));
  }
}
