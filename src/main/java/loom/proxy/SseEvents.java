package loom.proxy;

import java.nio.charset.StandardCharsets;

/** Reads the parts of one server-sent event (as {@link SseEventReader} splits them): its name and its data. */
final class SseEvents {
  private static final byte[] EVENT_FIELD = "event:".getBytes(StandardCharsets.US_ASCII);

  private SseEvents() {}

  /** The value of the event's {@code event:} line when it starts with one, else null. */
  static String name(byte[] event) {
    if (!startsWith(event, EVENT_FIELD)) {
      return null;
    }
    int end = EVENT_FIELD.length;
    while (end < event.length && event[end] != '\n' && event[end] != '\r') {
      end++;
    }
    return new String(event, EVENT_FIELD.length, end - EVENT_FIELD.length, StandardCharsets.UTF_8)
        .strip();
  }

  /** The event's data: its {@code data:} lines joined by newlines, as the SSE spec joins them; "" when none. */
  static String data(byte[] event) {
    String text = new String(event, StandardCharsets.UTF_8);
    StringBuilder data = null;
    for (String line : text.split("\r?\n")) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String value = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    }
    return data == null ? "" : data.toString();
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean startsWith(byte[] event, byte[] prefix) {
    if (event.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (event[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
