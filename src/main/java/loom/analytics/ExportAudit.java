package loom.analytics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import loom.auth.Caller;
import loom.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs exports and writes each one to the audit trail when it ends, completed or not. Thread-safe. */
final class ExportAudit {
  private static final Logger log = LoggerFactory.getLogger(ExportAudit.class);

  private final Store store;
  private final Clock clock;

  ExportAudit(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** An export that counts the rows it has written in {@code rows} as it goes. */
  @FunctionalInterface
  interface Job {
    void run(AtomicLong rows);
  }

  /** Runs the export and records it; a failed export is recorded as incomplete with the rows written so far, then rethrown. */
  ExportRecord record(Caller caller, String kind, String format, String filter, Job export) {
    Instant started = clock.instant();
    AtomicLong rows = new AtomicLong();
    try {
      export.run(rows);
    } catch (RuntimeException | Error e) {
      try {
        save(entry(caller, kind, format, filter, started, rows.get(), false));
      } catch (RuntimeException auditFailed) {
        e.addSuppressed(auditFailed);
      }
      throw e;
    }
    return save(entry(caller, kind, format, filter, started, rows.get(), true));
  }

  private ExportRecord entry(
      Caller caller,
      String kind,
      String format,
      String filter,
      Instant started,
      long rows,
      boolean completed) {
    return new ExportRecord(
        "exp_" + UUID.randomUUID().toString().replace("-", ""),
        caller.userId(),
        caller.userName(),
        started,
        kind,
        format,
        filter == null ? "" : filter,
        rows,
        completed,
        Math.max(0, clock.millis() - started.toEpochMilli()));
  }

  private ExportRecord save(ExportRecord entry) {
    try {
      store.write(
          handle -> {
            handle
                .attach(ExportAuditDao.class)
                .insert(
                    entry.id(),
                    entry.userId(),
                    entry.userName(),
                    entry.createdAt().toEpochMilli(),
                    entry.kind(),
                    entry.format(),
                    entry.filter(),
                    entry.rows(),
                    entry.completed(),
                    entry.durationMs());
            return null;
          });
    } catch (RuntimeException e) {
      log.error(
          "Could not write the audit entry of export {} by {} ({} rows, filter '{}')",
          entry.id(),
          entry.userId(),
          entry.rows(),
          entry.filter(),
          e);
      throw e;
    }
    return entry;
  }

  List<ExportRecord> list(int limit, int offset) {
    return store.read(handle -> handle.attach(ExportAuditDao.class).list(limit, offset)).stream()
        .map(
            row ->
                new ExportRecord(
                    row.id(),
                    row.userId(),
                    row.userName(),
                    Instant.ofEpochMilli(row.createdAt()),
                    row.kind(),
                    row.format(),
                    row.filter(),
                    row.rowsExported(),
                    row.completed(),
                    row.durationMs()))
        .toList();
  }

  long count() {
    return store.read(handle -> handle.attach(ExportAuditDao.class).count());
  }
}
