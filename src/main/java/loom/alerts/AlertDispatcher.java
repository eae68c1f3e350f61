package loom.alerts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import loom.support.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alert notifications, each channel on a thread of its own with a bounded queue, so a slow or failing
 * webhook never delays the checks or the e-mails (and the reverse). What became of each notification —
 * {@code sent} or {@code failed: <reason>} — is handed to a status sink that stores it on the alert.
 */
final class AlertDispatcher implements AutoCloseable {
  static final int QUEUE = 1_000;
  private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

  /** Receives the outcome of one notification of one alert. */
  @FunctionalInterface
  interface StatusSink {
    void status(String alertId, String channel, String status);
  }

  private final List<AlertChannel> channels;
  private final Map<String, ThreadPoolExecutor> senders = new LinkedHashMap<>();
  private final StatusSink sink;

  AlertDispatcher(List<AlertChannel> channels, StatusSink sink) {
    this.channels = List.copyOf(channels);
    this.sink = sink;
    for (AlertChannel channel : this.channels) {
      ThreadPoolExecutor sender =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(QUEUE),
              NamedThreads.daemon("loom-alerts-" + channel.name()));
      senders.put(channel.name(), sender);
    }
  }

  /** The channels that would carry a message to this target, by name. */
  List<String> channelsFor(Target target) {
    return channels.stream()
        .filter(channel -> applies(channel, target))
        .map(AlertChannel::name)
        .toList();
  }

  /** Queues the message on every channel the target has; returns at once. */
  void dispatch(AlertMessage message, Target target) {
    for (AlertChannel channel : channels) {
      if (!applies(channel, target)) {
        continue;
      }
      try {
        senders
            .get(channel.name())
            .execute(
                () ->
                    sink.status(message.alertId(), channel.name(), send(channel, message, target)));
      } catch (RejectedExecutionException full) {
        sink.status(
            message.alertId(),
            channel.name(),
            "failed: more than " + QUEUE + " notifications waiting");
      }
    }
  }

  /** Sends on every channel the target has and waits: {@code channel → sent | failed: reason}. */
  Map<String, String> sendNow(AlertMessage message, Target target) {
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (AlertChannel channel : channels) {
      outcomes.put(
          channel.name(),
          applies(channel, target) ? send(channel, message, target) : "not configured");
    }
    return outcomes;
  }

  private static String send(AlertChannel channel, AlertMessage message, Target target) {
    try {
      channel.send(message, target);
      return "sent";
    } catch (NotificationException e) {
      log.warn(
          "Alert {}: {} notification failed: {}",
          message.alertId(),
          channel.name(),
          e.getMessage());
      return "failed: " + e.getMessage();
    } catch (RuntimeException e) {
      log.warn("Alert {}: {} notification failed", message.alertId(), channel.name(), e);
      return "failed: " + e.getClass().getSimpleName();
    }
  }

  private static boolean applies(AlertChannel channel, Target target) {
    return switch (channel.name()) {
      case "webhook" -> !target.webhookUrl().isEmpty();
      case "email" -> !target.emailAddresses().isEmpty();
      default -> true;
    };
  }

  /** Stops taking notifications, lets queued ones finish for a few seconds, then closes the channels. */
  @Override
  public void close() {
    senders.values().forEach(ThreadPoolExecutor::shutdown);
    for (ThreadPoolExecutor sender : senders.values()) {
      try {
        if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
          sender.shutdownNow();
        }
      } catch (InterruptedException e) {
        sender.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    channels.forEach(AlertChannel::close);
  }
}
