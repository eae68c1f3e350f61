package loom.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code auth} section.
 *
 * @param bootstrapAdminKey the API key the first user, {@code admin}, gets on a fresh store; empty
 *     means one is generated and printed once to the log
 * @param bootstrapAdminPassword that user's dashboard password; empty means generated and printed once
 * @param keyCacheTtl how long a looked-up API key is trusted without asking the store again (so a key
 *     revoked on another gateway stops working within this time)
 */
public record AuthConfig(
    Secret bootstrapAdminKey, Secret bootstrapAdminPassword, Duration keyCacheTtl) {
  public static final String ADMIN_KEY_ENV = "LOOM_ADMIN_KEY";
  public static final String ADMIN_PASSWORD_ENV = "LOOM_ADMIN_PASSWORD";
  public static final Duration DEFAULT_KEY_CACHE_TTL = Duration.ofSeconds(5);
  public static final String KEY_PREFIX = "lk-";
  public static final int MIN_KEY_SECRET_LENGTH = 16;
  public static final int MIN_PASSWORD_LENGTH = 8;

  public AuthConfig {
    Objects.requireNonNull(bootstrapAdminKey, "bootstrapAdminKey");
    Objects.requireNonNull(bootstrapAdminPassword, "bootstrapAdminPassword");
    Objects.requireNonNull(keyCacheTtl, "keyCacheTtl");
  }
}
