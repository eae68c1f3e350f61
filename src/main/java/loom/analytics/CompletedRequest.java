package loom.analytics;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;

/** A request through the proxy once its response is complete: what the recorder turns into a {@link RequestLog}. */
record CompletedRequest(
    HttpServletRequest request,
    HttpServletResponse response,
    Instant startedAt,
    Duration latency) {}
