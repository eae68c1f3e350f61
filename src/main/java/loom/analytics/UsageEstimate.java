package loom.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import loom.proxy.Endpoint;
import loom.proxy.Usage;

/**
 * The tokens a request is expected to use before it is sent, for what must be judged up front (budget enforcement,
 * the cost estimate of cache warming): input from the length of the body's JSON text (a generous, high estimate),
 * output from the request's own limit ({@code max_completion_tokens}, {@code max_output_tokens} or
 * {@code max_tokens}) or {@link #DEFAULT_COMPLETION_ESTIMATE}; embeddings have no output. Stateless.
 */
public final class UsageEstimate {
  /** Completion tokens assumed when a request sets no output limit. */
  public static final long DEFAULT_COMPLETION_ESTIMATE = 1_024;

  /** Characters of a request body per prompt token: a generous (high) estimate for JSON text. */
  public static final int CHARS_PER_TOKEN = 3;

  private UsageEstimate() {}

  /** The expected usage of a request to {@code endpoint} with {@code body}. */
  public static Usage of(Endpoint endpoint, JsonNode body) {
    long prompt = body.toString().length() / CHARS_PER_TOKEN + 1;
    long completion = 0;
    if (endpoint != Endpoint.EMBEDDINGS) {
      // Chat's two names for the output limit, and the Responses API's (Anthropic's is max_tokens).
      JsonNode limit =
          body.hasNonNull("max_completion_tokens")
              ? body.get("max_completion_tokens")
              : body.hasNonNull("max_output_tokens")
                  ? body.get("max_output_tokens")
                  : body.get("max_tokens");
      completion =
          limit != null && limit.canConvertToLong() && limit.asLong() > 0
              ? limit.asLong()
              : DEFAULT_COMPLETION_ESTIMATE;
    }
    return new Usage(prompt, completion, prompt + completion, 0, 0, true);
  }
}
