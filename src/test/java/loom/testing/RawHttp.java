package loom.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bare HTTP/1.1 connection to the gateway, for what java.net.http will not do: sending hop-by-hop
 * headers, and hanging up in the middle of a stream.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String hostHeader;
  private final String contextPath;

  private RawHttp(URI base) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
    in = socket.getInputStream();
    out = socket.getOutputStream();
    hostHeader = base.getHost() + ":" + base.getPort();
    contextPath = base.getPath();
  }

  public static RawHttp connect() throws IOException {
    return new RawHttp(URI.create(GatewayClient.base()));
  }

  /**
   * Sends a POST of a JSON body to a path under the gateway's context, with extra header lines; the
   * bootstrap admin's key is sent unless a line gives an Authorization of its own.
   */
  public void post(String path, String json, String... headerLines) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder(
            "POST "
                + contextPath
                + path
                + " HTTP/1.1\r\nHost: "
                + hostHeader
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n");
    if (java.util.Arrays.stream(headerLines)
        .noneMatch(line -> line.regionMatches(true, 0, "Authorization:", 0, 14))) {
      head.append("Authorization: Bearer ").append(GatewayClient.ADMIN_KEY).append("\r\n");
    }
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  /** Sends raw bytes as they are (for chunked bodies written by hand; add the Authorization line yourself). */
  public void write(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  public String path(String path) {
    return contextPath + path;
  }

  public String host() {
    return hostHeader;
  }

  /** How long a read may wait for the next byte (20 s unless changed). */
  public RawHttp readTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    return this;
  }

  /** Reads until the text contains {@code marker}; returns everything read so far. */
  public String readUntil(String marker) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
      int read = in.read(buffer);
      if (read == -1) {
        break;
      }
      seen.write(buffer, 0, read);
    }
    return seen.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
