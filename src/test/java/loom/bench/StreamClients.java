package loom.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N streaming chat completions open at once (bench/faults.sh): one thread and one connection each, all
 * released together, each POSTing {@code "stream": true} with a prompt of its own (no cache hit, no
 * coalescing) and reading the SSE answer to its end. A stream is complete when the answer is 200 and it held
 * every content chunk in order ({@code "w1 "} … {@code "w<chunks> "}, as {@link SlowSseUpstream} sends them)
 * and then {@code data: [DONE]}. Prints one line: {@code streams=… complete=… failed=… peak_open=…
 * ttfc_p50_ms=… ttfc_p99_ms=… ttfc_max_ms=… total_p50_ms=… total_max_ms=… wall_s=…} (ttfc: from sending the
 * request to the first content chunk), then up to ten failure reasons and the count of each status.
 * Exits 1 unless every stream completed. Not a test:
 * {@code StreamClients <chat-completions-url> <streams> <chunks> <timeout-seconds> [header: value]...}.
 */
public final class StreamClients {
  private StreamClients() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int streams = Integer.parseInt(args[1]);
    int chunks = Integer.parseInt(args[2]);
    int timeoutSeconds = Integer.parseInt(args[3]);
    List<String> headers = Arrays.asList(args).subList(4, args.length);
    String run = Long.toString(System.currentTimeMillis(), 36);

    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger open = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    long[] firstChunk = new long[streams];
    long[] total = new long[streams];
    boolean[] complete = new boolean[streams];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      int index = i;
      Thread thread =
          new Thread(
              null,
              () -> {
                try {
                  go.await();
                  String body =
                      "{\"model\":\"slow-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                          + "\"stream "
                          + index
                          + " of run "
                          + run
                          + "\"}]}";
                  long start = System.nanoTime();
                  Result result =
                      stream(uri, headers, body, chunks, timeoutSeconds, open, peak, start);
                  synchronized (statuses) {
                    statuses.merge(result.status(), 1, Integer::sum);
                  }
                  firstChunk[index] = result.firstChunkNanos();
                  total[index] = System.nanoTime() - start;
                  if (result.problem() == null) {
                    complete[index] = true;
                  } else {
                    failures.add("stream " + index + ": " + result.problem());
                  }
                } catch (Exception e) {
                  failures.add("stream " + index + ": " + e);
                }
              },
              "stream-" + i,
              256 * 1024);
      threads.add(thread);
      thread.start();
    }
    long wallStart = System.nanoTime();
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    int ok = 0;
    for (boolean done : complete) {
      ok += done ? 1 : 0;
    }
    long[] ttfc = Arrays.stream(firstChunk).filter(n -> n > 0).sorted().toArray();
    long[] totals = Arrays.stream(total).filter(n -> n > 0).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "streams=%d complete=%d failed=%d peak_open=%d ttfc_p50_ms=%.0f ttfc_p99_ms=%.0f "
            + "ttfc_max_ms=%.0f total_p50_ms=%.0f total_max_ms=%.0f wall_s=%.1f%n",
        streams,
        ok,
        streams - ok,
        peak.get(),
        ms(ttfc, 0.50),
        ms(ttfc, 0.99),
        ms(ttfc, 1.0),
        ms(totals, 0.50),
        ms(totals, 1.0),
        wall);
    System.out.println("statuses " + statuses);
    failures.stream().limit(10).forEach(System.out::println);
    System.exit(ok == streams ? 0 : 1);
  }

  private record Result(int status, long firstChunkNanos, String problem) {}

  private static Result stream(
      URI uri,
      List<String> headers,
      String body,
      int chunks,
      int timeoutSeconds,
      AtomicInteger open,
      AtomicInteger peak,
      long start)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutSeconds * 1000);
      socket.setSoTimeout(timeoutSeconds * 1000);
      byte[] bytes = body.getBytes(UTF_8);
      StringBuilder head =
          new StringBuilder(
              "POST "
                  + uri.getRawPath()
                  + " HTTP/1.1\r\nHost: "
                  + uri.getHost()
                  + ":"
                  + uri.getPort()
                  + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nConnection: close\r\n"
                  + "Content-Length: "
                  + bytes.length
                  + "\r\n");
      headers.forEach(header -> head.append(header).append("\r\n"));
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(UTF_8));
      out.write(bytes);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      String statusLine = line(in);
      if (statusLine == null || statusLine.length() < 12) {
        return new Result(0, 0, "no status line");
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      boolean chunked = false;
      for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
        String lower = header.toLowerCase(Locale.ROOT);
        chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
      }
      InputStream content = chunked ? new Dechunked(in) : in;
      if (status != 200) {
        String text = new String(content.readNBytes(300), UTF_8).replaceAll("\\s+", " ");
        return new Result(status, 0, "HTTP " + status + ": " + text);
      }
      peak.accumulateAndGet(open.incrementAndGet(), Math::max);
      try {
        long firstChunk = 0;
        int expected = 1;
        boolean done = false;
        for (String event = line(content); event != null; event = line(content)) {
          if (!event.startsWith("data: ")) {
            continue;
          }
          String data = event.substring(6);
          if (data.equals("[DONE]")) {
            done = true;
            continue;
          }
          if (done) {
            return new Result(status, firstChunk, "data after [DONE]");
          }
          if (data.contains("\"content\":\"w" + expected + " \"")) {
            if (expected == 1) {
              firstChunk = System.nanoTime() - start;
            }
            expected++;
          } else if (data.contains("\"content\"")) {
            return new Result(
                status, firstChunk, "chunk out of order, expected w" + expected + ": " + data);
          } else if (data.contains("\"error\"")) {
            return new Result(
                status, firstChunk, "error event after " + (expected - 1) + " chunks: " + data);
          }
        }
        if (expected - 1 != chunks || !done) {
          return new Result(
              status, firstChunk, (expected - 1) + " of " + chunks + " chunks, [DONE] " + done);
        }
        return new Result(status, firstChunk, null);
      } finally {
        open.decrementAndGet();
      }
    }
  }

  private static double ms(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[
            (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))]
        / 1e6;
  }

  /** One line without its CR LF, or null at the end of the stream. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = bytes.toString(UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      bytes.write(b);
    }
    return bytes.size() == 0 ? null : bytes.toString(UTF_8);
  }

  /** The body of a chunked response, as one stream. */
  static final class Dechunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean ended;

    Dechunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (ended) {
        return -1;
      }
      if (left == 0) {
        String size = line(in);
        if (size != null && size.isEmpty()) {
          size = line(in); // the CRLF after the previous chunk's data
        }
        if (size == null) {
          throw new IOException("body cut short");
        }
        left = Long.parseLong(size.split(";")[0].trim(), 16);
        if (left == 0) {
          ended = true;
          return -1;
        }
      }
      int b = in.read();
      if (b < 0) {
        throw new IOException("body cut short");
      }
      left--;
      return b;
    }
  }
}
