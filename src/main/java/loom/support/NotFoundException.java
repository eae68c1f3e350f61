package loom.support;

/** Something asked for does not exist, or is not the caller's to see (the two are not told apart). */
public final class NotFoundException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String what, String id) {
    super("No " + what + " with id '" + id + "'.");
  }
}
