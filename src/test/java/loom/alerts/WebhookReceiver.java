package loom.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers with scripted statuses (the last
 * one repeats), or with a redirect, or never answers at all until it is closed.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One request as received: header names in lower case, the body as sent. */
  record Received(String method, String path, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Integer> statuses;
  private final boolean hangs;
  private final String location;
  private final CountDownLatch released = new CountDownLatch(1);

  private WebhookReceiver(List<Integer> statuses, boolean hangs, String location)
      throws IOException {
    this.statuses = statuses;
    this.hangs = hangs;
    this.location = location;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Answers the i-th request with the i-th status, and every later one with the last. */
  static WebhookReceiver answering(Integer... statuses) throws IOException {
    return new WebhookReceiver(List.of(statuses), false, null);
  }

  /** Answers every request with {@code 302 Found} and this {@code Location}. */
  static WebhookReceiver redirectingTo(String location) throws IOException {
    return new WebhookReceiver(List.of(302), false, location);
  }

  /** Reads each request and then keeps the connection open without answering, until closed. */
  static WebhookReceiver neverAnswering() throws IOException {
    return new WebhookReceiver(List.of(), true, null);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/loom";
  }

  /** The same receiver by a host name that resolves to 127.0.0.1, such as {@code localhost}. */
  String url(String host) {
    return "http://" + host + ":" + server.getAddress().getPort() + "/hooks/loom";
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
      int index = requests.getAndIncrement();
      received.add(
          new Received(
              exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
      if (hangs) {
        released.await(10, TimeUnit.SECONDS); // bounded: close() releases it at once
        return;
      }
      int status = statuses.get(Math.min(index, statuses.size() - 1));
      if (location != null) {
        exchange.getResponseHeaders().set("Location", location);
      }
      if (status == 204) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
