package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A client's request to one endpoint, read and checked once. The body is kept as parsed JSON, for the gateway
 * to read and to rewrite only what it must (the model name, the usage option), and as the bytes the client sent,
 * which go upstream unchanged when nothing needs rewriting.
 *
 * @param raw the body exactly as received (never changed)
 * @param clientWantsUsage whether the client itself asked for the usage chunk of a chat stream
 */
record ProxyRequest(
    Endpoint endpoint,
    ObjectNode body,
    byte[] raw,
    String model,
    boolean stream,
    boolean clientWantsUsage) {
  ProxyRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(model, "model");
  }

  /**
   * The body to send upstream: the model without its {@code provider/} prefix and, for chat streams, the usage
   * chunk requested so tokens are always known. Every other byte, of every other field, is the client's.
   */
  byte[] upstreamBody(String upstreamModel) {
    boolean addUsage = stream && endpoint.chatStream() && !clientWantsUsage;
    if (!addUsage && upstreamModel.equals(body.path("model").asText())) {
      return raw;
    }
    ObjectNode copy = body.deepCopy();
    copy.put("model", upstreamModel);
    if (addUsage) {
      JsonNode options = copy.get("stream_options");
      ObjectNode streamOptions =
          options instanceof ObjectNode node ? node : copy.putObject("stream_options");
      streamOptions.put("include_usage", true);
    }
    return copy.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the client asked the Responses API to run this in the background ({@code background: true}). */
  boolean background() {
    return body.path("background").asBoolean(false);
  }
}
