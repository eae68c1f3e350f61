package loom.support;

/** The request contradicts what is stored: a name taken already, the last admin removed. */
public final class ConflictException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
