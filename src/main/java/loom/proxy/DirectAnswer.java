package loom.proxy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import loom.auth.Caller;

/**
 * How a {@link DirectRequest} ended: everything the request log needs to record it as it records a client's call
 * (who, where it went, its status, usage, timing, error), and the answer kept for the cache when it succeeded whole.
 *
 * @param path the path a client would have called, e.g. {@code /v1/chat/completions}
 * @param status the HTTP status a client would have received
 * @param refusedByBudget whether an enforced budget refused it before it went upstream (429, the reason in {@link
 *     #errorMessage()})
 */
public record DirectAnswer(
    String requestId,
    String path,
    Caller caller,
    Attribution attribution,
    Instant startedAt,
    Duration latency,
    int status,
    ProxyOutcome outcome,
    boolean refusedByBudget) {
  public DirectAnswer {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(outcome, "outcome");
    attribution = attribution == null ? Attribution.NONE : attribution;
  }

  /** The successful answer as relayed, whole, when it fitted the capture limit. */
  public Optional<CapturedResponse> captured() {
    return outcome.capturedForCache().filter(answer -> status == 200 && answer.status() == 200);
  }

  /** What went wrong, when the call failed: the error a client would have read. */
  public Optional<String> errorMessage() {
    return status >= 400
        ? Optional.of(outcome.errorMessage().orElse("HTTP " + status))
        : outcome.errorMessage();
  }
}
