package loom.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code server} section: limits of the proxy itself and the default timeouts towards upstreams.
 *
 * @param maxBodyBytes largest request body the proxy accepts (larger gets 413)
 * @param upstreamTimeout longest wait for an upstream's next byte (response headers or a stream chunk)
 * @param connectTimeout longest wait for a TCP connection to an upstream
 * @param maxConcurrentRequests proxied exchanges waiting on the proxy's worker threads at once; more get 503
 * @param inlineCalls non-streamed calls answered on the container's request thread at once (0: none); the
 *     calls beyond it go to the worker threads
 */
public record ServerConfig(
    long maxBodyBytes,
    Duration upstreamTimeout,
    Duration connectTimeout,
    int maxConcurrentRequests,
    int inlineCalls) {
  public static final long DEFAULT_MAX_BODY = 4L * 1024 * 1024;
  public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 512;
  public static final int DEFAULT_INLINE_CALLS = 32;

  public ServerConfig {
    Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_MAX_BODY,
        DEFAULT_UPSTREAM_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_MAX_CONCURRENT_REQUESTS,
        DEFAULT_INLINE_CALLS);
  }
}
