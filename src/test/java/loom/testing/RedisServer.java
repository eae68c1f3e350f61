package loom.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server (the binary embedded-redis bundles) on 127.0.0.1 and a free port, for tests that need
 * Redis to be there, to die and to come back: {@link #stop()} ends the process, {@link #start()} brings it
 * back on the same port, empty (nothing is persisted). {@link #command} speaks to it directly, the way
 * redis-cli would. Not thread-safe.
 */
public final class RedisServer implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  private final int port;
  private final redis.embedded.RedisServer server;

  private RedisServer(int port, redis.embedded.RedisServer server) {
    this.port = port;
    this.server = server;
  }

  /**
   * Starts a server on a free port.
   *
   * @param settings extra redis.conf lines, like {@code "requirepass secret"}
   */
  public static RedisServer onFreePort(String... settings) {
    int port = freePort();
    try {
      var builder =
          redis.embedded.RedisServer.newRedisServer()
              .bind(HOST)
              .port(port)
              .setting("save \"\"")
              .setting("appendonly no")
              .onShutdownForceStop(false);
      for (String setting : settings) {
        builder.setting(setting);
      }
      RedisServer redis = new RedisServer(port, builder.build());
      redis.start();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the process again on the same port; returns once it accepts connections. */
  public void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server did not start on port " + port, e);
    }
  }

  /** Ends the process (as a crash would, from a client's view: connections drop); returns once it is gone. */
  public void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}, plus {@code /<db>} and credentials as the caller writes them. */
  public String url() {
    return "redis://" + HOST + ":" + port;
  }

  /**
   * Sends one command and returns the reply: a String, a Long, null, or a List of those. An error reply
   * throws. Use it like redis-cli: {@code command("HGET", "loom-responses", key)}.
   */
  public Object command(String... arguments) {
    return command(0, arguments);
  }

  /** Sends one command to the numbered database (and no password: start such servers without one). */
  public Object command(int database, String... arguments) {
    try (Socket socket = new Socket(HOST, port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      // Only when needed: a paused server would hold even the SELECT, and the UNPAUSE could never
      // get through.
      if (database != 0) {
        send(out, "SELECT", Integer.toString(database));
        reply(in);
      }
      send(out, arguments);
      return reply(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void send(OutputStream out, String... arguments) throws IOException {
    StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
    for (String argument : arguments) {
      request
          .append('$')
          .append(argument.getBytes(UTF_8).length)
          .append("\r\n")
          .append(argument)
          .append("\r\n");
    }
    out.write(request.toString().getBytes(UTF_8));
    out.flush();
  }

  private static Object reply(InputStream in) throws IOException {
    String line = line(in);
    String rest = line.substring(1);
    switch (line.charAt(0)) {
      case '+':
        return rest;
      case '-':
        throw new IllegalStateException("Redis answered " + rest);
      case ':':
        return Long.parseLong(rest);
      case '$':
        {
          int length = Integer.parseInt(rest);
          if (length < 0) {
            return null;
          }
          String value = new String(in.readNBytes(length), UTF_8);
          line(in);
          return value;
        }
      case '*':
        {
          int count = Integer.parseInt(rest);
          List<Object> items = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            items.add(reply(in));
          }
          return items;
        }
      default:
        throw new IllegalStateException("Not a RESP reply: " + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("Redis closed the connection");
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(UTF_8);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
