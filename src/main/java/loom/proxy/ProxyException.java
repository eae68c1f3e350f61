package loom.proxy;

/** A failure of a proxied request that the client must hear about as the carried OpenAI-shaped error. */
final class ProxyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient OpenAiError error;

  ProxyException(OpenAiError error) {
    this(error, null);
  }

  ProxyException(OpenAiError error, Throwable cause) {
    super(error.status() + " " + error.code() + ": " + error.message(), cause);
    this.error = error;
  }

  OpenAiError error() {
    return error;
  }
}
