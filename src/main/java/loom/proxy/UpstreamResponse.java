package loom.proxy;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** A provider's answer whose body has not been read yet. Closing it releases the connection. */
interface UpstreamResponse extends AutoCloseable {
  int status();

  /** Response headers as received, in order; the relay decides which ones reach the client. */
  List<Map.Entry<String, String>> headers();

  /** The Content-Type, or "" when the provider sent none. */
  String contentType();

  InputStream body();

  /** Drops the exchange at once (the client went away): the connection is closed, not reused. */
  void abort();

  @Override
  void close();

  default boolean isEventStream() {
    return contentType().toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
  }
}
