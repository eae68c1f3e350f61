package loom.analytics;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import loom.proxy.RequestIdFilter;
import loom.support.ResponseCompletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outermost filter of the proxy chain but the request id: times every request and, once its response
 * is complete (for async proxying: when the async context completes), hands it to the recorder, which
 * builds and enqueues its {@link RequestLog}. It records 401s, errors and disconnects alike, and never
 * fails or slows the request: a recorder failure is counted and logged, never thrown. Thread-safe.
 */
public final class AnalyticsFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(AnalyticsFilter.class);

  private final transient Consumer<CompletedRequest> recorder;
  private final transient Clock clock;
  private final AtomicLong failures = new AtomicLong();

  AnalyticsFilter(Consumer<CompletedRequest> recorder, Clock clock) {
    this.recorder = recorder;
    this.clock = clock;
  }

  /** Requests that could not be recorded because building their log failed. */
  public long recordFailures() {
    return failures.get();
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Instant startedAt = clock.instant();
    long startNanos = System.nanoTime();
    ResponseCompletion.proceedThen(req, res, chain, () -> record(req, res, startedAt, startNanos));
  }

  private void record(
      HttpServletRequest request,
      HttpServletResponse response,
      Instant startedAt,
      long startNanos) {
    try {
      recorder.accept(
          new CompletedRequest(
              request, response, startedAt, Duration.ofNanos(System.nanoTime() - startNanos)));
    } catch (RuntimeException e) {
      // Analytics must never fail a request that has been answered already.
      failures.incrementAndGet();
      log.warn("Could not record request {} for analytics", RequestIdFilter.of(request), e);
    }
  }
}
