package loom.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import loom.store.Store;

/**
 * The run-time prices in the store, which every gateway sharing it reads: each write is one transaction that also
 * moves the revision counter, so a gateway learns whether anything changed from one tiny read. Thread-safe.
 */
final class PriceOverrideStore {
  private final Store store;

  PriceOverrideStore(Store store) {
    this.store = store;
  }

  /** Every run-time price and the revision they are at (at least: read first, so a later change is never missed). */
  record Loaded(long revision, List<PriceOverride> prices) {
    Loaded {
      prices = List.copyOf(prices);
    }
  }

  Loaded load() {
    return store.read(
        handle -> {
          PriceOverrideDao dao = handle.attach(PriceOverrideDao.class);
          // The revision before the rows: a change committed in between shows as a newer revision
          // at the next look.
          long revision = dao.revision();
          return new Loaded(
              revision, dao.all().stream().map(PriceOverrideDao.Row::toOverride).toList());
        });
  }

  long revision() {
    return store.read(handle -> handle.attach(PriceOverrideDao.class).revision());
  }

  /** Stores a price, replacing the one of the same provider, model and start; true when there was none. */
  boolean save(PriceOverride price) {
    return store.write(
        handle -> {
          PriceOverrideDao dao = handle.attach(PriceOverrideDao.class);
          dao.bumpRevision();
          boolean created =
              dao.find(price.providerId(), price.model(), price.effectiveFromMillis()).isEmpty();
          dao.save(PriceOverrideDao.Row.of(price));
          return created;
        });
  }

  /** Deletes one price; false when there was none (and then nothing changed). */
  boolean delete(String providerId, String model, Instant effectiveFrom) {
    return store.write(
        handle -> {
          PriceOverrideDao dao = handle.attach(PriceOverrideDao.class);
          boolean deleted = dao.delete(providerId, model, millis(effectiveFrom)) == 1;
          if (deleted) {
            dao.bumpRevision();
          }
          return deleted;
        });
  }

  Optional<PriceOverride> find(String providerId, String model, Instant effectiveFrom) {
    return store.read(
        handle ->
            handle
                .attach(PriceOverrideDao.class)
                .find(providerId, model, millis(effectiveFrom))
                .map(PriceOverrideDao.Row::toOverride));
  }

  /** A page of the prices of one provider and/or model (null: any), by provider, model and start. */
  List<PriceOverride> page(String providerId, String model, int limit, int offset) {
    return store
        .read(
            handle -> handle.attach(PriceOverrideDao.class).page(providerId, model, limit, offset))
        .stream()
        .map(PriceOverrideDao.Row::toOverride)
        .toList();
  }

  long count(String providerId, String model) {
    return store.read(handle -> handle.attach(PriceOverrideDao.class).count(providerId, model));
  }

  private static long millis(Instant effectiveFrom) {
    return effectiveFrom == null ? 0 : effectiveFrom.toEpochMilli();
  }
}
