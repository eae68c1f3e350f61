package loom.alerts;

/** A channel gave up on delivering an alert; the message is a short reason fit to show an administrator. */
final class NotificationException extends Exception {
  private static final long serialVersionUID = 1L;

  NotificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
