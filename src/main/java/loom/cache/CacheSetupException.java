package loom.cache;

/**
 * The response cache cannot be set up from its configuration: the message names the file (or the loom.yaml
 * key) and what is wrong with it, so a deploy stops with something an admin can act on. A Redis that does not
 * answer is never a setup failure; the cache then starts in memory.
 */
public final class CacheSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CacheSetupException(String message) {
    super(message);
  }

  CacheSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
