package loom.testing;

/**
 * The {@code usage} {@link FakeUpstream} reports for Anthropic Messages answers, in that API's
 * meaning: {@code inputTokens} are only the tokens neither read from nor written to the prompt cache;
 * the writes are split by lifetime ({@code cache_creation.ephemeral_5m_input_tokens} and
 * {@code ephemeral_1h_input_tokens}), and {@code cache_creation_input_tokens} is their sum.
 */
public record MessagesUsage(
    long inputTokens,
    long cacheReadInputTokens,
    long cacheWrite5mInputTokens,
    long cacheWrite1hInputTokens,
    long outputTokens) {
  /** What an answer reports unless a test sets its own. */
  public static final MessagesUsage DEFAULT = new MessagesUsage(20, 3000, 500, 0, 120);

  public MessagesUsage {
    if (inputTokens < 0
        || cacheReadInputTokens < 0
        || cacheWrite5mInputTokens < 0
        || cacheWrite1hInputTokens < 0
        || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must be zero or more");
    }
  }

  /** {@code cache_creation_input_tokens}: every token written to the cache. */
  public long cacheCreationInputTokens() {
    return cacheWrite5mInputTokens + cacheWrite1hInputTokens;
  }

  /** Every input token: uncached, read from the cache and written to it (what count_tokens answers). */
  public long totalInputTokens() {
    return inputTokens + cacheReadInputTokens + cacheCreationInputTokens();
  }
}
