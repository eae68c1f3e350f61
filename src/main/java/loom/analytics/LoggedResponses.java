package loom.analytics;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import loom.proxy.StoredResponses;
import loom.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Responses API responses every gateway node sharing the store relayed, from the request log (a row carries the
 * id of the response its call made or touched, and flags a background one), and the claims that price each
 * background response once. A store that fails makes a response unknown (the call goes where routing says) and a
 * claim this node's alone, so no call fails for it. Thread-safe.
 */
public final class LoggedResponses implements StoredResponses {
  private static final Logger log = LoggerFactory.getLogger(LoggedResponses.class);

  private final Store store;
  private final Clock clock;
  private final Set<String> claimedWhileStoreFailed = ConcurrentHashMap.newKeySet();

  public LoggedResponses(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Optional<Origin> origin(String responseId) {
    try {
      return store.read(
          handle ->
              handle
                  .createQuery(
                      "SELECT provider_id, user_id, metadata FROM request_logs "
                          + "WHERE response_id = :id AND provider_id IS NOT NULL ORDER BY ts LIMIT 1")
                  .bind("id", responseId)
                  .map(
                      (rs, ctx) ->
                          new Origin(
                              rs.getString("provider_id"),
                              rs.getString("user_id"),
                              String.valueOf(rs.getString("metadata"))
                                  .contains("\"" + RequestRecorder.BACKGROUND_FLAG + "\":true")))
                  .findOne());
    } catch (RuntimeException e) {
      log.warn("Could not look up response {} in the request log: {}", responseId, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public boolean claimPricing(String responseId) {
    try {
      return store.write(
              handle ->
                  handle
                      .createUpdate(
                          "INSERT INTO response_pricing (response_id, priced_at) "
                              + "VALUES (:id, :at) ON CONFLICT (response_id) DO NOTHING")
                      .bind("id", responseId)
                      .bind("at", clock.millis())
                      .execute())
          == 1;
    } catch (RuntimeException e) {
      log.warn(
          "Could not record that response {} is priced; priced by this node's memory only: {}",
          responseId,
          e.toString());
      return claimedWhileStoreFailed.add(responseId);
    }
  }
}
