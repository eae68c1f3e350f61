package loom.cache.warming;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * What an admin asks a warming run to do.
 *
 * @param namespace the namespace of the requests that name none themselves, or null
 * @param userId with {@code cache.scope: user}, whose partition the entries go to; null for the caller's own
 * @param ttl how long the entries are kept; null for {@code cache.default_ttl}; at most {@code cache.max_ttl}
 * @param dryRun only check, key, count and estimate: nothing is fetched or stored
 * @param maxCostUsd stop fetching once the fetches have cost this much; null for no bound
 */
public record WarmingRequest(
    WarmingSource source,
    String namespace,
    String userId,
    Duration ttl,
    boolean dryRun,
    BigDecimal maxCostUsd) {
  public WarmingRequest {
    Objects.requireNonNull(source, "source");
  }
}
