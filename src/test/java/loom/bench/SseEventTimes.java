package loom.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long each event of a stream took to reach the client (bench/api-overhead.sh): N streams, one after the other,
 * each on a connection of its own, from an upstream that stamps every event with when it wrote it ({@code "sent_us"},
 * {@link SlowSseUpstream}); an event's delivery is when its blank line was read here less that stamp (one wall clock,
 * one machine). Called once directly and once through the gateway for the same event sequence, the second run's
 * lag of each event is its delivery less the first run's median delivery of the event at the same place in the
 * sequence: an event the gateway held back (batched with the next one) shows up as a lag of the gap between events.
 * In the body, {@code {seq}} becomes a number of its own for each stream. Prints one line:
 * {@code streams=… events_per_stream=… failed=… delivery_p50_ms=… delivery_max_ms=…} and, with a baseline,
 * {@code lag_p50_ms=… lag_max_ms=… lag_max_at=<index>:<event> worst_place_lag_p50_ms=… worst_place=<index>:<event>
 * lags_over_1ms=… lags_over_10ms=… events=…} (worst place: the place in the sequence whose median lag is largest, an
 * event held back every time rather than a pause of the machine); the first failure goes to standard error, and the
 * exit status is 1 when a stream failed. A stream fails unless it is a 200 whose every event is stamped, with the
 * same event names in the same order as every other stream (and as the baseline). Not a test:
 * {@code SseEventTimes <url> <streams> <body-file> [header: value]...}, with the system properties
 * {@code loom.bench.events} (a file to write each event's delivery to: {@code stream index event delivery_us}) and
 * {@code loom.bench.baseline} (such a file from the run to compare with).
 */
public final class SseEventTimes {
  private static final Pattern SENT = Pattern.compile("\"sent_us\":(\\d+)");

  private SseEventTimes() {}

  private record Delivery(int stream, int index, String event, long micros) {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int streams = Integer.parseInt(args[1]);
    String body = Files.readString(Path.of(args[2]));
    List<String> headers = Arrays.asList(args).subList(3, args.length);
    long seq = ThreadLocalRandom.current().nextLong(1L << 62);

    List<Delivery> deliveries = new ArrayList<>();
    List<String> names = null;
    String failure = null;
    int failed = 0;
    for (int stream = 0; stream < streams; stream++) {
      List<Delivery> one = new ArrayList<>();
      String problem;
      try {
        problem =
            stream(uri, headers, body.replace("{seq}", Long.toString(seq + stream)), stream, one);
      } catch (IOException e) {
        problem = e.toString();
      }
      List<String> these = one.stream().map(Delivery::event).toList();
      if (problem == null && names != null && !these.equals(names)) {
        problem = "events " + these + " instead of " + names;
      }
      if (problem != null) {
        failed++;
        failure = failure == null ? "stream " + stream + ": " + problem : failure;
        continue;
      }
      names = names == null ? these : names;
      deliveries.addAll(one);
    }

    String events = System.getProperty("loom.bench.events");
    if (events != null) {
      StringBuilder out = new StringBuilder();
      deliveries.forEach(
          d ->
              out.append(d.stream())
                  .append(' ')
                  .append(d.index())
                  .append(' ')
                  .append(d.event())
                  .append(' ')
                  .append(d.micros())
                  .append('\n'));
      Files.writeString(Path.of(events), out);
    }
    long[] all = deliveries.stream().mapToLong(Delivery::micros).sorted().toArray();
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "streams=%d events_per_stream=%d failed=%d delivery_p50_ms=%.3f delivery_max_ms=%.3f",
                streams,
                names == null ? 0 : names.size(),
                failed,
                ms(all, 0.5),
                ms(all, 1.0)));
    String baseline = System.getProperty("loom.bench.baseline");
    if (baseline != null && names != null) {
      Map<Integer, String> baselineNames = new HashMap<>();
      Map<Integer, Long> medians = medians(Path.of(baseline), baselineNames);
      String mismatch = null;
      for (int i = 0; i < Math.max(names.size(), baselineNames.size()) && mismatch == null; i++) {
        String name = i < names.size() ? names.get(i) : null;
        if (name == null || !name.equals(baselineNames.get(i))) {
          mismatch = "event " + i + " is " + name + ", in the baseline " + baselineNames.get(i);
        }
      }
      if (mismatch != null) {
        System.out.println(line);
        System.err.println(mismatch);
        System.exit(1);
      }
      long[] lags =
          deliveries.stream()
              .mapToLong(d -> d.micros() - medians.get(d.index()))
              .sorted()
              .toArray();
      Delivery worst =
          deliveries.stream()
              .max(
                  (a, b) ->
                      Long.compare(
                          a.micros() - medians.get(a.index()), b.micros() - medians.get(b.index())))
              .orElseThrow();
      // An event the gateway holds back every time lags at its place in the sequence in most
      // streams, unlike a pause.
      Map<Integer, List<Long>> byIndex = new HashMap<>();
      deliveries.forEach(
          d ->
              byIndex
                  .computeIfAbsent(d.index(), i -> new ArrayList<>())
                  .add(d.micros() - medians.get(d.index())));
      int worstPlace = 0;
      long worstMedian = Long.MIN_VALUE;
      for (var place : byIndex.entrySet()) {
        long median =
            place.getValue().stream().sorted().toList().get((place.getValue().size() - 1) / 2);
        if (median > worstMedian) {
          worstMedian = median;
          worstPlace = place.getKey();
        }
      }
      line.append(
          String.format(
              Locale.ROOT,
              " lag_p50_ms=%.3f lag_max_ms=%.3f lag_max_at=%d:%s"
                  + " worst_place_lag_p50_ms=%.3f worst_place=%d:%s lags_over_1ms=%d lags_over_10ms=%d events=%d",
              ms(lags, 0.5),
              ms(lags, 1.0),
              worst.index(),
              worst.event(),
              worstMedian / 1e3,
              worstPlace,
              names.get(worstPlace),
              Arrays.stream(lags).filter(lag -> lag > 1_000).count(),
              Arrays.stream(lags).filter(lag -> lag > 10_000).count(),
              lags.length));
    }
    System.out.println(line);
    if (failure != null) {
      System.err.println(failure);
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  /** One stream's events, or what was wrong with it. */
  private static String stream(
      URI uri, List<String> headers, String body, int stream, List<Delivery> deliveries)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
      socket.setSoTimeout(30_000);
      byte[] bytes = body.getBytes(UTF_8);
      StringBuilder head =
          new StringBuilder(
              "POST "
                  + uri.getRawPath()
                  + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
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
      String statusLine = StreamClients.line(in);
      if (statusLine == null || statusLine.length() < 12) {
        return "no status line";
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      boolean chunked = false;
      for (String header = StreamClients.line(in);
          header != null && !header.isEmpty();
          header = StreamClients.line(in)) {
        String lower = header.toLowerCase(Locale.ROOT);
        chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
      }
      InputStream content = chunked ? new StreamClients.Dechunked(in) : in;
      if (status != 200) {
        return "HTTP "
            + status
            + ": "
            + new String(content.readNBytes(500), UTF_8).replaceAll("\\s+", " ");
      }
      String name = null;
      String data = null;
      for (String line = StreamClients.line(content);
          line != null;
          line = StreamClients.line(content)) {
        if (!line.isEmpty()) {
          name = line.startsWith("event:") ? line.substring(6).strip() : name;
          data = line.startsWith("data:") ? line.substring(5).strip() : data;
          continue;
        }
        Instant now = Instant.now(); // the event is complete: its blank line has come
        long arrived = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        if (data == null) {
          continue;
        }
        Matcher sent = SENT.matcher(data);
        if (!sent.find()) {
          return "event " + deliveries.size() + " (" + name + ") has no sent_us: " + data;
        }
        deliveries.add(
            new Delivery(stream, deliveries.size(), name, arrived - Long.parseLong(sent.group(1))));
        name = null;
        data = null;
      }
      return deliveries.isEmpty() ? "no events" : null;
    }
  }

  /** The median delivery of each place in the sequence in a file of {@code loom.bench.events}, and its event name. */
  private static Map<Integer, Long> medians(Path file, Map<Integer, String> names)
      throws IOException {
    Map<Integer, List<Long>> byIndex = new HashMap<>();
    for (String row : Files.readAllLines(file)) {
      String[] fields = row.split(" ");
      int index = Integer.parseInt(fields[1]);
      byIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(Long.parseLong(fields[3]));
      names.put(index, fields[2]);
    }
    Map<Integer, Long> medians = new HashMap<>();
    byIndex.forEach(
        (index, values) ->
            medians.put(index, values.stream().sorted().toList().get((values.size() - 1) / 2)));
    return medians;
  }

  private static double ms(long[] sortedMicros, double quantile) {
    if (sortedMicros.length == 0) {
      return 0;
    }
    int at =
        (int)
            Math.min(
                sortedMicros.length - 1,
                Math.max(0, Math.ceil(quantile * sortedMicros.length) - 1));
    return sortedMicros[at] / 1e3;
  }
}
