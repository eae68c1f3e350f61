package loom.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import loom.config.AuthConfig;
import loom.config.Secret;
import loom.store.Store;
import loom.testing.TestClock;

/**
 * The auth services of one gateway over a test store, with a test clock, cheap password hashing and an
 * admin created by {@link AuthBootstrap} with a known key.
 */
final class Identity {
  static final Duration TTL = Duration.ofSeconds(5);
  static final String ADMIN_KEY = "lk-admin-key-for-tests-0123456789";
  static final String ADMIN_PASSWORD = "admin-password";
  static final Instant START = Instant.parse("2026-01-21T12:00:00Z");

  final Store store;
  final TestClock clock;
  final ApiKeyService keys;
  final UserService users;
  final Caller admin;

  Identity(Store store) {
    this(store, new TestClock(START));
  }

  private Identity(Store store, TestClock clock) {
    this.store = store;
    this.clock = clock;
    this.keys =
        new ApiKeyService(store, clock, TTL, KeyCache.DEFAULT_MAX_ENTRIES, new KeyMaterial());
    this.users = new UserService(store, keys, clock, cheapPasswords(), new KeyMaterial());
    bootstrap(store, clock, new AuthConfig(new Secret(ADMIN_KEY), new Secret(ADMIN_PASSWORD), TTL))
        .run();
    this.admin = keys.authenticate(ADMIN_KEY).orElseThrow();
  }

  /** The services of a second gateway on the same store, sharing this one's clock. */
  Identity otherGateway() {
    return new Identity(store, clock);
  }

  static AuthBootstrap bootstrap(Store store, TestClock clock, AuthConfig config) {
    return new AuthBootstrap(store, config, clock, cheapPasswords(), new KeyMaterial());
  }

  /** PBKDF2 with few iterations: the format and the checks are the same, the tests stay fast. */
  static Passwords cheapPasswords() {
    return new Passwords(1_000, new SecureRandom());
  }

  /** A new user with the role, acting through a key of their own. */
  Caller newCaller(String name, Role role) {
    User user = users.create(admin, name, role, null);
    return keys.authenticate(keys.issue(admin, user.id(), "key of " + name).secret()).orElseThrow();
  }
}
