package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A client's request to one endpoint, read and checked once. The body is kept as parsed JSON so the
 * gateway can rewrite only what it must (the model name, the usage option) before forwarding.
 *
 * @param clientWantsUsage whether the client itself asked for the usage chunk of a stream
 */
record ProxyRequest(Endpoint endpoint, ObjectNode body, String model, boolean stream, boolean clientWantsUsage) {
  ProxyRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(model, "model");
  }

  /**
   * The body to send upstream: the model without its {@code provider/} prefix and, for streams, the
   * usage chunk requested so tokens are always known.
   */
  byte[] upstreamBody(String upstreamModel) {
    ObjectNode copy = body.deepCopy();
    copy.put("model", upstreamModel);
    if (stream) {
      JsonNode options = copy.get("stream_options");
      ObjectNode streamOptions = options instanceof ObjectNode node ? node : copy.putObject("stream_options");
      streamOptions.put("include_usage", true);
    }
    return copy.toString().getBytes(StandardCharsets.UTF_8);
  }
}
