package loom.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import loom.proxy.CacheStatus;

/** A sample {@link RequestLog} with a few fields changed, for the export tests. */
final class ExportRowBuilder {
  private final RequestLog base;
  private Instant timestamp;
  private String userId;
  private String providerId;
  private String modelName;
  private long promptTokens;
  private long latencyMs;
  private BigDecimal costUsd;
  private BigDecimal costSavedUsd;
  private CacheStatus cacheStatus;
  private String errorMessage;
  private String metadata;

  private ExportRowBuilder(RequestLog base) {
    this.base = base;
    timestamp = base.timestamp();
    userId = base.userId();
    providerId = base.providerId();
    modelName = base.modelName();
    promptTokens = base.promptTokens();
    latencyMs = base.latencyMs();
    costUsd = base.costUsd();
    costSavedUsd = base.costSavedUsd();
    cacheStatus = base.cacheStatus();
    errorMessage = base.errorMessage();
    metadata = base.metadata();
  }

  /** Starts from {@code LogRowSamples.log(i)}. */
  static ExportRowBuilder sample(int i) {
    return new ExportRowBuilder(LogRowSamples.log(i));
  }

  ExportRowBuilder timestamp(Instant value) {
    timestamp = value;
    return this;
  }

  ExportRowBuilder userId(String value) {
    userId = value;
    return this;
  }

  ExportRowBuilder providerId(String value) {
    providerId = value;
    return this;
  }

  ExportRowBuilder modelName(String value) {
    modelName = value;
    return this;
  }

  ExportRowBuilder promptTokens(long value) {
    promptTokens = value;
    return this;
  }

  ExportRowBuilder latencyMs(long value) {
    latencyMs = value;
    return this;
  }

  ExportRowBuilder costUsd(String value) {
    costUsd = new BigDecimal(value);
    return this;
  }

  ExportRowBuilder costSavedUsd(String value) {
    costSavedUsd = new BigDecimal(value);
    return this;
  }

  ExportRowBuilder cacheStatus(CacheStatus value) {
    cacheStatus = value;
    return this;
  }

  ExportRowBuilder errorMessage(String value) {
    errorMessage = value;
    return this;
  }

  ExportRowBuilder metadata(String value) {
    metadata = value;
    return this;
  }

  RequestLog build() {
    return new RequestLog(
        base.id(),
        base.requestId(),
        timestamp,
        userId,
        base.apiKeyId(),
        base.endUser(),
        base.method(),
        base.path(),
        base.endpoint(),
        providerId,
        modelName,
        promptTokens,
        base.completionTokens(),
        base.totalTokens(),
        base.cachedTokens(),
        base.cacheWriteTokens(),
        base.cacheWrite1hTokens(),
        base.reasoningTokens(),
        latencyMs,
        base.timeToFirstByteMs(),
        base.statusCode(),
        costUsd,
        costSavedUsd,
        base.priceVersion(),
        cacheStatus,
        base.stream(),
        errorMessage,
        base.requestBody(),
        base.responseBody(),
        metadata);
  }
}
