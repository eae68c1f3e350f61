package loom.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The {@code storage} section: where the gateway keeps users, keys and (later) request logs.
 *
 * @param url a {@code jdbc:sqlite:<file>} URL (the default, a file under loom.home) or a
 *     {@code jdbc:postgresql://host/db} URL for a store several gateways share
 * @param username and password: PostgreSQL credentials, when not in the URL (empty otherwise)
 */
public record StorageConfig(String url, String username, Secret password) {
  public static final String DEFAULT_FILE = "loom.db";

  public StorageConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
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
