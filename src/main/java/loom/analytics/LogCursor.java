package loom.analytics;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of logs (newest first) ended: the time and id of its last row. Sent to clients as an opaque
 * URL-safe token; the next page holds the rows strictly older than it (ties on time broken by id), so pages
 * neither skip nor repeat rows while new ones keep arriving, which offsets cannot promise.
 */
public record LogCursor(long ts, String id) {
  public LogCursor {
    Objects.requireNonNull(id, "id");
  }

  static LogCursor after(RequestLog last) {
    return new LogCursor(last.timestamp().toEpochMilli(), last.id());
  }

  public String token() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((ts + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a token stands for; IllegalArgumentException when it is not one of ours. */
  public static LogCursor parse(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      if (colon > 0 && colon < text.length() - 1) {
        return new LogCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
      }
    } catch (IllegalArgumentException notOurs) {
      // NumberFormatException is one too; both mean the same to the caller
    }
    throw new IllegalArgumentException(
        "is not a cursor this gateway gave out (use next_cursor of the last page)");
  }
}
