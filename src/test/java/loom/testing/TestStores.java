package loom.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import loom.config.Secret;
import loom.config.StorageConfig;
import loom.store.Dialect;
import loom.store.Store;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Gives each test a fresh, empty store of either dialect: a new SQLite file in a temp folder, or a new
 * database ({@code loom_test_N}) on one real PostgreSQL that is started once per test run, on
 * 127.0.0.1 only, and stopped when the run ends. Register it on an instance field and run the class for
 * both dialects:
 *
 * <pre>{@code
 * @ParameterizedClass @EnumSource(Dialect.class)
 * class ThingTest {
 *   @Parameter Dialect dialect;
 *   @RegisterExtension final TestStores stores = new TestStores();
 *   @BeforeEach void open() { store = stores.open(dialect); }   // closed after each test
 * }
 * }</pre>
 */
public final class TestStores implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestStores.class);
  private static final String USER = "postgres";

  private final List<Store> opened = new ArrayList<>();
  private ExtensionContext context;
  private Path folder;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    this.context = context;
    this.folder = Files.createTempDirectory("loom-store-test");
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** A configuration for a new, empty database of the dialect. */
  public StorageConfig config(Dialect dialect) {
    return dialect == Dialect.SQLITE ? sqlite() : postgres();
  }

  /** A new SQLite file (not created yet) in this test's temp folder. */
  public StorageConfig sqlite() {
    Path file = folder().resolve("loom-" + System.nanoTime() + ".db");
    return new StorageConfig("jdbc:sqlite:" + file, "", new Secret(""));
  }

  /** A new, empty database on the shared PostgreSQL. */
  public StorageConfig postgres() {
    return postgresServer().newDatabase();
  }

  /** Opens a store on a new database of the dialect; it is closed after the test. */
  public Store open(Dialect dialect) {
    return open(config(dialect));
  }

  /** Opens (another) store on the configured database; it is closed after the test. */
  public Store open(StorageConfig config) {
    Store store = Store.open(config);
    opened.add(store);
    return store;
  }

  /** This test's temp folder, deleted after the test. */
  public Path folder() {
    if (folder == null) {
      throw new IllegalStateException(
          "TestStores is used outside a test: register it with @RegisterExtension");
    }
    return folder;
  }

  private SharedPostgres postgresServer() {
    if (context == null) {
      throw new IllegalStateException(
          "TestStores is used outside a test: register it with @RegisterExtension");
    }
    // The root context lives as long as the test run, so the server starts once and JUnit closes it
    // at the end.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedPostgres.class, key -> SharedPostgres.start(), SharedPostgres.class);
  }

  /** The one PostgreSQL of the test run, and the count of databases made on it. */
  private record SharedPostgres(EmbeddedPostgres server, AtomicInteger databases)
      implements AutoCloseable {
    static SharedPostgres start() {
      try {
        return new SharedPostgres(
            EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start(),
            new AtomicInteger());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
      }
    }

    StorageConfig newDatabase() {
      String name = "loom_test_" + databases.incrementAndGet();
      PGSimpleDataSource admin = new PGSimpleDataSource();
      admin.setURL(url(USER));
      admin.setUser(USER);
      try (Connection connection = admin.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot create the test database " + name, e);
      }
      return new StorageConfig(url(name), USER, new Secret(""));
    }

    String url(String database) {
      return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
