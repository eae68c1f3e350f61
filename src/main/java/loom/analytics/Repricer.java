package loom.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import loom.proxy.CacheStatus;
import loom.proxy.Usage;
import loom.store.Store;

/**
 * Recomputes the cost of the stored requests of a time range with the current price table, after a
 * price correction, each at the prices in force on its day, and moves the hourly and daily rollups' costs by the same amounts. Works in batches of rows in
 * (time, id) order, one transaction each, so a long range never holds the store for long. Errors and
 * cache hits stay at 0. Thread-safe.
 */
final class Repricer {
  static final int BATCH = 2_000;

  private final Store store;
  private final PriceTable prices;

  Repricer(Store store, PriceTable prices) {
    this.store = store;
    this.prices = prices;
  }

  /** What a repricing changed. */
  record Result(long updated, String priceVersion) {}

  Result reprice(Instant start, Instant end) {
    long updated = 0;
    long afterTs = Long.MIN_VALUE;
    String afterId = "";
    while (true) {
      long fromTs = afterTs;
      String fromId = afterId;
      List<RepriceDao.PricedRow> rows = store.read(handle -> handle.attach(RepriceDao.class)
          .rowsAfter(start.toEpochMilli(), end.toEpochMilli(), fromTs, fromId, BATCH));
      if (rows.isEmpty()) {
        return new Result(updated, prices.version());
      }
      updated += store.write(handle -> {
        RepriceDao dao = handle.attach(RepriceDao.class);
        int changed = 0;
        for (RepriceDao.PricedRow row : rows) {
          long cost = newCostNanos(row);
          String version = isPriceable(row) ? prices.version() : row.priceVersion();
          if (cost != row.costNanos() || !Objects.equals(version, row.priceVersion())) {
            dao.setCost(row.id(), cost, version);
            for (RollupTable table : RollupTable.values()) {
              dao.addRollupCost(table, table.floor(row.ts()), orEmpty(row.userId()), orEmpty(row.providerId()),
                  orEmpty(row.modelName()), row.endpoint(), cost - row.costNanos());
            }
            changed++;
          }
        }
        return changed;
      });
      RepriceDao.PricedRow last = rows.get(rows.size() - 1);
      afterTs = last.ts();
      afterId = last.id();
    }
  }

  private long newCostNanos(RepriceDao.PricedRow row) {
    if (!isPriceable(row)) {
      return row.costNanos();
    }
    Usage usage = new Usage(row.promptTokens(), row.completionTokens(), row.totalTokens(), row.cachedTokens(),
        row.reasoningTokens(), row.cacheWriteTokens(), row.cacheWrite1hTokens(), true);
    // At the prices of the request's own day: repricing corrects prices, it does not move them in time.
    Instant at = Instant.ofEpochMilli(row.ts());
    return Money.toNanos(prices.cost(row.providerId(), row.modelName(), usage, at).usd());
  }

  /** Only answered, non-cached requests that reached a provider carry a cost. */
  private static boolean isPriceable(RepriceDao.PricedRow row) {
    return row.statusCode() < 400 && row.providerId() != null && row.modelName() != null
        && !CacheStatus.HIT.name().equals(row.cacheStatus());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
