package loom.cache;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import loom.config.CacheConfig;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/**
 * How to reach Redis, as a Redisson configuration: from {@code cache.redis_url}, set to fail fast so a dead
 * Redis costs at most one {@code cache.redis_timeout} per operation, or from the user's
 * {@code cache.redisson_config} file, whose own timeouts and retries then apply. Either way the connection is
 * made lazily (a Redis that is down never blocks or fails the deploy) and values are plain strings, readable
 * with redis-cli and decoded without loading classes.
 *
 * @param redisson the Redisson configuration, for the one client the backend makes from it
 * @param description where Redis is, for logs: the URL with its password masked, or "per" the redisson.yaml
 */
record RedisSettings(Config redisson, String description) {
  private static final int DEFAULT_PORT = 6379;
  private static final int REDIS_THREADS = 4;

  /** The settings the configuration names; a bad URL or file throws {@link CacheSetupException}. */
  static RedisSettings from(CacheConfig config) {
    RedisSettings settings =
        config.redissonConfig().isPresent()
            ? fromFile(config.redissonConfig().get())
            : fromUrl(config);
    settings.redisson().setLazyInitialization(true);
    settings.redisson().setCodec(StringCodec.INSTANCE);
    return settings;
  }

  private static RedisSettings fromFile(Path file) {
    try {
      return new RedisSettings(Config.fromYAML(file.toFile()), "per " + file);
    } catch (IOException | RuntimeException e) {
      throw new CacheSetupException(
          "Cannot read the Redisson configuration " + file + ": " + CacheBackends.describe(e), e);
    }
  }

  /** {@code redis[s]://[[user]:password@]host[:port][/db]}: Redisson ignores credentials and db in an address. */
  private static RedisSettings fromUrl(CacheConfig config) {
    String masked = config.maskedRedisUrl();
    URI url;
    try {
      url = new URI(config.redisUrl().value());
    } catch (URISyntaxException e) {
      // The reason only: the exception's own message quotes the URL, password and all.
      throw invalidUrl(
          masked,
          e.getReason()
              + " at index "
              + e.getIndex()
              + " (percent-encode special characters in the password)");
    }
    if (url.getHost() == null) {
      throw invalidUrl(masked, "it names no host");
    }
    int timeout = Math.toIntExact(config.redisTimeout().toMillis());
    int cleanUpSeconds = Math.toIntExact(Math.max(1, config.cleanupPeriod().toSeconds()));
    Config redisson =
        new Config()
            // Expired entries are invisible at once; this is how often Redisson removes them from
            // Redis.
            .setMinCleanUpDelay(cleanUpSeconds)
            .setMaxCleanUpDelay(cleanUpSeconds)
            // Redisson's defaults (32 Netty threads, 16 workers, 24 idle connections) suit an
            // application of its own, not one feature of a WAR sharing its container: a cache does
            // one small command per request.
            .setNettyThreads(REDIS_THREADS)
            .setThreads(REDIS_THREADS);
    SingleServerConfig server =
        redisson
            .useSingleServer()
            .setAddress(
                url.getScheme()
                    + "://"
                    + url.getHost()
                    + ":"
                    + (url.getPort() < 0 ? DEFAULT_PORT : url.getPort()))
            .setDatabase(database(url, masked))
            .setConnectTimeout(timeout)
            .setTimeout(timeout)
            .setRetryAttempts(0)
            .setConnectionMinimumIdleSize(2)
            .setConnectionPoolSize(32)
            .setSubscriptionConnectionMinimumIdleSize(1);
    String userInfo = url.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String username = colon < 0 ? userInfo : userInfo.substring(0, colon);
      if (!username.isEmpty()) {
        server.setUsername(username);
      }
      if (colon >= 0) {
        server.setPassword(userInfo.substring(colon + 1));
      }
    }
    return new RedisSettings(redisson, masked);
  }

  private static int database(URI url, String masked) {
    String path = url.getPath() == null ? "" : url.getPath().replaceFirst("^/", "");
    if (path.isEmpty()) {
      return 0;
    }
    if (!path.matches("\\d{1,5}")) {
      throw invalidUrl(masked, "the path must be a database number, like /0; it is /" + path);
    }
    return Integer.parseInt(path);
  }

  private static CacheSetupException invalidUrl(String masked, String problem) {
    return new CacheSetupException(
        "cache.redis_url '"
            + masked
            + "' is not a Redis URL like "
            + "redis://:password@host:6379/0: "
            + problem);
  }
}
