package loom.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;

/**
 * One proxied request as it is stored: who, what, how many tokens, what it cost, how it went. The seed's
 * fields (id, timestamp, user_id, method, path, provider_id, model_name, the three token counts,
 * latency_ms, status_code, cost_usd, error_message, request_body, response_body, metadata) plus
 * request_id, api_key_id, end_user, cache_status, stream, cached_tokens, reasoning_tokens,
 * time_to_first_byte_ms, cost_saved_usd and the price table version that priced it; then the endpoint and the
 * cache writes.
 *
 * @param userId null only for a request without a valid key (a 401)
 * @param endUser the OpenAI {@code user} field of the request: attribution inside one key, never identity
 * @param path the request path relative to the context, without the query ({@code /v1/messages})
 * @param endpoint what {@link EndpointNames} names the call ({@code messages}); null to name it from method and path
 * @param cachedTokens, cacheWriteTokens: prompt tokens read from and written to the provider's prompt cache (parts
 *     of {@code promptTokens}); {@code cacheWrite1hTokens} the part of the writes kept for an hour
 * @param providerId and modelName: null when the request never got that far (e.g. malformed JSON)
 * @param timeToFirstByteMs null when no byte of an answer came from the provider
 * @param costUsd exact; zero for an unpriced model, a cache hit or an error
 * @param priceVersion the version of the price table that priced this row; null when not priced
 * @param errorMessage, requestBody, responseBody: null when empty or not kept (bodies only when
 *     enabled, truncated and redacted)
 * @param metadata a small JSON object of flags (e.g. {"usage_missing":true,"client_disconnected":true}), or null
 * @param responseId the Responses API response the call made or touched; null for none
 * @param attribution the team, session, client tool and tags of the request ({@link Attribution#NONE}: none)
 * @param promptCacheSavedUsd what the provider's prompt cache saved on this call: its cache reads priced at the
 *     input price minus what they cost; zero without cache reads or a price
 */
public record RequestLog(
    String id,
    String requestId,
    Instant timestamp,
    String userId,
    String apiKeyId,
    String endUser,
    String method,
    String path,
    String endpoint,
    String providerId,
    String modelName,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    long cacheWrite1hTokens,
    long reasoningTokens,
    long latencyMs,
    Long timeToFirstByteMs,
    int statusCode,
    BigDecimal costUsd,
    BigDecimal costSavedUsd,
    String priceVersion,
    CacheStatus cacheStatus,
    boolean stream,
    String errorMessage,
    String requestBody,
    String responseBody,
    String metadata,
    String responseId,
    Attribution attribution,
    BigDecimal promptCacheSavedUsd) {
  private static final ObjectMapper METADATA_READER = new ObjectMapper();

  /** A log of a call without attribution beyond its user. */
  public RequestLog(
      String id,
      String requestId,
      Instant timestamp,
      String userId,
      String apiKeyId,
      String endUser,
      String method,
      String path,
      String endpoint,
      String providerId,
      String modelName,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      long cachedTokens,
      long cacheWriteTokens,
      long cacheWrite1hTokens,
      long reasoningTokens,
      long latencyMs,
      Long timeToFirstByteMs,
      int statusCode,
      BigDecimal costUsd,
      BigDecimal costSavedUsd,
      String priceVersion,
      CacheStatus cacheStatus,
      boolean stream,
      String errorMessage,
      String requestBody,
      String responseBody,
      String metadata,
      String responseId) {
    this(
        id,
        requestId,
        timestamp,
        userId,
        apiKeyId,
        endUser,
        method,
        path,
        endpoint,
        providerId,
        modelName,
        promptTokens,
        completionTokens,
        totalTokens,
        cachedTokens,
        cacheWriteTokens,
        cacheWrite1hTokens,
        reasoningTokens,
        latencyMs,
        timeToFirstByteMs,
        statusCode,
        costUsd,
        costSavedUsd,
        priceVersion,
        cacheStatus,
        stream,
        errorMessage,
        requestBody,
        responseBody,
        metadata,
        responseId,
        Attribution.NONE,
        BigDecimal.ZERO);
  }

  /** A log of a call that made or touched no Responses API response. */
  public RequestLog(
      String id,
      String requestId,
      Instant timestamp,
      String userId,
      String apiKeyId,
      String endUser,
      String method,
      String path,
      String endpoint,
      String providerId,
      String modelName,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      long cachedTokens,
      long cacheWriteTokens,
      long cacheWrite1hTokens,
      long reasoningTokens,
      long latencyMs,
      Long timeToFirstByteMs,
      int statusCode,
      BigDecimal costUsd,
      BigDecimal costSavedUsd,
      String priceVersion,
      CacheStatus cacheStatus,
      boolean stream,
      String errorMessage,
      String requestBody,
      String responseBody,
      String metadata) {
    this(
        id,
        requestId,
        timestamp,
        userId,
        apiKeyId,
        endUser,
        method,
        path,
        endpoint,
        providerId,
        modelName,
        promptTokens,
        completionTokens,
        totalTokens,
        cachedTokens,
        cacheWriteTokens,
        cacheWrite1hTokens,
        reasoningTokens,
        latencyMs,
        timeToFirstByteMs,
        statusCode,
        costUsd,
        costSavedUsd,
        priceVersion,
        cacheStatus,
        stream,
        errorMessage,
        requestBody,
        responseBody,
        metadata,
        (String) null);
  }

  public RequestLog {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    endpoint = endpoint == null ? EndpointNames.of(method, path) : endpoint;
    costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    costSavedUsd = costSavedUsd == null ? BigDecimal.ZERO : costSavedUsd;
    cacheStatus = cacheStatus == null ? CacheStatus.BYPASS : cacheStatus;
    attribution = attribution == null ? Attribution.NONE : attribution;
    promptCacheSavedUsd =
        promptCacheSavedUsd == null ? BigDecimal.ZERO : Money.plain(promptCacheSavedUsd);
  }

  /** The same log with other bodies (the writer stores bodies only after redacting them). */
  public RequestLog withBodies(String newRequestBody, String newResponseBody) {
    return withTexts(errorMessage, newRequestBody, newResponseBody);
  }

  /** This log with other free texts: the ones that can carry what a client sent, redacted before storage. */
  public RequestLog withTexts(
      String newErrorMessage, String newRequestBody, String newResponseBody) {
    return new RequestLog(
        id,
        requestId,
        timestamp,
        userId,
        apiKeyId,
        endUser,
        method,
        path,
        endpoint,
        providerId,
        modelName,
        promptTokens,
        completionTokens,
        totalTokens,
        cachedTokens,
        cacheWriteTokens,
        cacheWrite1hTokens,
        reasoningTokens,
        latencyMs,
        timeToFirstByteMs,
        statusCode,
        costUsd,
        costSavedUsd,
        priceVersion,
        cacheStatus,
        stream,
        newErrorMessage,
        newRequestBody,
        newResponseBody,
        metadata,
        responseId,
        attribution,
        promptCacheSavedUsd);
  }

  public boolean isError() {
    return statusCode >= 400;
  }

  /**
   * How the response cache answered: {@code semantic} (a hit by meaning, its metadata holding the similarity),
   * {@code exact}, or null when it did not.
   */
  public String cacheHitKind() {
    if (cacheStatus != CacheStatus.HIT) {
      return null;
    }
    return semanticSimilarity() == null ? "exact" : "semantic";
  }

  /** A semantic hit's similarity to the question whose answer it got (from its metadata); null for other calls. */
  public Double semanticSimilarity() {
    if (cacheStatus != CacheStatus.HIT
        || metadata == null
        || !metadata.contains(RequestRecorder.SEMANTIC_SIMILARITY_FLAG)) {
      return null;
    }
    try {
      JsonNode similarity =
          METADATA_READER.readTree(metadata).path(RequestRecorder.SEMANTIC_SIMILARITY_FLAG);
      return similarity.isNumber() ? similarity.doubleValue() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
