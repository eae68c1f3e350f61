package loom.config;

/**
 * A configuration problem that must stop the deploy. The message names the key, quotes the value
 * and says what is allowed, so the container log alone tells an admin what to fix.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigException(String key, String message) {
    super(key.isEmpty() ? message : key + ": " + message);
    this.key = key;
  }

  public ConfigException(String key, String message, Throwable cause) {
    super(key.isEmpty() ? message : key + ": " + message, cause);
    this.key = key;
  }

  /** The dotted key path the problem is about (e.g. {@code providers[1].base_url}); empty for the file itself. */
  public String key() {
    return key;
  }
}
