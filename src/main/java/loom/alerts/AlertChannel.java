package loom.alerts;

/**
 * A way alerts reach people. Implementations are thread-safe; {@link #send} blocks until the message is
 * delivered or given up (retries included) and then throws {@link NotificationException} with a short reason.
 */
interface AlertChannel extends AutoCloseable {
  /** {@code webhook} or {@code email}. */
  String name();

  void send(AlertMessage message, Target target) throws NotificationException;

  @Override
  void close();
}
