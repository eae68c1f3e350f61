package loom.cache.warming;

import java.util.function.Consumer;
import loom.analytics.RequestLog;
import loom.auth.Caller;

/** The request logs a replay reads: the successful ones of a period whose request and response bodies were kept. */
@FunctionalInterface
public interface LoggedRequests {
  /** Hands the matching logs to {@code sink}, oldest first, at most {@code replay.limit()} of them. */
  void read(Caller caller, WarmingSource.Replay replay, Consumer<RequestLog> sink);
}
