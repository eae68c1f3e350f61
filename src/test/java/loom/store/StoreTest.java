package loom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import loom.config.StorageConfig;
import loom.testing.TestStores;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class StoreTest {
  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();

  @Test
  void opensAndMigratesAnEmptyDatabase() {
    Store store = stores.open(dialect);

    assertThat(store.dialect()).isEqualTo(dialect);
    assertThat(store.isUp()).isTrue();
    assertThat(count(store, "users")).isZero();
    assertThat(count(store, "api_keys")).isZero();
    assertThat(appliedMigrations(store)).isEqualTo(migrationFiles(dialect)).isPositive();
  }

  @Test
  void reopeningTheSameDatabaseDoesNotRunTheMigrationsAgain() {
    StorageConfig config = stores.config(dialect);
    Store first = stores.open(config);
    insertUser(first, "usr_kept");
    long applied = appliedMigrations(first);
    first.close();

    Store second = stores.open(config);

    assertThat(appliedMigrations(second)).isEqualTo(applied);
    assertThat(count(second, "users")).isEqualTo(1);
  }

  @Test
  void aWriteRollsBackWhenItThrows() {
    Store store = stores.open(dialect);

    assertThatThrownBy(
            () ->
                store.write(
                    handle -> {
                      insertUser(handle, "usr_rolled_back");
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");

    assertThat(count(store, "users")).isZero();
  }

  @Test
  void aWriteCommitsWhenItReturns() {
    Store store = stores.open(dialect);

    store.write(handle -> insertUser(handle, "usr_committed"));

    assertThat(count(store, "users")).isEqualTo(1);
  }

  private static long count(Store store, String table) {
    return store.read(
        handle -> handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  /** The migration scripts shipped for a dialect (in src/main/resources/db/<dialect>/). */
  private static long migrationFiles(Dialect dialect) {
    try (var files =
        java.nio.file.Files.list(
            java.nio.file.Path.of(
                StoreTest.class
                    .getResource("/db/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
                    .toURI()))) {
      return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long appliedMigrations(Store store) {
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT COUNT(*) FROM flyway_schema_history WHERE success = :success AND version IS NOT NULL")
                .bind("success", true)
                .mapTo(Long.class)
                .one());
  }

  private static void insertUser(Store store, String id) {
    store.write(handle -> insertUser(handle, id));
  }

  private static int insertUser(Handle handle, String id) {
    return handle
        .createUpdate(
            "INSERT INTO users (id, name, role, created_at, updated_at)"
                + " VALUES (:id, :id, 'user', 0, 0)")
        .bind("id", id)
        .execute();
  }
}
