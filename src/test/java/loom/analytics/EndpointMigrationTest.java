package loom.analytics;

import static loom.analytics.AnalyticsDaoTest.DAY_MS;
import static loom.analytics.AnalyticsDaoTest.HOUR_MS;
import static loom.analytics.AnalyticsDaoTest.expectedRollups;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import loom.config.StorageConfig;
import loom.store.Dialect;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration V8 on a store as V6 left it: the endpoint of every stored log named from its method and path, and the
 * rollups split by endpoint from the logs still stored, with what those do not account for under endpoint "".
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class EndpointMigrationTest {
  private static final Comparator<Rollup> KEY_ORDER =
      Comparator.comparingLong(Rollup::hourStart)
          .thenComparing(Rollup::userId)
          .thenComparing(Rollup::providerId)
          .thenComparing(Rollup::modelName)
          .thenComparing(Rollup::endpoint);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();

  /** A stored request of the old schema and the endpoint the migration must give it. */
  private record Case(String method, String path, String userId, String expected) {}

  private static final List<Case> CASES =
      List.of(
          new Case("POST", "/v1/chat/completions/", "usr_ada", "chat.completions"),
          new Case("POST", "/v1/completions", "usr_bob", "completions"),
          new Case("POST", "/v1/embeddings", "usr_cy", "embeddings"),
          new Case("GET", "/v1/models", "usr_ada", "models"),
          new Case("GET", "/v1/models/gpt-4o-mini", "usr_bob", "models"),
          new Case("POST", "/v1/responses", "usr_cy", "responses"),
          new Case("POST", "/v1/responses/input_tokens", "usr_ada", "responses.input_tokens"),
          new Case("GET", "/v1/responses/resp_68af3c2e1b7c", "usr_bob", "responses.retrieve"),
          new Case("DELETE", "/v1/responses/resp_68af3c2e1b7c", "usr_cy", "responses.delete"),
          new Case(
              "GET",
              "/v1/responses/resp_68af3c2e1b7c/input_items",
              "usr_ada",
              "responses.input_items"),
          new Case("POST", "/v1/responses/resp_68af3c2e1b7c/cancel", "usr_bob", "responses.cancel"),
          new Case("POST", "/v1/messages", "usr_cy", "messages"),
          new Case("POST", "/v1/messages/count_tokens", "usr_ada", "messages.count_tokens"),
          new Case("POST", "/v1/moderations", "usr_bob", "moderations"),
          new Case("POST", "/v1/images/generations", "usr_cy", "images/generations"),
          new Case("POST", "/v1/audio/transcriptions", "usr_ada", "audio/transcriptions"),
          new Case("POST", "/v1/rerank", "usr_bob", "rerank"),
          new Case("POST", "/v1/messages", null, "messages"),
          new Case("POST", "/v1/moderations", null, "other"),
          new Case("GET", "/v1", "usr_cy", "other"),
          // The one kind SQL names apart from EndpointNames (files/content): a path with an id in
          // it.
          new Case("GET", "/v1/files/file-abc123/content", "usr_ada", "other"));

  private StorageConfig config;

  @BeforeEach
  void v6() {
    config = stores.config(dialect);
    OldSchemas.migrate(config, dialect, "6");
  }

  @Test
  void theMigrationNamesStoredLogsAsEndpointNamesDoesExceptForIdsInOtherPaths() {
    for (Case c : CASES) {
      String java =
          c.userId() == null
              ? EndpointNames.ofAnonymous(c.method(), c.path())
              : EndpointNames.of(c.method(), c.path());
      assertThat(java.equals(c.expected()))
          .as(c.path())
          .isEqualTo(!c.path().contains("file-abc123"));
    }
    List<RequestLog> logs = cases();
    OldSchemas.insertLogs(config, logs);

    LogRowStore migrated = new LogRowStore(stores.open(config));

    Map<String, String> endpoints =
        migrated.recentLogs(1_000).stream()
            .collect(Collectors.toMap(RequestLog::id, RequestLog::endpoint));
    assertThat(endpoints)
        .isEqualTo(logs.stream().collect(Collectors.toMap(RequestLog::id, RequestLog::endpoint)));
  }

  @Test
  void rollupsAreSplitByEndpointFromTheStoredLogsAndTheRestStaysUnderNone() {
    List<RequestLog> kept = new ArrayList<>(withoutCacheWrites(LogRowSamples.logs(120)));
    kept.addAll(cases());
    // Requests whose logs retention or a purge deleted, some in the same hour, user, provider and
    // model as kept ones (i + 330 has the provider, model and path of i), some in hours of their
    // own.
    List<RequestLog> purged = new ArrayList<>();
    for (int i = 0; i < 120; i += 7) {
      RequestLog twin = kept.get(i);
      purged.add(LogRowSamples.log(i + 330, twin.timestamp().plusSeconds(1), twin.userId()));
    }
    purged.addAll(
        withoutCacheWrites(
            Stream.iterate(130, i -> i + 1).limit(20).map(LogRowSamples::log).toList()));
    // Logs still stored whose hourly rollups are gone (past rollup retention, the day's row is
    // kept).
    Instant before = LogRowSamples.START.minus(Duration.ofDays(3));
    List<RequestLog> orphaned =
        withoutCacheWrites(
            List.of(
                LogRowSamples.log(900, before, "usr_old"),
                LogRowSamples.log(901, before.plusSeconds(60), "usr_old")));
    List<RequestLog> stored = concat(kept, orphaned);
    OldSchemas.insertLogs(config, stored);
    OldSchemas.insertRollups(
        config, RollupTable.HOURLY, expectedRollups(concat(kept, purged), HOUR_MS, false));
    OldSchemas.insertRollups(
        config,
        RollupTable.DAILY,
        expectedRollups(concat(concat(kept, purged), orphaned), DAY_MS, false));

    LogRowStore migrated = new LogRowStore(stores.open(config));

    assertThat(migrated.rollups())
        .isEqualTo(
            sorted(
                concat(
                    expectedRollups(kept, HOUR_MS, true),
                    expectedRollups(purged, HOUR_MS, false))));
    assertThat(migrated.dailyRollups())
        .isEqualTo(
            sorted(
                concat(
                    expectedRollups(kept, DAY_MS, true),
                    expectedRollups(concat(purged, orphaned), DAY_MS, false))));
    assertThat(migrated.rollups())
        .extracting(Rollup::endpoint)
        .contains("", "messages", "chat.completions");
    // Every total is what it was: per slot, user, provider and model, whatever the endpoint.
    assertThat(withoutEndpoints(migrated.rollups(), HOUR_MS))
        .isEqualTo(expectedRollups(concat(kept, purged), HOUR_MS, false));
    assertThat(withoutEndpoints(migrated.dailyRollups(), DAY_MS))
        .isEqualTo(expectedRollups(concat(concat(kept, purged), orphaned), DAY_MS, false));
  }

  @Test
  void theWriterAddsToTheMigratedRollupsOfItsEndpoint() {
    List<RequestLog> old = withoutCacheWrites(LogRowSamples.logs(40));
    OldSchemas.insertLogs(config, old);
    OldSchemas.insertRollups(config, RollupTable.HOURLY, expectedRollups(old, HOUR_MS, false));
    OldSchemas.insertRollups(config, RollupTable.DAILY, expectedRollups(old, DAY_MS, false));
    var store = stores.open(config);
    List<RequestLog> later =
        Stream.iterate(0, i -> i + 1)
            .limit(40)
            .map(
                i ->
                    LogRowSamples.log(
                        i + 660, old.get(i).timestamp().plusMillis(1), old.get(i).userId()))
            .toList();

    LogRowSamples.write(store, later);

    LogRowStore rows = new LogRowStore(store);
    assertThat(rows.rollups()).isEqualTo(expectedRollups(concat(old, later), HOUR_MS, true));
    assertThat(rows.dailyRollups()).isEqualTo(expectedRollups(concat(old, later), DAY_MS, true));
  }

  /** The cases as logs of the old schema (no cache writes), each with the endpoint it must get. */
  private static List<RequestLog> cases() {
    List<RequestLog> logs = new ArrayList<>();
    for (int k = 0; k < CASES.size(); k++) {
      Case c = CASES.get(k);
      RequestLog l =
          LogRowSamples.log(
              700 + k, LogRowSamples.START.plus(Duration.ofMinutes(23L * k)), c.userId());
      logs.add(
          new RequestLog(
              l.id(),
              l.requestId(),
              l.timestamp(),
              l.userId(),
              l.apiKeyId(),
              l.endUser(),
              c.method(),
              c.path(),
              c.expected(),
              l.providerId(),
              l.modelName(),
              l.promptTokens(),
              l.completionTokens(),
              l.totalTokens(),
              l.cachedTokens(),
              0,
              0,
              l.reasoningTokens(),
              l.latencyMs(),
              l.timeToFirstByteMs(),
              l.statusCode(),
              l.costUsd(),
              l.costSavedUsd(),
              l.priceVersion(),
              l.cacheStatus(),
              l.stream(),
              l.errorMessage(),
              l.requestBody(),
              l.responseBody(),
              l.metadata()));
    }
    return logs;
  }

  /** Logs as the schema before V8 held them: no cache writes. */
  private static List<RequestLog> withoutCacheWrites(List<RequestLog> logs) {
    return logs.stream()
        .map(
            l ->
                new RequestLog(
                    l.id(),
                    l.requestId(),
                    l.timestamp(),
                    l.userId(),
                    l.apiKeyId(),
                    l.endUser(),
                    l.method(),
                    l.path(),
                    l.endpoint(),
                    l.providerId(),
                    l.modelName(),
                    l.promptTokens(),
                    l.completionTokens(),
                    l.totalTokens(),
                    l.cachedTokens(),
                    0,
                    0,
                    l.reasoningTokens(),
                    l.latencyMs(),
                    l.timeToFirstByteMs(),
                    l.statusCode(),
                    l.costUsd(),
                    l.costSavedUsd(),
                    l.priceVersion(),
                    l.cacheStatus(),
                    l.stream(),
                    l.errorMessage(),
                    l.requestBody(),
                    l.responseBody(),
                    l.metadata()))
        .toList();
  }

  /** Rollups summed over their endpoints, as the rollups before V8 were. */
  private static List<Rollup> withoutEndpoints(List<Rollup> rollups, long slotMs) {
    Map<List<Object>, Rollup> sums =
        new TreeMap<>(
            Comparator.comparing((List<Object> key) -> (Long) key.get(0))
                .thenComparing(key -> (String) key.get(1))
                .thenComparing(key -> (String) key.get(2))
                .thenComparing(key -> (String) key.get(3)));
    for (Rollup rollup : rollups) {
      List<Object> key =
          List.of(
              rollup.hourStart() / slotMs * slotMs,
              rollup.userId(),
              rollup.providerId(),
              rollup.modelName());
      Rollup keyed =
          Rollup.of(
              rollup.hourStart(),
              rollup.userId(),
              rollup.providerId(),
              rollup.modelName(),
              "",
              rollup.sums());
      sums.merge(key, keyed, Rollup::plus);
    }
    return List.copyOf(sums.values());
  }

  private static List<Rollup> sorted(List<Rollup> rollups) {
    return rollups.stream().sorted(KEY_ORDER).toList();
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
