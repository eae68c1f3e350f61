package loom.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import loom.config.StorageConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The gateway's database: a connection pool over SQLite (a file under loom.home, WAL mode, busy
 * timeout) or PostgreSQL, with the schema migrated by Flyway when it opens. Writes go through
 * {@link #write}, one transaction each; on SQLite they are also taken one at a time, since SQLite has a
 * single writer anyway and queueing here beats failing with SQLITE_BUSY. Thread-safe.
 */
public final class Store implements AutoCloseable {
  static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;

  /** How much of a SQLite file reads may map (memory-mapped I/O); the rest is read as usual. */
  static final long SQLITE_MMAP_BYTES = 1L << 30;

  private static final Logger log = LoggerFactory.getLogger(Store.class);

  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final ReentrantLock writer;
  private final String description;

  private Store(HikariDataSource pool, Dialect dialect, String description) {
    this.pool = pool;
    this.dialect = dialect;
    this.description = description;
    this.writer = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
    this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
  }

  /** Opens the pool and brings the schema up to date, or fails with a message an admin can act on. */
  public static Store open(StorageConfig config) {
    Dialect dialect = config.isPostgres() ? Dialect.POSTGRESQL : Dialect.SQLITE;
    DataSource dataSource = dialect == Dialect.SQLITE ? sqlite(config) : postgres(config);
    HikariConfig settings = new HikariConfig();
    settings.setPoolName("loom-store");
    settings.setDataSource(dataSource);
    settings.setMaximumPoolSize(dialect == Dialect.SQLITE ? 4 : 10);
    settings.setConnectionTimeout(10_000);
    // Try one connection at once: a store that cannot be reached stops the deploy instead of the
    // first request.
    settings.setInitializationFailTimeout(1);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(settings);
    } catch (RuntimeException e) {
      throw new StoreException(
          "Cannot open the store " + config.describe() + ": " + rootMessage(e), e);
    }
    Store store = new Store(pool, dialect, config.describe());
    MigrateResult migration;
    try {
      migration =
          Flyway.configure(Store.class.getClassLoader())
              .dataSource(pool)
              .locations(dialect.migrations())
              .load()
              .migrate();
    } catch (FlywayException e) {
      store.close();
      throw new StoreException(
          "Cannot bring the schema of the store "
              + config.describe()
              + " up to date: "
              + rootMessage(e),
          e);
    }
    log.info(
        "Store open: {} ({}), schema version {}, migrations applied now: {}",
        config.describe(),
        dialect,
        migration.targetSchemaVersion == null
            ? migration.initialSchemaVersion
            : migration.targetSchemaVersion,
        migration.migrationsExecuted);
    return store;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Runs a unit of work that writes, in one transaction (on SQLite, one writer at a time). */
  public <R, X extends Exception> R write(HandleCallback<R, X> work) throws X {
    if (writer == null) {
      return jdbi.inTransaction(work);
    }
    writer.lock();
    try {
      return jdbi.inTransaction(work);
    } finally {
      writer.unlock();
    }
  }

  /** Runs a unit of work that only reads. */
  public <R, X extends Exception> R read(HandleCallback<R, X> work) throws X {
    return jdbi.withHandle(work);
  }

  /** Whether the store answers a trivial query right now. */
  public boolean isUp() {
    try {
      return read(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Closes the pool. (The JDBC drivers stay registered until the web application ends: see
   * {@link #unregisterDriversOf}.)
   */
  @Override
  public void close() {
    pool.close();
    log.info("Store closed: {}", description);
  }

  /**
   * Unregisters the JDBC drivers the given class loader loaded: a web application's last act, or Tomcat
   * reports them as a memory leak. Not part of {@link #close()}, because PostgreSQL connects through
   * DriverManager and another store in the same class loader may still need the driver.
   */
  public static void unregisterDriversOf(ClassLoader loader) {
    // Listing the drivers can register one of this loader's: DriverManager loads the class of each
    // driver it holds (another application's too) through the caller's loader, initialising it, and
    // sqlite-jdbc's class registers itself then (after a deploy that never opened a store, say).
    // The
    // first listing has that effect; the second sees what it registered. Tomcat's leak check does
    // the same.
    DriverManager.getDrivers();
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == loader) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException e) {
          log.warn("Could not unregister JDBC driver {}", driver.getClass().getName(), e);
        }
      }
    }
  }

  private static DataSource sqlite(StorageConfig config) {
    Path file =
        Path.of(config.url().substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""))
            .toAbsolutePath();
    Path folder = file.getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StoreException(
          "Cannot create the folder "
              + folder
              + " for the SQLite store "
              + file
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          e);
    }
    // WAL keeps -wal and -shm files beside the database, so the folder itself must be writable.
    if (!Files.isWritable(folder) || (Files.exists(file) && !Files.isWritable(file))) {
      throw new StoreException(
          "Cannot write the SQLite store "
              + file
              + ": permission denied (the user the "
              + "container runs as needs write access to the file and its folder "
              + folder
              + ")");
    }
    SQLiteConfig settings = new SQLiteConfig();
    settings.setJournalMode(SQLiteConfig.JournalMode.WAL);
    settings.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    settings.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
    settings.enforceForeignKeys(true);
    // Reads map the file instead of copying each page through read(2) into SQLite's 2 MB page
    // cache. What that saves is CPU on reads that jump between pages: an export in time order of
    // rows written out of order read 1,000,000 rows with about a quarter less CPU
    // (bench/analytics-api.sh, docs/PERFORMANCE.md). The mapping is address space, not heap: the
    // pages are the OS's file cache, shared and reclaimable.
    settings.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(SQLITE_MMAP_BYTES));
    SQLiteDataSource dataSource = new SQLiteDataSource(settings);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  private static DataSource postgres(StorageConfig config) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(config.url());
    if (!config.username().isEmpty()) {
      dataSource.setUser(config.username());
    }
    if (!config.password().isEmpty()) {
      dataSource.setPassword(config.password().value());
    }
    dataSource.setConnectTimeout(10);
    return dataSource;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
