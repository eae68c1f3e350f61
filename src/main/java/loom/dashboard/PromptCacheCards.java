package loom.dashboard;

import java.util.List;
import loom.analytics.PromptCacheSummary;
import loom.support.Usd;

/**
 * The overview's prompt-caching card: what the providers' own prompt caching (not the gateway's response cache) did
 * in the range: what its cache reads saved, the share of input tokens read from the cache, and the written tokens
 * that were never read back (a lower bound: writes beyond all the reads).
 */
final class PromptCacheCards {
  private PromptCacheCards() {}

  static List<Card> of(PromptCacheSummary summary) {
    boolean unread = summary.unreadWriteTokensAtLeast() > 0;
    return List.of(
        new Card(
            "prompt-cache-saved",
            "Saved by prompt caching",
            Usd.format(summary.savedUsd()),
            "cache reads against the input price",
            summary.savedUsd().signum() > 0 ? "good" : "neutral"),
        new Card(
            "prompt-cache-read-share",
            "Input read from cache",
            Formats.percent(summary.readShare()),
            Formats.count(summary.readTokens()) + " tokens read",
            "neutral"),
        new Card(
            "prompt-cache-unread",
            "Cache writes never read",
            "≥ " + Formats.count(summary.unreadWriteTokensAtLeast()) + " tokens",
            "of " + Formats.count(summary.writeTokens()) + " written",
            unread ? "bad" : "neutral"));
  }
}
