package loom.proxy;

import java.util.List;
import java.util.Objects;

/**
 * A successful answer exactly as the proxy relayed it to the client, kept for the response cache: either a
 * whole JSON body, or the events of a stream that ended with {@code [DONE]} (each event's text without its
 * blank line; the usage-only chunk and {@code [DONE]} itself are not among them, usage is kept apart).
 *
 * @param body the JSON body, or null for a stream
 * @param events the stream's events in order, empty for a JSON body
 */
public record CapturedResponse(
    int status, String contentType, byte[] body, List<byte[]> events, Usage usage) {
  public CapturedResponse {
    Objects.requireNonNull(contentType, "contentType");
    events = List.copyOf(events);
    Objects.requireNonNull(usage, "usage");
  }

  public boolean isStream() {
    return body == null;
  }
}
