package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tokens of one answer, as the provider reported them, in one meaning whatever the API:
 * {@code promptTokens} is every input token, the ones read from and written to the provider's prompt cache
 * included ({@code cachedTokens} and {@code cacheWriteTokens} are parts of it, {@code cacheWrite1hTokens} the part
 * of the writes kept for an hour); {@code completionTokens} is every output token, {@code reasoningTokens} included.
 * {@link #NONE} when the answer had no usage.
 */
public record Usage(
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long reasoningTokens,
    long cacheWriteTokens,
    long cacheWrite1hTokens,
    boolean reported) {
  public static final Usage NONE = new Usage(0, 0, 0, 0, 0, false);

  /** An answer that used no tokens and was due to report none: a token count, a stored response retrieved. */
  public static final Usage NO_TOKENS = new Usage(0, 0, 0, 0, 0, true);

  /** Usage without cache writes (what OpenAI's chat API reports). */
  public Usage(
      long promptTokens,
      long completionTokens,
      long totalTokens,
      long cachedTokens,
      long reasoningTokens,
      boolean reported) {
    this(
        promptTokens, completionTokens, totalTokens, cachedTokens, reasoningTokens, 0, 0, reported);
  }

  /** The same usage as if nothing had been read from the provider's prompt cache: what it would have cost. */
  public Usage withoutCacheReads() {
    return new Usage(
        promptTokens,
        completionTokens,
        totalTokens,
        0,
        reasoningTokens,
        cacheWriteTokens,
        cacheWrite1hTokens,
        reported);
  }

  /** Reads an OpenAI {@code usage} object (chat, completions or embeddings); NONE if it is not one. */
  public static Usage from(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return NONE;
    }
    long prompt = usage.path("prompt_tokens").asLong(0);
    long completion = usage.path("completion_tokens").asLong(0);
    long total =
        usage.has("total_tokens") ? usage.path("total_tokens").asLong(0) : prompt + completion;
    return new Usage(
        prompt,
        completion,
        total,
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
        usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0),
        true);
  }

  /**
   * Reads the {@code usage} of a Responses API response: {@code input_tokens} includes the cached ones
   * ({@code input_tokens_details.cached_tokens}) and any cache writes a provider reports
   * ({@code input_tokens_details.cache_write_tokens}); {@code output_tokens} includes reasoning.
   */
  public static Usage fromResponses(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return NONE;
    }
    long input = usage.path("input_tokens").asLong(0);
    long output = usage.path("output_tokens").asLong(0);
    long total = usage.has("total_tokens") ? usage.path("total_tokens").asLong(0) : input + output;
    JsonNode inputDetails = usage.path("input_tokens_details");
    return new Usage(
        input,
        output,
        total,
        inputDetails.path("cached_tokens").asLong(0),
        usage.path("output_tokens_details").path("reasoning_tokens").asLong(0),
        inputDetails.path("cache_write_tokens").asLong(0),
        0,
        true);
  }

  /**
   * Reads an Anthropic {@code usage} object, whose {@code input_tokens} are only the tokens neither read from nor
   * written to the cache: the input is their sum with {@code cache_read_input_tokens} and
   * {@code cache_creation_input_tokens}. The one-hour part of the writes is
   * {@code cache_creation.ephemeral_1h_input_tokens}.
   */
  public static Usage fromAnthropic(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return NONE;
    }
    long read = usage.path("cache_read_input_tokens").asLong(0);
    long written = usage.path("cache_creation_input_tokens").asLong(0);
    long input = usage.path("input_tokens").asLong(0) + read + written;
    long output = usage.path("output_tokens").asLong(0);
    long oneHour =
        Math.min(written, usage.path("cache_creation").path("ephemeral_1h_input_tokens").asLong(0));
    return new Usage(input, output, input + output, read, 0, written, oneHour, true);
  }
}
