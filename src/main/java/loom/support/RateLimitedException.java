package loom.support;

/** The caller asked too often; answered 429 with a Retry-After of {@link #retryAfterSeconds()}. */
public final class RateLimitedException extends GatewayException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterSeconds;

  public RateLimitedException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
