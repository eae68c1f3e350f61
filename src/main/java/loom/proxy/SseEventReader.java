package loom.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a {@code text/event-stream} body into events (the text between blank lines) as bytes arrive,
 * so each event can be passed on the moment it is complete. It reads from the stream only when no
 * complete event is buffered. Not thread-safe: one reader per stream.
 */
final class SseEventReader {
  /** An event larger than this is not a chat chunk: the stream is treated as garbled. */
  static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;

  private final InputStream in;
  private byte[] buffer = new byte[16 * 1024];
  private int start;
  private int end;
  private int scanned;
  private boolean eof;

  SseEventReader(InputStream in) {
    this.in = in;
  }

  /** The next event without its terminating blank line, or null when the stream has ended. */
  byte[] next() throws IOException {
    while (true) {
      byte[] event = takeEvent();
      if (event != null) {
        return event;
      }
      if (eof) {
        return takeRest();
      }
      fill();
    }
  }

  private byte[] takeEvent() {
    for (int i = Math.max(scanned, start); i < end; i++) {
      if (buffer[i] != '\n') {
        continue;
      }
      int j = i + 1;
      if (j < end && buffer[j] == '\r') {
        j++;
      }
      if (j >= end) {
        scanned = i;
        return null;
      }
      if (buffer[j] == '\n') {
        int eventEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
        byte[] event = Arrays.copyOfRange(buffer, start, eventEnd);
        start = j + 1;
        scanned = start;
        if (event.length == 0) {
          continue;
        }
        return event;
      }
    }
    scanned = end;
    return null;
  }

  private byte[] takeRest() {
    if (start >= end) {
      return null;
    }
    byte[] rest = Arrays.copyOfRange(buffer, start, end);
    start = end;
    String text = new String(rest, StandardCharsets.UTF_8);
    return text.isBlank() ? null : text.stripTrailing().getBytes(StandardCharsets.UTF_8);
  }

  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      scanned -= start;
      start = 0;
    }
    if (end == buffer.length) {
      if (buffer.length >= MAX_EVENT_BYTES) {
        throw new IOException("an event-stream event is larger than " + MAX_EVENT_BYTES + " bytes");
      }
      buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_EVENT_BYTES));
    }
    int read = in.read(buffer, end, buffer.length - end);
    if (read == -1) {
      eof = true;
    } else {
      end += read;
    }
  }
}
