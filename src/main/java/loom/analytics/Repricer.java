package loom.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import loom.proxy.CacheStatus;
import loom.proxy.Usage;
import loom.store.Store;

/**
 * Recomputes the cost of the stored requests of a time range (all, or one provider's model's) with the current
 * price table, after a price correction, each at the prices in force at its own time, and moves the hourly,
 * daily and attributed daily rollups' costs by the same amounts. A row keeps the request log's meaning: the version of the prices that
 * priced it (none when nothing did) and the {@code unpriced} flag in its metadata exactly when nothing did. Works in
 * batches of rows in (time, id) order, one transaction each, so a long range never holds the store for long.
 * Errors and cache hits stay as they are. Thread-safe.
 */
final class Repricer {
  static final int BATCH = 2_000;
  static final String UNPRICED_FLAG = "unpriced";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final PriceTable prices;

  Repricer(Store store, PriceTable prices) {
    this.store = store;
    this.prices = prices;
  }

  /**
   * What a repricing changed: rows whose cost, price version or unpriced flag changed, by how many nano-dollars
   * their costs moved in all, and the price version in use at the end.
   */
  record Result(long updated, long costDeltaNanos, String priceVersion) {}

  Result reprice(Instant start, Instant end) {
    return reprice(start, end, null, null);
  }

  /** Reprices the rows of [start, end), only those of {@code model} on {@code providerId} when both are given. */
  Result reprice(Instant start, Instant end, String providerId, String model) {
    boolean oneModel = providerId != null && model != null;
    long updated = 0;
    long delta = 0;
    long afterTs = Long.MIN_VALUE;
    String afterId = "";
    while (true) {
      long fromTs = afterTs;
      String fromId = afterId;
      List<RepriceDao.PricedRow> rows =
          store.read(
              handle -> {
                RepriceDao dao = handle.attach(RepriceDao.class);
                return oneModel
                    ? dao.modelRowsAfter(
                        providerId,
                        model,
                        start.toEpochMilli(),
                        end.toEpochMilli(),
                        fromTs,
                        fromId,
                        BATCH)
                    : dao.rowsAfter(
                        start.toEpochMilli(), end.toEpochMilli(), fromTs, fromId, BATCH);
              });
      if (rows.isEmpty()) {
        return new Result(updated, delta, prices.version());
      }
      long[] batch = store.write(handle -> repriceBatch(handle.attach(RepriceDao.class), rows));
      updated += batch[0];
      delta += batch[1];
      RepriceDao.PricedRow last = rows.get(rows.size() - 1);
      afterTs = last.ts();
      afterId = last.id();
    }
  }

  /** A repriced row's cost change, for the attributed rollups. */
  private record CostMove(RepriceDao.PricedRow row, long nanos) {}

  /** Returns {rows changed, cost delta in nano-dollars}. */
  private long[] repriceBatch(RepriceDao dao, List<RepriceDao.PricedRow> rows) {
    long changed = 0;
    long delta = 0;
    List<CostMove> attributedMoves = new ArrayList<>();
    for (RepriceDao.PricedRow row : rows) {
      if (!isPriceable(row)) {
        continue;
      }
      Usage usage =
          new Usage(
              row.promptTokens(),
              row.completionTokens(),
              row.totalTokens(),
              row.cachedTokens(),
              row.reasoningTokens(),
              row.cacheWriteTokens(),
              row.cacheWrite1hTokens(),
              true);
      // At the prices of the request's own time: repricing corrects prices, it does not move them
      // in time.
      Cost cost =
          prices.cost(row.providerId(), row.modelName(), usage, Instant.ofEpochMilli(row.ts()));
      long nanos = Money.toNanos(cost.usd());
      String metadata = flagged(row.metadata(), !cost.priced());
      if (nanos != row.costNanos()
          || !Objects.equals(cost.priceVersion(), row.priceVersion())
          || !Objects.equals(metadata, row.metadata())) {
        dao.setCost(row.id(), nanos, cost.priceVersion(), metadata);
        if (nanos != row.costNanos()) {
          for (RollupTable table : RollupTable.values()) {
            dao.addRollupCost(
                table,
                table.floor(row.ts()),
                orEmpty(row.userId()),
                orEmpty(row.providerId()),
                orEmpty(row.modelName()),
                row.endpoint(),
                nanos - row.costNanos());
          }
          attributedMoves.add(new CostMove(row, nanos - row.costNanos()));
        }
        changed++;
        delta += nanos - row.costNanos();
      }
    }
    if (!attributedMoves.isEmpty()) {
      // Read after this batch's updates (see AttributedRollups#rolledUpBefore): rows of hours not
      // rolled up yet are summed with their new cost when they are.
      long mark = AttributedRollups.rolledUpBefore(dao.getHandle());
      for (CostMove move : attributedMoves) {
        if (move.row().ts() < mark) {
          AttributedRollups.addCost(dao.getHandle(), move.row().attributedKeys(), move.nanos());
        }
      }
    }
    return new long[] {changed, delta};
  }

  /** Only answered, non-cached requests that reached a provider carry a cost. */
  private static boolean isPriceable(RepriceDao.PricedRow row) {
    return row.statusCode() < 400
        && row.providerId() != null
        && row.modelName() != null
        && !CacheStatus.HIT.name().equals(row.cacheStatus());
  }

  /**
   * The metadata with the {@code unpriced} flag set or taken out; the same text when it already says so (or is not
   * the JSON object the recorder writes, which is then left as it is).
   */
  static String flagged(String metadata, boolean unpriced) {
    ObjectNode flags;
    try {
      JsonNode parsed = metadata == null ? JSON.createObjectNode() : JSON.readTree(metadata);
      if (!(parsed instanceof ObjectNode object)) {
        return metadata;
      }
      flags = object;
    } catch (JsonProcessingException e) {
      return metadata;
    }
    if (flags.path(UNPRICED_FLAG).asBoolean(false) == unpriced) {
      return metadata;
    }
    if (unpriced) {
      flags.put(UNPRICED_FLAG, true);
    } else {
      flags.remove(UNPRICED_FLAG);
    }
    return flags.isEmpty() ? null : flags.toString();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
