package loom.testing;

/**
 * The {@code usage} {@link FakeUpstream} reports for OpenAI Responses answers, in that API's meaning:
 * {@code inputTokens} includes the cached and cache-written ones, {@code outputTokens} the reasoning
 * ones; {@code total_tokens} is their sum.
 */
public record ResponsesUsage(
    long inputTokens,
    long cachedTokens,
    long cacheWriteTokens,
    long outputTokens,
    long reasoningTokens) {
  /** What an answer reports unless a test sets its own. */
  public static final ResponsesUsage DEFAULT = new ResponsesUsage(1000, 400, 50, 300, 100);

  public ResponsesUsage {
    if (inputTokens < 0
        || cachedTokens < 0
        || cacheWriteTokens < 0
        || outputTokens < 0
        || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts must be zero or more");
    }
    if (cachedTokens + cacheWriteTokens > inputTokens || reasoningTokens > outputTokens) {
      throw new IllegalArgumentException(
          "cached and cache-written tokens are part of the input, reasoning tokens of the output");
    }
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
