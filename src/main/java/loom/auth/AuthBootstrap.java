package loom.auth;

import java.time.Clock;
import java.time.Instant;
import loom.config.AuthConfig;
import loom.store.Store;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a fresh store its first user: {@code admin}, role admin, with the configured API key and
 * dashboard password or generated ones, each generated secret logged once at WARN (a configured one
 * never). Does nothing once any user exists, also when another gateway on the same store won the race.
 */
public final class AuthBootstrap {
  static final String ADMIN_NAME = "admin";
  static final String KEY_NAME = "bootstrap";
  private static final Logger log = LoggerFactory.getLogger(AuthBootstrap.class);

  private final Store store;
  private final AuthConfig config;
  private final Clock clock;
  private final Passwords passwords;
  private final KeyMaterial material;

  public AuthBootstrap(Store store, AuthConfig config, Clock clock) {
    this(store, config, clock, new Passwords(), new KeyMaterial());
  }

  AuthBootstrap(
      Store store, AuthConfig config, Clock clock, Passwords passwords, KeyMaterial material) {
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.passwords = passwords;
    this.material = material;
  }

  /** Creates the admin if the store has no user yet; returns whether it did. */
  public boolean run() {
    if (hasUsers()) {
      if (!config.bootstrapAdminKey().isEmpty() || !config.bootstrapAdminPassword().isEmpty()) {
        log.info(
            "The store has users already, so the configured bootstrap admin key and password are not used");
      }
      return false;
    }
    boolean keyGenerated = config.bootstrapAdminKey().isEmpty();
    boolean passwordGenerated = config.bootstrapAdminPassword().isEmpty();
    String key = keyGenerated ? material.newKey() : config.bootstrapAdminKey().value();
    char[] password =
        passwordGenerated
            ? material.newPassword()
            : config.bootstrapAdminPassword().value().toCharArray();
    if (!createAdmin(key, passwords.hash(password))) {
      log.info("Another gateway created the first user at the same time; keeping that one");
      return false;
    }
    if (keyGenerated) {
      log.warn(
          "Created user '{}' with API key {} (generated: shown only this once, store it now; set {} to "
              + "choose it)",
          ADMIN_NAME,
          key,
          AuthConfig.ADMIN_KEY_ENV);
    } else {
      log.info("Created user '{}' with the configured API key", ADMIN_NAME);
    }
    if (passwordGenerated) {
      log.warn(
          "User '{}' has dashboard password {} (generated: shown only this once, store it now; set {} to "
              + "choose it)",
          ADMIN_NAME,
          new String(password),
          AuthConfig.ADMIN_PASSWORD_ENV);
    }
    return true;
  }

  private boolean hasUsers() {
    return store.read(handle -> handle.attach(UserDao.class).count()) > 0;
  }

  /** Inserts the admin and its key in one transaction; false if some user exists by then. */
  private boolean createAdmin(String key, String passwordHash) {
    Instant now = Instant.ofEpochMilli(clock.millis());
    User admin = new User(material.newUserId(), ADMIN_NAME, Role.ADMIN, now, now);
    ApiKey apiKey =
        new ApiKey(
            material.newKeyId(),
            admin.id(),
            KEY_NAME,
            KeyMaterial.displayPrefix(key),
            now,
            null,
            null);
    try {
      return store.write(
          handle -> {
            UserDao users = handle.attach(UserDao.class);
            if (users.count() > 0) {
              return false;
            }
            users.insert(admin, passwordHash);
            handle.attach(ApiKeyDao.class).insert(apiKey, KeyMaterial.hash(key));
            return true;
          });
    } catch (JdbiException e) {
      // Two gateways starting at once on one PostgreSQL: the second insert breaks the unique name.
      if (hasUsers()) {
        return false;
      }
      throw e;
    }
  }
}
