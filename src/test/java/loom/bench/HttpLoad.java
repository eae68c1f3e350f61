package loom.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 load generator for the benchmarks: C keep-alive connections, each sending the same
 * request again and again, either as fast as answers come (closed loop) or at a fixed total rate (open
 * loop: latency is measured from when a request was due, so a stall counts against the server instead of
 * being hidden). Prints one line: {@code requests=… errors=… rps=… p50_ms=… p90_ms=… p99_ms=… p999_ms=… max_ms=…
 * ttfb_median_ms=… ttfb_99th_ms=… ttfe_median_ms=… ttfe_99th_ms=…}: {@code ttfb} the time to the first byte of the
 * body, {@code ttfe} for an event stream ({@code text/event-stream}) the time until its first event was complete (its
 * blank line had arrived): what a client of a stream waits for its first event (0 when no answer was a stream).
 * It speaks just enough HTTP (Content-Length and chunked bodies) for the gateway and its upstreams.
 * In the body, {@code {seq}} becomes a number unique to each request, also across runs (it counts on from a
 * random start: a run that counted from 1 again would repeat an earlier run's bodies and hit the cache), and
 * {@code {pick:N}} a random number below N (a workload that repeats itself). With the system property
 * {@code loom.bench.timeline} naming a file, it also writes one line per second of the run there:
 * {@code second requests errors p50_ms max_ms} (by when each request was due), to see when a fault hit.
 *
 * <pre>
 * HttpLoad url seconds connections rate(0 = closed loop) [body-file] [header: value]...
 * </pre>
 */
public final class HttpLoad {
  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    long seconds = Long.parseLong(args[1]);
    int connections = Integer.parseInt(args[2]);
    double rate = Double.parseDouble(args[3]);
    byte[] body =
        args.length > 4 && !args[4].isEmpty() ? Files.readAllBytes(Path.of(args[4])) : null;
    List<String> headers =
        args.length > 5 ? Arrays.asList(args).subList(5, args.length) : List.of();
    Supplier<byte[]> request = requests(uri, body, headers);

    long startNanos = System.nanoTime();
    long endNanos = startNanos + seconds * 1_000_000_000L;
    long intervalNanos = rate > 0 ? (long) (1e9 * connections / rate) : 0;
    AtomicLong errors = new AtomicLong();
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      // Open loop: the connections' schedules are staggered so requests arrive evenly, not in
      // bursts.
      long firstDue = System.nanoTime() + (intervalNanos * c) / connections;
      Worker worker = new Worker(uri, request, endNanos, intervalNanos, firstDue, errors);
      Thread thread = new Thread(worker, "load-" + c);
      workers.add(worker);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    String timeline = System.getProperty("loom.bench.timeline");
    if (timeline != null) {
      writeTimeline(Path.of(timeline), workers, startNanos, seconds);
    }
    long[] all =
        workers.stream().map(Worker::latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    long[] firstBytes =
        workers.stream().map(Worker::firstBytes).flatMapToLong(Arrays::stream).sorted().toArray();
    long[] firstEvents =
        workers.stream()
            .map(Worker::firstEvents)
            .flatMapToLong(Arrays::stream)
            .filter(nanos -> nanos >= 0)
            .sorted()
            .toArray();
    System.out.printf(
        Locale.ROOT,
        "requests=%d errors=%d rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
            + "p999_ms=%.3f max_ms=%.3f ttfb_median_ms=%.3f ttfb_99th_ms=%.3f ttfe_median_ms=%.3f ttfe_99th_ms=%.3f%n",
        all.length,
        errors.get(),
        all.length / (double) seconds,
        ms(all, 0.50),
        ms(all, 0.90),
        ms(all, 0.99),
        ms(all, 0.999),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6,
        ms(firstBytes, 0.50),
        ms(firstBytes, 0.99),
        ms(firstEvents, 0.50),
        ms(firstEvents, 0.99));
  }

  private static void writeTimeline(Path file, List<Worker> workers, long startNanos, long seconds)
      throws IOException {
    List<List<Long>> bySecond = new ArrayList<>();
    long[] errorsBySecond = new long[(int) seconds + 2];
    for (int i = 0; i < seconds + 2; i++) {
      bySecond.add(new ArrayList<>());
    }
    for (Worker worker : workers) {
      for (int i = 0; i < worker.count; i++) {
        int second =
            (int)
                Math.min(
                    seconds + 1, Math.max(0, (worker.starts[i] - startNanos) / 1_000_000_000L));
        bySecond.get(second).add(worker.latencies[i]);
        errorsBySecond[second] += worker.failed[i] ? 1 : 0;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int second = 0; second < bySecond.size(); second++) {
      long[] sorted = bySecond.get(second).stream().mapToLong(Long::longValue).sorted().toArray();
      if (sorted.length > 0) {
        out.append(
            String.format(
                Locale.ROOT,
                "%d %d %d %.1f %.1f%n",
                second,
                sorted.length,
                errorsBySecond[second],
                ms(sorted, 0.5),
                sorted[sorted.length - 1] / 1e6));
      }
    }
    Files.writeString(file, out);
  }

  private static double ms(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(seq|pick:(\\d+))}");

  /** The same request every time, or one made from the body's placeholders each time. */
  private static Supplier<byte[]> requests(URI uri, byte[] body, List<String> headers) {
    String text = body == null ? null : new String(body, StandardCharsets.UTF_8);
    if (text == null || !PLACEHOLDER.matcher(text).find()) {
      byte[] fixed = request(uri, body, headers);
      return () -> fixed;
    }
    AtomicLong sequence = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 62));
    return () -> {
      Matcher placeholder = PLACEHOLDER.matcher(text);
      StringBuilder filled = new StringBuilder();
      while (placeholder.find()) {
        long value =
            placeholder.group(2) == null
                ? sequence.incrementAndGet()
                : ThreadLocalRandom.current().nextInt(Integer.parseInt(placeholder.group(2)));
        placeholder.appendReplacement(filled, Long.toString(value));
      }
      placeholder.appendTail(filled);
      return request(uri, filled.toString().getBytes(StandardCharsets.UTF_8), headers);
    };
  }

  private static byte[] request(URI uri, byte[] body, List<String> headers) {
    StringBuilder head = new StringBuilder();
    head.append(body == null ? "GET " : "POST ")
        .append(uri.getRawPath())
        .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
        .append(" HTTP/1.1\r\n")
        .append("Host: ")
        .append(uri.getHost())
        .append(':')
        .append(uri.getPort())
        .append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ")
          .append(body.length)
          .append("\r\n");
    }
    head.append("\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) {
      return start;
    }
    byte[] all = Arrays.copyOf(start, start.length + body.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }

  /** One connection's loop; reconnects after an error or a {@code Connection: close}. */
  private static final class Worker implements Runnable {
    private final URI uri;
    private final Supplier<byte[]> request;
    private final long endNanos;
    private final long intervalNanos;
    private final AtomicLong errors;
    private long due;
    private long[] latencies = new long[1 << 14];
    private long[] firstBytes = new long[1 << 14];
    private long[] firstEvents = new long[1 << 14];
    private long[] starts = new long[1 << 14];
    private boolean[] failed = new boolean[1 << 14];
    private int count;

    Worker(
        URI uri,
        Supplier<byte[]> request,
        long endNanos,
        long intervalNanos,
        long firstDue,
        AtomicLong errors) {
      this.uri = uri;
      this.request = request;
      this.endNanos = endNanos;
      this.intervalNanos = intervalNanos;
      this.due = firstDue;
      this.errors = errors;
    }

    @Override
    public void run() {
      while (System.nanoTime() < endNanos) {
        try (Socket socket = new Socket()) {
          socket.setTcpNoDelay(true);
          socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
          socket.setSoTimeout(30_000);
          OutputStream out = socket.getOutputStream();
          InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
          boolean open = true;
          while (open && System.nanoTime() < endNanos) {
            byte[] bytes = request.get();
            long start = pace();
            out.write(bytes);
            out.flush();
            Response response = Response.read(in);
            record(
                start,
                System.nanoTime() - start,
                response.firstByteNanos() - start,
                response.firstEventNanos() < 0 ? -1 : response.firstEventNanos() - start,
                response.status() != 200);
            if (response.status() != 200) {
              errors.incrementAndGet();
            }
            open = response.keepAlive();
          }
        } catch (IOException e) {
          errors.incrementAndGet();
        }
      }
    }

    /** In an open loop, waits until the next request is due and returns when it was due; else now. */
    private long pace() {
      if (intervalNanos == 0) {
        return System.nanoTime();
      }
      long scheduled = due;
      due += intervalNanos;
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      return scheduled;
    }

    private void record(
        long start, long nanos, long firstByteNanos, long firstEventNanos, boolean error) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
        firstBytes = Arrays.copyOf(firstBytes, count * 2);
        firstEvents = Arrays.copyOf(firstEvents, count * 2);
        starts = Arrays.copyOf(starts, count * 2);
        failed = Arrays.copyOf(failed, count * 2);
      }
      firstBytes[count] = firstByteNanos;
      firstEvents[count] = firstEventNanos;
      starts[count] = start;
      failed[count] = error;
      latencies[count++] = nanos;
    }

    long[] latencies() {
      return Arrays.copyOf(latencies, count);
    }

    long[] firstBytes() {
      return Arrays.copyOf(firstBytes, count);
    }

    /** -1 for an answer that was not an event stream. */
    long[] firstEvents() {
      return Arrays.copyOf(firstEvents, count);
    }
  }

  /**
   * Status, whether the connection stays open, when the first byte of the body (or the end of the headers,
   * for an empty body) arrived and, for an event stream, when its first event was complete (else -1); the body is
   * read and discarded.
   */
  private record Response(
      int status, boolean keepAlive, long firstByteNanos, long firstEventNanos) {
    static Response read(InputStream in) throws IOException {
      String statusLine = line(in);
      if (statusLine == null || statusLine.length() < 12) {
        throw new IOException("connection closed");
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean keepAlive = true;
      boolean events = false;
      for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          keepAlive = false;
        } else if (lower.startsWith("content-type:") && lower.contains("text/event-stream")) {
          events = true;
        }
      }
      long firstByte = length == 0 ? System.nanoTime() : firstByte(in);
      Body body = new Body(in, events);
      if (chunked) {
        for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
          body.read(size);
          line(in);
        }
        for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
          // trailers ignored
        }
      } else if (length >= 0) {
        body.read(length);
      } else {
        keepAlive = false;
        body.read(Long.MAX_VALUE);
      }
      return new Response(status, keepAlive, firstByte, events ? body.firstEventNanos : -1);
    }

    private static long chunkSize(InputStream in) throws IOException {
      String size = line(in);
      if (size == null) {
        throw new IOException("body cut short");
      }
      return Long.parseLong(size.split(";")[0].trim(), 16);
    }

    /** Reads a body; for an event stream, byte by byte until the first event's blank line, noting when it came. */
    private static final class Body {
      private final InputStream in;
      private final boolean events;
      private int previous = -1;
      private int beforePrevious = -1;
      private long firstEventNanos = -1;

      Body(InputStream in, boolean events) {
        this.in = in;
        this.events = events;
      }

      /** Reads n bytes, or to the end of the stream for {@code Long.MAX_VALUE}. */
      void read(long n) throws IOException {
        long left = n;
        while (events && firstEventNanos < 0 && left > 0) {
          int b = in.read();
          if (b < 0) {
            if (n == Long.MAX_VALUE) {
              return;
            }
            throw new IOException("body cut short");
          }
          left--;
          // An event ends with an empty line: "\n\n" or "\n\r\n".
          if (b == '\n' && (previous == '\n' || (previous == '\r' && beforePrevious == '\n'))) {
            firstEventNanos = System.nanoTime();
          }
          beforePrevious = previous;
          previous = b;
        }
        if (n == Long.MAX_VALUE) {
          in.transferTo(OutputStream.nullOutputStream());
        } else {
          skip(in, left);
        }
      }
    }

    /** When the next byte can be read, without consuming it. */
    private static long firstByte(InputStream in) throws IOException {
      in.mark(1);
      in.read();
      long now = System.nanoTime();
      in.reset();
      return now;
    }

    private static void skip(InputStream in, long n) throws IOException {
      long left = n;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("body cut short");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          int size = bytes.size();
          byte[] raw = bytes.toByteArray();
          return new String(
              raw,
              0,
              size > 0 && raw[size - 1] == '\r' ? size - 1 : size,
              StandardCharsets.ISO_8859_1);
        }
        bytes.write(b);
      }
      return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
