package loom.dashboard;

import java.util.List;
import java.util.Locale;
import loom.analytics.UsageStats;
import loom.support.Usd;

/** The overview's cards from the stats of a period and of the one before it. */
final class OverviewCards {
  /** Which way of a change is good news. */
  enum Better {
    UP,
    DOWN,
    NEITHER
  }

  private OverviewCards() {}

  static List<Card> of(UsageStats now, UsageStats before) {
    return List.of(
        relative(
            "requests",
            "Requests",
            Formats.count(now.totalRequests()),
            now.totalRequests(),
            before.totalRequests(),
            Better.NEITHER),
        relative(
            "tokens",
            "Tokens",
            Formats.count(now.totalTokens()),
            now.totalTokens(),
            before.totalTokens(),
            Better.NEITHER),
        relative(
            "cost",
            "Cost",
            Usd.format(now.totalCostUsd()),
            now.totalCostUsd().doubleValue(),
            before.totalCostUsd().doubleValue(),
            Better.DOWN),
        relative(
            "avg-latency",
            "Avg latency",
            Formats.millis(now.avgLatencyMs()),
            now.avgLatencyMs(),
            before.avgLatencyMs(),
            Better.DOWN),
        relative(
            "p95-latency",
            "p95 latency",
            Formats.millis(now.p95LatencyMs()),
            now.p95LatencyMs(),
            before.p95LatencyMs(),
            Better.DOWN),
        points("error-rate", "Error rate", now.errorRate(), before.errorRate(), Better.DOWN),
        points(
            "cache-hit-rate",
            "Cache hit rate",
            now.cacheHitRate(),
            before.cacheHitRate(),
            Better.UP),
        relative(
            "cost-saved",
            "Cost saved by the cache",
            Usd.format(now.costSavedUsd()),
            now.costSavedUsd().doubleValue(),
            before.costSavedUsd().doubleValue(),
            Better.UP));
  }

  /** A change in percent of the value before. */
  static Card relative(
      String id, String label, String value, double now, double before, Better better) {
    if (now == before) {
      return new Card(id, label, value, "no change", "neutral");
    }
    if (before == 0) {
      return new Card(id, label, value, "new", "neutral");
    }
    double change = (now - before) / Math.abs(before) * 100;
    return new Card(id, label, value, signed(change) + " %", tone(change, better));
  }

  /** A rate's change in percentage points. */
  static Card points(String id, String label, double now, double before, Better better) {
    String value = Formats.percent(now);
    double change = (now - before) * 100;
    if (Math.abs(change) < 0.05) {
      return new Card(id, label, value, "no change", "neutral");
    }
    return new Card(id, label, value, signed(change) + " pp", tone(change, better));
  }

  private static String signed(double change) {
    String number = String.format(Locale.US, "%,.1f", Math.abs(change));
    return (change > 0 ? "+" : "\u2212") + number;
  }

  private static String tone(double change, Better better) {
    if (better == Better.NEITHER || change == 0) {
      return "neutral";
    }
    return (change > 0) == (better == Better.UP) ? "good" : "bad";
  }
}
