package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import loom.config.AuthConfig;
import loom.config.Secret;
import loom.store.Dialect;
import loom.store.Store;
import loom.testing.CapturedLog;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class AuthBootstrapTest {
  private static final String CONFIGURED_KEY = "lk-configured-admin-key-42";
  private static final String CONFIGURED_PASSWORD = "configured-password";
  private static final Duration TTL = Duration.ofSeconds(5);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private CapturedLog log;
  private final TestClock clock = new TestClock(Identity.START);
  private Store store;
  private ApiKeyService keys;
  private UserService users;

  @BeforeEach
  void openStoreAndCaptureLogs() {
    log = CapturedLog.of(AuthBootstrap.class);
    store = stores.open(dialect);
    keys = new ApiKeyService(store, clock, TTL, KeyCache.DEFAULT_MAX_ENTRIES, new KeyMaterial());
    users = new UserService(store, keys, clock, Identity.cheapPasswords(), new KeyMaterial());
  }

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  @Test
  void anEmptyStoreGetsAnAdminWithTheConfiguredKeyAndPassword() {
    boolean created = bootstrap(CONFIGURED_KEY, CONFIGURED_PASSWORD).run();

    assertThat(created).isTrue();
    Caller admin = keys.authenticate(CONFIGURED_KEY).orElseThrow();
    assertThat(admin.userName()).isEqualTo("admin");
    assertThat(admin.isAdmin()).isTrue();
    assertThat(users.verifyPassword("admin", CONFIGURED_PASSWORD.toCharArray())).isPresent();
    assertThat(keys.list(admin, null, 10, 0))
        .singleElement()
        .satisfies(key -> assertThat(key.prefix()).isEqualTo("lk-configur"));
    assertThat(log.records())
        .noneMatch(record -> record.getLevel().intValue() >= Level.WARNING.intValue());
    assertThat(log.records())
        .noneMatch(
            record ->
                text(record).contains(CONFIGURED_KEY)
                    || text(record).contains(CONFIGURED_PASSWORD));
  }

  @Test
  void generatedSecretsAreLoggedOnceAtWarnAndWork() {
    bootstrap("", "").run();

    List<String> warnings =
        log.records().stream()
            .filter(record -> record.getLevel() == Level.WARNING)
            .map(AuthBootstrapTest::text)
            .toList();
    assertThat(warnings).hasSize(2);
    String key =
        find(warnings, "with API key (lk-[A-Za-z0-9_-]{43}) \\(generated: shown only this once");
    String password =
        find(warnings, "dashboard password ([A-Za-z0-9_-]{20}) \\(generated: shown only this once");
    assertThat(warnings)
        .anySatisfy(line -> assertThat(line).contains("set LOOM_ADMIN_KEY to choose it"));
    assertThat(warnings)
        .anySatisfy(line -> assertThat(line).contains("set LOOM_ADMIN_PASSWORD to choose it"));
    assertThat(keys.authenticate(key))
        .hasValueSatisfying(caller -> assertThat(caller.isAdmin()).isTrue());
    assertThat(users.verifyPassword("admin", password.toCharArray())).isPresent();
    assertThat(log.records()).filteredOn(record -> text(record).contains(key)).hasSize(1);
    assertThat(log.records()).filteredOn(record -> text(record).contains(password)).hasSize(1);
  }

  @Test
  void aSecondRunCreatesAndLogsNothing() {
    bootstrap("", "").run();
    log.clear();

    boolean created = bootstrap("", CONFIGURED_PASSWORD).run();

    assertThat(created).isFalse();
    assertThat(log.records()).noneMatch(record -> record.getLevel() == Level.WARNING);
    Caller admin = adminOf(store);
    assertThat(users.count(admin)).isEqualTo(1);
    assertThat(keys.count(admin, null)).isEqualTo(1);
  }

  @Test
  void twoGatewaysStartingAtOnceCreateOneAdmin() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> runs =
        List.of(
            CompletableFuture.supplyAsync(() -> awaitThenRun(start, bootstrap("", ""))),
            CompletableFuture.supplyAsync(() -> awaitThenRun(start, bootstrap("", ""))));

    start.countDown();

    assertThat(runs).extracting(CompletableFuture::join).containsExactlyInAnyOrder(true, false);
    assertThat(users.count(adminOf(store))).isEqualTo(1);
  }

  private AuthBootstrap bootstrap(String key, String password) {
    return Identity.bootstrap(
        store, clock, new AuthConfig(new Secret(key), new Secret(password), TTL));
  }

  private static boolean awaitThenRun(CountDownLatch start, AuthBootstrap bootstrap) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return bootstrap.run();
  }

  /** Acts as the stored admin without knowing a key: the tests here only count what exists. */
  private Caller adminOf(Store store) {
    return store
        .read(
            handle ->
                handle
                    .createQuery("SELECT id FROM users WHERE name = 'admin'")
                    .mapTo(String.class)
                    .findOne())
        .map(adminId -> new Caller(adminId, "admin", Role.ADMIN, null))
        .orElseThrow();
  }

  private static String find(List<String> lines, String regex) {
    Pattern pattern = Pattern.compile(regex);
    return lines.stream()
        .map(pattern::matcher)
        .filter(Matcher::find)
        .map(matcher -> matcher.group(1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no log line matches " + regex + " in " + lines));
  }

  private static String text(LogRecord record) {
    return String.valueOf(record.getMessage());
  }
}
