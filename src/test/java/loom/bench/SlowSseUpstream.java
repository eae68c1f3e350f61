package loom.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible upstream that streams slowly, for the 1,000-stream benchmark (bench/faults.sh): a chat
 * completion with {@code "stream": true} is answered as SSE, one content chunk every {@code interval-ms}
 * ({@code chunks} of them, the content of chunk i being {@code "w<i> "}), then a finish chunk with usage and
 * {@code data: [DONE]}; without it, one JSON answer at once. For bench/api-overhead.sh it also streams (whatever
 * the body says) {@code POST /v1/responses} as the Responses API's events and {@code POST /v1/messages} as the
 * Messages API's, with {@code chunks} text deltas and {@code interval-ms} between every two events; each event's
 * JSON also carries {@code "sent_us"}, the wall-clock time in microseconds since the epoch when it was written, so
 * that a client on the same machine sees how long each event took to reach it ({@link SseEventTimes}). Each
 * request runs on its own thread (a cached
 * pool with small stacks), so a thousand held streams are a thousand sleeping threads. {@code GET /stats}
 * answers {@code requests=… streams_done=… open=… peak_open=…}. Binds 127.0.0.1 only; writes its port to the
 * file named and runs until the JVM is stopped. Not a test:
 * {@code SlowSseUpstream <port-file> <chunks> <interval-ms>}.
 */
public final class SlowSseUpstream {
  private static final String CHUNK =
      "{\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
          + "\"model\":\"slow-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}";
  private static final String LAST =
      "{\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
          + "\"model\":\"slow-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":%d,\"total_tokens\":%d}}";
  private static final String ANSWER =
      "{\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion\",\"created\":1764000000,"
          + "\"model\":\"slow-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}";
  private static final String MODELS =
      "{\"object\":\"list\",\"data\":[{\"id\":\"slow-model\",\"object\":\"model\"}]}";

  private SlowSseUpstream() {}

  public static void main(String[] args) throws Exception {
    Path portFile = Path.of(args[0]);
    int chunks = Integer.parseInt(args[1]);
    long intervalMs = Long.parseLong(args[2]);
    AtomicLong requests = new AtomicLong();
    AtomicLong streamsDone = new AtomicLong();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(null, runnable, "slow-sse-" + threads.incrementAndGet(), 256 * 1024);
              thread.setDaemon(true);
              return thread;
            });
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
    server.setExecutor(executor);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          requests.incrementAndGet();
          String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
          if (!body.replace(" ", "").contains("\"stream\":true")) {
            send(exchange, 200, "application/json", ANSWER);
            return;
          }
          peak.accumulateAndGet(open.incrementAndGet(), Math::max);
          try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 1; i <= chunks; i++) {
              out.write(("data: " + String.format(CHUNK, "w" + i + " ") + "\n\n").getBytes(UTF_8));
              out.flush();
              Thread.sleep(intervalMs);
            }
            out.write(
                ("data: " + String.format(LAST, chunks, chunks + 12) + "\n\ndata: [DONE]\n\n")
                    .getBytes(UTF_8));
            out.flush();
            streamsDone.incrementAndGet();
          } catch (IOException | InterruptedException e) {
            // the gateway went away; nothing to answer
          } finally {
            open.decrementAndGet();
          }
        });
    server.createContext(
        "/v1/responses",
        exchange -> {
          requests.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          if (stamped(exchange, ApiStreams.responses(chunks), intervalMs)) {
            streamsDone.incrementAndGet();
          }
        });
    server.createContext(
        "/v1/messages",
        exchange -> {
          requests.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          if (stamped(exchange, ApiStreams.messages(chunks), intervalMs)) {
            streamsDone.incrementAndGet();
          }
        });
    server.createContext("/v1/models", exchange -> send(exchange, 200, "application/json", MODELS));
    server.createContext(
        "/stats",
        exchange ->
            send(
                exchange,
                200,
                "text/plain",
                "requests="
                    + requests.get()
                    + " streams_done="
                    + streamsDone.get()
                    + " open="
                    + open.get()
                    + " peak_open="
                    + peak.get()
                    + "\n"));
    server.start();
    Files.writeString(portFile, Integer.toString(server.getAddress().getPort()));
    Thread.currentThread().join();
  }

  /**
   * Writes each event ({@code event:} and {@code data:} lines) the moment it is due, stamped with when; false when the
   * client went away first.
   */
  private static boolean stamped(
      HttpExchange exchange, List<ApiStreams.Event> events, long intervalMs) {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      for (int i = 0; i < events.size(); i++) {
        if (i > 0) {
          Thread.sleep(intervalMs);
        }
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        String data = events.get(i).data();
        out.write(
            ("event: "
                    + events.get(i).name()
                    + "\ndata: "
                    + data.substring(0, data.length() - 1)
                    + ",\"sent_us\":"
                    + micros
                    + "}\n\n")
                .getBytes(UTF_8));
        out.flush();
      }
      return true;
    } catch (IOException | InterruptedException e) {
      return false; // the gateway went away; nothing to answer
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    try (exchange) {
      byte[] bytes = text.getBytes(UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}
