package loom.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code storage} section: where the gateway keeps users, keys and (later) request logs.
 *
 * @param url a {@code jdbc:sqlite:<file>} URL (the default, a file under loom.home) or a
 *     {@code jdbc:postgresql://host/db} URL for a store several gateways share
 * @param username and password: PostgreSQL credentials, when not in the URL (empty otherwise)
 * @param retention how long request logs are kept; older ones are purged
 * @param rollupRetention how long the hourly rollups (the statistics) are kept
 */
public record StorageConfig(
    String url, String username, Secret password, Duration retention, Duration rollupRetention) {
  public static final String DEFAULT_FILE = "loom.db";
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
  public static final Duration DEFAULT_ROLLUP_RETENTION = Duration.ofDays(730);

  public StorageConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(rollupRetention, "rollupRetention");
  }

  /** A store at {@code url} with the default retention. */
  public StorageConfig(String url, String username, Secret password) {
    this(url, username, password, DEFAULT_RETENTION, DEFAULT_ROLLUP_RETENTION);
  }

  public boolean isPostgres() {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
  }

  public boolean isSqlite() {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:");
  }

  /** The URL without anything after a password-ish query parameter, for messages and logs. */
  public String describe() {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
