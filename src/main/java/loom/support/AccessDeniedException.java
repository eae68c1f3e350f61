package loom.support;

/** The caller is known but may not do this (e.g. a user acting on users, which is for admins). */
public final class AccessDeniedException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }
}
