package loom.support;

/**
 * The root of the gateway's own failures that a caller must hear about. The REST API maps each
 * subclass to one HTTP status in one place; nothing else builds error responses by hand.
 */
public abstract class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected GatewayException(String message) {
    super(message);
  }
}
