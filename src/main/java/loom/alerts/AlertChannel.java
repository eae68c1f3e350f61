package loom.alerts;

/**
 * A way alerts reach people. Implementations are thread-safe; {@link #send} blocks until the message is
 * delivered or given up (retries included) and throws {@link NotificationException} with a short
 * human-readable reason when it gave up.
 */
interface AlertChannel extends AutoCloseable {
  /** {@code webhook} or {@code email}. */
  String name();

  void send(AlertMessage message, Target target) throws NotificationException;

  /** Releases the channel's connections; it sends nothing afterwards. */
  @Override
  void close();
}
