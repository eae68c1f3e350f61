package loom.analytics;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import loom.proxy.RequestIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outermost filter of the proxy chain but the request id: times every request and, once its response
 * is complete (for async proxying: when the async context completes), hands it to the recorder, which
 * builds and enqueues its {@link RequestLog}. It records 401s, errors and disconnects alike, and never
 * fails or slows the request: a recorder failure is counted and logged, never thrown. Thread-safe.
 */
public final class AnalyticsFilter extends HttpFilter {
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
    Completion completion = new Completion(req, res, clock.instant(), System.nanoTime());
    try {
      chain.doFilter(new AsyncAware(req, completion), res);
    } finally {
      if (!req.isAsyncStarted()) {
        completion.record();
      }
    }
  }

  /** Records once, when the response is complete (sync: after the chain; async: when the context completes). */
  private final class Completion implements AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Instant startedAt;
    private final long startNanos;
    private final AtomicBoolean recorded = new AtomicBoolean();

    Completion(HttpServletRequest request, HttpServletResponse response, Instant startedAt, long startNanos) {
      this.request = request;
      this.response = response;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
    }

    void record() {
      if (!recorded.compareAndSet(false, true)) {
        return;
      }
      try {
        recorder.accept(new CompletedRequest(request, response, startedAt,
            Duration.ofNanos(System.nanoTime() - startNanos)));
      } catch (RuntimeException e) {
        // Analytics must never fail a request that has been answered already.
        failures.incrementAndGet();
        log.warn("Could not record request {} for analytics", RequestIdFilter.of(request), e);
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      record();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // onComplete follows.
    }

    @Override
    public void onError(AsyncEvent event) {
      // onComplete follows.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }

  /**
   * Adds the completion listener the moment the proxy goes async, before its worker thread can possibly
   * complete the request (adding it after the chain returned could miss a fast completion).
   */
  private static final class AsyncAware extends HttpServletRequestWrapper {
    private final Completion completion;

    AsyncAware(HttpServletRequest request, Completion completion) {
      super(request);
      this.completion = completion;
    }

    @Override
    public AsyncContext startAsync() {
      AsyncContext async = super.startAsync();
      async.addListener(completion);
      return async;
    }
  }
}
