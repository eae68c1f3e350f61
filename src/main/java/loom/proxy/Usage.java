package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tokens of one answer, as the provider reported them in {@code usage}, with the breakdown of
 * cached prompt tokens and reasoning tokens when present. {@link #NONE} when the answer had no usage.
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens, long cachedTokens,
                    long reasoningTokens, boolean reported) {
  public static final Usage NONE = new Usage(0, 0, 0, 0, 0, false);

  /** Reads an OpenAI {@code usage} object (chat, completions or embeddings); NONE if it is not one. */
  public static Usage from(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return NONE;
    }
    long prompt = usage.path("prompt_tokens").asLong(0);
    long completion = usage.path("completion_tokens").asLong(0);
    long total = usage.has("total_tokens") ? usage.path("total_tokens").asLong(0) : prompt + completion;
    return new Usage(prompt, completion, total,
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
        usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0), true);
  }
}
