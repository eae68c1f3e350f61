package loom.cache;

import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import loom.proxy.Endpoint;
import loom.proxy.ProxyCall;

/**
 * Writes a cached answer in the shape the client asked for: a stored stream replayed as the same events
 * (same boundaries, same ids) or assembled into one JSON body; a stored JSON body sent as is or as a stream.
 * A replayed chat stream always ends in {@code [DONE]}, with the usage chunk before it when the client asked for
 * one. Responses and Messages answers are replayed exactly as they were relayed. Thread-safe.
 */
final class CacheReplay {
  private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  void write(CacheEntry entry, ProxyCall call, HttpServletResponse res) throws IOException {
    boolean chat = call.endpoint() == Endpoint.CHAT_COMPLETIONS;
    res.setStatus(entry.status());
    if (!call.endpoint().chatStream()) {
      writeAsStored(entry, res);
    } else if (call.stream()) {
      List<String> events =
          entry.isStream() ? entry.events() : ResponseShapes.toEvents(chat, entry.body());
      ByteArrayOutputStream out = new ByteArrayOutputStream(256 * events.size() + 64);
      for (String event : events) {
        out.writeBytes(event.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(EVENT_END);
      }
      if (call.clientWantsUsage() && entry.usage().reported()) {
        out.writeBytes(
            ResponseShapes.usageEvent(chat, events, entry.usage())
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(EVENT_END);
      }
      out.writeBytes(DONE);
      res.setContentType(entry.isStream() ? entry.contentType() : EVENT_STREAM);
      res.setHeader("Cache-Control", "no-cache");
      res.setHeader("X-Accel-Buffering", "no");
      send(out.toByteArray(), res);
    } else {
      String body =
          entry.isStream()
              ? ResponseShapes.assemble(chat, entry.events(), entry.usage())
              : entry.body();
      res.setContentType(entry.isStream() ? "application/json" : entry.contentType());
      send(body.getBytes(StandardCharsets.UTF_8), res);
    }
  }

  /**
   * A Responses or Messages answer, replayed exactly as it was relayed: a stream as the same events ({@code event:}
   * lines included, nothing added), a body as the same bytes. Their keys keep streams and bodies apart.
   */
  private static void writeAsStored(CacheEntry entry, HttpServletResponse res) throws IOException {
    res.setContentType(entry.contentType());
    if (!entry.isStream()) {
      send(entry.body().getBytes(StandardCharsets.UTF_8), res);
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * entry.events().size() + 64);
    for (String event : entry.events()) {
      out.writeBytes(event.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(EVENT_END);
    }
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    send(out.toByteArray(), res);
  }

  private static void send(byte[] bytes, HttpServletResponse res) throws IOException {
    res.setContentLength(bytes.length);
    res.getOutputStream().write(bytes);
  }
}
