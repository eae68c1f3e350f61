package loom.alerts;

/** A notification that could not be delivered, with a short reason fit to be stored on the alert. */
final class NotificationException extends Exception {
  NotificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
