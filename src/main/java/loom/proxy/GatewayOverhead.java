package loom.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The gateway's own time on a non-streamed proxy response, reported as {@code X-Loom-Overhead-Ms} and
 * recorded in the {@code loom_gateway_overhead_seconds} histogram: from the request's arrival in the first
 * filter to the moment the response headers are set, less the time spent waiting for the provider (from
 * sending the request until the last byte of its answer was read). It cannot cover what follows the headers:
 * writing the body to the client, and the work filters do after the response (request log, cache store).
 * Thread-safe; one {@link Stopwatch} per request.
 */
final class GatewayOverhead {
  static final String HEADER = "X-Loom-Overhead-Ms";

  private final Timer timer;
  private final LongSupplier nanoTime;

  /** @param nanoTime the clock of {@link RequestIdFilter#arrivalNanos}: {@code System::nanoTime} */
  GatewayOverhead(MeterRegistry registry, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.timer =
        Timer.builder("loom_gateway_overhead")
            .description(
                "Time a non-streamed proxy response spent in the gateway itself, from the first filter to its "
                    + "headers, without the wait for the provider")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1).dividedBy(20))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
  }

  /** A stopwatch for a request, from its arrival in the first filter (none, and no stamp, if it never passed it). */
  Stopwatch start(ServletRequest request) {
    return new Stopwatch(RequestIdFilter.arrivalNanos(request));
  }

  /** A stopwatch that records nothing and stamps no header: for a call no client made. */
  Stopwatch untimed() {
    return new Stopwatch(-1);
  }

  /** Times one request: its arrival, and the provider's part, which is left out. Used by one thread at a time. */
  final class Stopwatch {
    private final long arrivalNanos;
    private volatile long upstreamSince = -1;
    private volatile long upstreamNanos;
    private volatile boolean stamped;

    private Stopwatch(long arrivalNanos) {
      this.arrivalNanos = arrivalNanos;
    }

    /** The request is being sent to the provider: from now the gateway waits for it. */
    void upstreamStarted() {
      upstreamSince = nanoTime.getAsLong();
    }

    /** The provider's answer has been read (or has failed): the wait is over. Repeated calls change nothing. */
    void upstreamEnded() {
      long since = upstreamSince;
      if (since >= 0) {
        upstreamNanos += nanoTime.getAsLong() - since;
        upstreamSince = -1;
      }
    }

    /** Nanoseconds as milliseconds with three decimals, without String.format's parsing on every request. */
    static String millis(long nanos) {
      long micros = (nanos + 500) / 1_000;
      String fraction = Long.toString(1_000 + micros % 1_000);
      return micros / 1_000 + "." + fraction.substring(1);
    }

    /** Sets the header and records the overhead, once; call right before the body is written. */
    void stamp(HttpServletResponse res) {
      if (stamped || arrivalNanos < 0 || res.isCommitted()) {
        return;
      }
      stamped = true;
      upstreamEnded();
      long overhead = Math.max(0, nanoTime.getAsLong() - arrivalNanos - upstreamNanos);
      res.setHeader(HEADER, millis(overhead));
      timer.record(overhead, TimeUnit.NANOSECONDS);
    }
  }
}
