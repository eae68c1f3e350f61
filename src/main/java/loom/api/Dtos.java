package loom.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import loom.alerts.Alert;
import loom.alerts.AlertSettings;
import loom.analytics.ExportRecord;
import loom.analytics.Money;
import loom.analytics.PriceOverride;
import loom.analytics.PriceService;
import loom.analytics.PriceSet;
import loom.analytics.PriceTable;
import loom.analytics.RequestLog;
import loom.auth.ApiKey;
import loom.auth.Caller;
import loom.auth.IssuedKey;
import loom.auth.KeyPolicy;
import loom.auth.TeamMembership;
import loom.auth.User;
import loom.cache.CacheStats;
import loom.cache.warming.WarmingProgress;
import loom.proxy.ProviderDescription;
import loom.support.InvalidInputException;

/**
 * The JSON shapes of {@code /api/v1} (API.md), kept apart from the stored rows so the schema can
 * change without breaking clients. Each answer record converts with a static {@code from(...)}.
 */
final class Dtos {
  private Dtos() {}

  /** A request body that must be there: JAX-RS hands over null for an empty one. */
  static <T> T required(T body) {
    if (body == null) {
      throw InvalidInputException.of("body", "a JSON object is required");
    }
    return body;
  }

  /** A list of strings from a request body: null stays null (not given); a null element is a 400 on the field. */
  static List<String> strings(String field, List<String> values) {
    if (values != null && values.contains(null)) {
      throw InvalidInputException.of(field, "must be a list of strings, without nulls");
    }
    return values;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MeView(String id, String name, String role, List<TeamDtos.MyTeamView> teams) {
    static MeView from(Caller caller, List<TeamMembership> memberships) {
      return new MeView(
          caller.userId(),
          caller.userName(),
          caller.role().id(),
          memberships.stream().map(TeamDtos.MyTeamView::from).toList());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UserView(String id, String name, String role, Instant createdAt) {
    static UserView from(User user) {
      return new UserView(user.id(), user.name(), user.role().id(), user.createdAt());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UserList(List<UserView> users, long total, int limit, int offset) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreateUserRequest(String name, String role, String password) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UpdateUserRequest(String name, String role, String password) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record KeyView(
      String id,
      String name,
      String userId,
      String prefix,
      Instant createdAt,
      Instant lastUsedAt,
      boolean revoked,
      String teamId,
      List<String> allowedModels,
      Instant expiresAt,
      List<String> defaultTags) {
    static KeyView from(ApiKey key) {
      KeyPolicy policy = key.policy();
      return new KeyView(
          key.id(),
          key.name(),
          key.userId(),
          key.prefix(),
          key.createdAt(),
          key.lastUsedAt(),
          key.isRevoked(),
          key.teamId(),
          policy.allowedModels(),
          policy.expiresAt(),
          policy.defaultTags());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record KeyList(List<KeyView> keys, long total, int limit, int offset) {}

  /** The answer to creating a key: the only time its secret is shown. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record IssuedKeyView(
      String id,
      String name,
      String userId,
      String key,
      Instant createdAt,
      String teamId,
      List<String> allowedModels,
      Instant expiresAt,
      List<String> defaultTags) {
    static IssuedKeyView from(IssuedKey issued) {
      ApiKey key = issued.apiKey();
      KeyPolicy policy = key.policy();
      return new IssuedKeyView(
          key.id(),
          key.name(),
          key.userId(),
          issued.secret(),
          key.createdAt(),
          key.teamId(),
          policy.allowedModels(),
          policy.expiresAt(),
          policy.defaultTags());
    }
  }

  /** {@code POST /keys} body: all but {@code name} optional. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreateKeyRequest(
      String name,
      String userId,
      String teamId,
      List<String> allowedModels,
      Instant expiresAt,
      List<String> defaultTags) {
    KeyPolicy policy() {
      return new KeyPolicy(
          strings("allowed_models", allowedModels),
          expiresAt,
          strings("default_tags", defaultTags));
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ProviderView(
      String id,
      String type,
      List<String> models,
      @JsonProperty("default") boolean isDefault,
      List<PriceView> prices,
      List<String> unpricedModels) {
    /**
     * The provider with the price in force at {@code at} of each model it lists (base prices: a tiered price
     * costs more past its tier); models the price table lacks are listed as unpriced.
     */
    static ProviderView from(ProviderDescription provider, PriceTable table, Instant at) {
      List<PriceView> prices = new ArrayList<>();
      List<String> unpriced = new ArrayList<>();
      for (String model : provider.models()) {
        Optional<PriceSet> price = table.find(provider.id(), model, at);
        if (price.isPresent()) {
          prices.add(
              new PriceView(
                  model,
                  price.get().input().base(),
                  price.get().output().base(),
                  price.get().cacheReadOrInput().base()));
        } else {
          unpriced.add(model);
        }
      }
      return new ProviderView(
          provider.id(),
          provider.type(),
          provider.models(),
          provider.isDefault(),
          prices,
          unpriced);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ProviderList(List<ProviderView> providers) {}

  /** What an erasure removed. (Cache entries join once the response cache exists.) */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ErasureView(
      String userId, long logsDeleted, long rollupRowsDeleted, long cacheEntriesDeleted) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RepriceRequest(Instant startTime, Instant endTime) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RepriceView(long updated, BigDecimal costDeltaUsd, String priceVersion) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PriceView(String model, BigDecimal input, BigDecimal output, BigDecimal cachedInput) {}

  /** {@code GET /prices}: one model in use and the prices in force for it (USD per 1M tokens; null: unpriced). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record EffectivePriceView(
      String providerId,
      String model,
      boolean priced,
      String source,
      BigDecimal input,
      BigDecimal output,
      BigDecimal cacheRead,
      BigDecimal cacheWrite,
      Boolean tiered,
      BigDecimal perThousandRequests) {
    static EffectivePriceView from(PriceService.Effective effective) {
      if (effective.quote().isEmpty()) {
        return new EffectivePriceView(
            effective.providerId(),
            effective.model(),
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
      }
      PriceTable.Quote quote = effective.quote().get();
      PriceSet prices = quote.prices();
      return new EffectivePriceView(
          effective.providerId(),
          effective.model(),
          true,
          quote.source().name().toLowerCase(Locale.ROOT),
          Money.plain(prices.input().base()),
          Money.plain(prices.output().base()),
          Money.plain(prices.cacheReadOrInput().base()),
          Money.plain(prices.cacheWriteOrInput().base()),
          prices.input().isTiered()
              || prices.output().isTiered()
              || prices.cacheReadOrInput().isTiered()
              || prices.cacheWriteOrInput().isTiered(),
          Money.plain(prices.perThousandRequests()));
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record EffectivePriceList(
      List<EffectivePriceView> prices, long total, int limit, int offset, Instant at) {}

  /** A run-time price: USD per 1M tokens; {@code effective_from} null for every call, cache prices null: input's. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PriceOverrideView(
      String providerId,
      String model,
      Instant effectiveFrom,
      BigDecimal input,
      BigDecimal output,
      BigDecimal cacheRead,
      BigDecimal cacheWrite,
      String changedBy,
      String changedByName,
      Instant changedAt) {
    static PriceOverrideView from(PriceOverride price) {
      return new PriceOverrideView(
          price.providerId(),
          price.model(),
          price.effectiveFrom(),
          Money.plain(price.input()),
          Money.plain(price.output()),
          price.cacheRead() == null ? null : Money.plain(price.cacheRead()),
          price.cacheWrite() == null ? null : Money.plain(price.cacheWrite()),
          price.changedBy(),
          price.changedByName(),
          price.changedAt());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PriceOverrideList(List<PriceOverrideView> overrides, long total, int limit, int offset) {}

  /** {@code PUT /prices/override} body: USD per 1M tokens; the provider, model and start are in the query. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PriceOverrideRequest(
      BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {}

  /** {@code GET /prices/unpriced}: a model's calls that went to a provider with no price. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UnpricedView(
      String providerId,
      String model,
      long calls,
      long inputTokens,
      long outputTokens,
      Instant firstSeen,
      Instant lastSeen) {
    static UnpricedView from(PriceService.Unpriced unpriced) {
      return new UnpricedView(
          unpriced.providerId(),
          unpriced.model(),
          unpriced.calls(),
          unpriced.inputTokens(),
          unpriced.outputTokens(),
          unpriced.firstSeen(),
          unpriced.lastSeen());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TimeRange(Instant start, Instant end) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UnpricedList(
      List<UnpricedView> unpriced, long total, int limit, int offset, TimeRange timeRange) {}

  /** {@code POST /prices/reprice} body. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ModelRepriceRequest(String providerId, String model, Instant startTime, Instant endTime) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record HealthView(
      String status, String store, String cache, Map<String, ProviderHealth> providers) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ProviderHealth(String type) {}

  /** {@code GET /cache/stats}: {@code hits} and what they saved count exact and semantic hits; then each apart. */
  record CacheStatsView(
      long hits,
      long misses,
      long bypasses,
      long evictions,
      long totalEntries,
      double hitRate,
      long tokensSaved,
      BigDecimal costSavedUsd,
      double avgLatencySavedMs,
      String backend,
      long exactHits,
      BigDecimal exactCostSavedUsd,
      SemanticStatsView semantic,
      long warmedHits,
      long warmedStores,
      long warmedTokensSaved,
      BigDecimal warmedCostSavedUsd) {
    static CacheStatsView from(CacheStats.Snapshot stats) {
      return new CacheStatsView(
          stats.hits(),
          stats.misses(),
          stats.bypasses(),
          stats.evictions(),
          stats.totalEntries(),
          stats.hitRate(),
          stats.tokensSaved(),
          stats.costSavedUsd(),
          stats.avgLatencySavedMs(),
          stats.backend(),
          stats.exactHits(),
          stats.exactCostSavedUsd(),
          new SemanticStatsView(
              stats.semanticHits(),
              stats.semanticTokensSaved(),
              stats.semanticCostSavedUsd(),
              stats.semanticVetoes(),
              stats.semanticSkips(),
              stats.semanticEntries()),
          stats.warmedHits(),
          stats.warmedStores(),
          stats.warmedTokensSaved(),
          stats.warmedCostSavedUsd());
    }
  }

  /** The semantic part of {@code GET /cache/stats}: hits by meaning, the near questions a guard refused, and more. */
  record SemanticStatsView(
      long hits,
      long tokensSaved,
      BigDecimal costSavedUsd,
      long vetoes,
      long skipped,
      long entries) {}

  /** {@code GET /cache/config}: durations in seconds, sizes in bytes or as named; the Redis password masked. */
  record CacheConfigView(
      boolean enabled,
      String backend,
      String state,
      long defaultTtl,
      long maxTtl,
      int maxSize,
      int maxMemoryMb,
      long maxEntrySize,
      long cleanupPeriod,
      boolean onlyDeterministic,
      String scope,
      String redisUrl,
      String redissonConfig,
      String jcacheConfig,
      SemanticConfigView semantic) {}

  /**
   * The {@code semantic} part of {@code GET /cache/config}; {@code state} is {@code off}, {@code unavailable} (on, but
   * the model could not load) or what embeds.
   */
  record SemanticConfigView(
      boolean enabled, String defaultMode, double threshold, int maxMemoryMb, String state) {}

  /** {@code POST /cache/clear}. */
  record CacheClearView(boolean success, String message, long removed) {}

  /** {@code POST /cache/invalidate} body. */
  record InvalidateRequest(String type, String value, Boolean dryRun) {}

  /** {@code POST /cache/invalidate}. */
  record InvalidationView(
      boolean success, long removed, String type, Instant invalidatedAt, boolean dryRun) {}

  /** {@code POST /cache/explain}. */
  record ExplanationView(
      String key, String canonical, List<String> excludedFields, boolean cached) {}

  /**
   * {@code POST /cache/warm} as JSON: {@code source} is {@code jsonl} (with {@code jsonl}, the file's text) or
   * {@code replay} (with {@code start_time}, and optionally {@code end_time}, {@code provider_id}, {@code model},
   * {@code endpoint}, {@code limit}); {@code ttl} a duration like {@code 2h}.
   */
  record WarmRequest(
      String source,
      String jsonl,
      Instant startTime,
      Instant endTime,
      String providerId,
      String model,
      String endpoint,
      Integer limit,
      String namespace,
      String userId,
      String ttl,
      Boolean dryRun,
      BigDecimal maxCostUsd) {}

  /** A warming run's progress: see {@link WarmingProgress}. */
  record WarmingView(
      String id,
      String state,
      boolean dryRun,
      String source,
      String startedBy,
      Instant startedAt,
      Instant finishedAt,
      long total,
      long done,
      long stored,
      long alreadyCached,
      long skipped,
      Map<String, Long> skippedReasons,
      long failed,
      List<WarmingProgress.ItemFailure> errors,
      WarmingProgress.Estimate estimate,
      BigDecimal actualCostUsd,
      String message) {
    static WarmingView from(WarmingProgress progress) {
      return new WarmingView(
          progress.id(),
          progress.state().name().toLowerCase(java.util.Locale.ROOT),
          progress.dryRun(),
          progress.source(),
          progress.startedBy(),
          progress.startedAt(),
          progress.finishedAt(),
          progress.total(),
          progress.done(),
          progress.stored(),
          progress.alreadyCached(),
          progress.skipped(),
          progress.skippedReasons(),
          progress.failed(),
          progress.errors(),
          progress.estimate(),
          progress.actualCostUsd(),
          progress.message());
    }
  }

  /** {@code GET /cache/warm}: the runs this gateway kept, newest first. */
  record WarmingList(List<WarmingView> runs, long total) {}

  /** {@code GET /analytics/logs}: a page of logs and how many the filter matches in all. */
  record LogList(List<RequestLog> logs, long total, int limit, int offset, String nextCursor) {}

  /** {@code GET /analytics/exports}: the export audit trail, newest first. */
  record ExportList(List<ExportRecord> exports, long total, int limit, int offset) {}

  /** {@code POST /analytics/purge} body. */
  record PurgeRequest(Instant before) {}

  /** {@code POST /analytics/purge}: how many request logs were deleted. */
  record PurgeView(long deleted) {}

  /** {@code GET /alerts}: newest first. */
  record AlertList(List<Alert> alerts, long total, int limit, int offset) {}

  /** {@code POST /alerts/check}: the alerts the checks raised now. */
  record RaisedAlerts(List<Alert> raised) {}

  /** {@code PUT /alerts/config} body: the whole settings; a missing budget is none, a missing switch off. */
  record AlertSettingsRequest(
      BigDecimal dailyBudgetUsd,
      BigDecimal monthlyBudgetUsd,
      Double anomalyThreshold,
      Boolean enforce,
      String webhookUrl,
      String emailAddress,
      Boolean enableEmailAlerts,
      Boolean enableWebhookAlerts) {
    AlertSettings toSettings() {
      return new AlertSettings(
          null,
          dailyBudgetUsd,
          monthlyBudgetUsd,
          anomalyThreshold,
          Boolean.TRUE.equals(enforce),
          webhookUrl,
          emailAddress,
          Boolean.TRUE.equals(enableEmailAlerts),
          Boolean.TRUE.equals(enableWebhookAlerts));
    }
  }
}
