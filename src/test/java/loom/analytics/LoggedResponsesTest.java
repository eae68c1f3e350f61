package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import loom.proxy.StoredResponses;
import loom.store.Dialect;
import loom.store.Store;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class LoggedResponsesTest {
  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Store store;
  private LoggedResponses responses;
  private List<RequestLog> logs;

  @BeforeEach
  void storeWithLogs() {
    store = stores.open(dialect);
    logs = LogRowSamples.logs(5);
    LogRowSamples.write(store, logs);
    responses = new LoggedResponses(store, Clock.systemUTC());
  }

  @Test
  void aResponseIsFoundWhereItsLogRowSaysWithItsOwnerAndWhetherItRanInTheBackground() {
    RequestLog made = logs.get(1);
    RequestLog background = logs.get(2);
    tag(made, "resp_made", null);
    tag(background, "resp_bg", "{\"background\":true}");

    assertThat(responses.origin("resp_made"))
        .contains(new StoredResponses.Origin(made.providerId(), made.userId(), false));
    assertThat(responses.origin("resp_bg"))
        .contains(new StoredResponses.Origin(background.providerId(), background.userId(), true));
    assertThat(responses.origin("resp_unknown")).isEmpty();
  }

  @Test
  void theWriterStoresTheResponseIdOfALogSoOtherNodesFindIt() {
    RequestLog base = LogRowSamples.log(99);
    RequestLog withId =
        new RequestLog(
            "log_resp",
            "log_resp",
            base.timestamp(),
            "usr_owner",
            "key_1",
            null,
            "POST",
            "/v1/responses",
            null,
            "openai",
            "gpt-5-mini",
            10,
            5,
            15,
            0,
            0,
            0,
            0,
            100,
            20L,
            200,
            null,
            null,
            null,
            null,
            true,
            null,
            null,
            null,
            null,
            "resp_written");
    LogRowSamples.write(store, List.of(withId));

    assertThat(responses.origin("resp_written"))
        .contains(new StoredResponses.Origin("openai", "usr_owner", false));
    assertThat(new LogRowStore(store).recentLogs(100))
        .filteredOn(log -> log.id().equals("log_resp"))
        .singleElement()
        .extracting(RequestLog::responseId)
        .isEqualTo("resp_written");
  }

  @Test
  void aBackgroundResponseIsClaimedForPricingOnceWhateverTheRace() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<Boolean> claim = () -> responses.claimPricing("resp_race");
      // A second node is a second LoggedResponses on the same store.
      LoggedResponses otherNode = new LoggedResponses(store, Clock.systemUTC());
      List<Future<Boolean>> claims =
          pool.invokeAll(
              List.of(
                  claim,
                  claim,
                  () -> otherNode.claimPricing("resp_race"),
                  () -> otherNode.claimPricing("resp_race")));
      long won = 0;
      for (Future<Boolean> one : claims) {
        won += one.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(responses.claimPricing("resp_other")).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailingStoreMakesResponsesUnknownAndClaimsThisNodesAlone() {
    store.close();
    assertThat(responses.origin("resp_made")).isEqualTo(Optional.empty());
    assertThat(responses.claimPricing("resp_x")).isTrue();
    assertThat(responses.claimPricing("resp_x")).isFalse();
  }

  private void tag(RequestLog log, String responseId, String metadata) {
    store.write(
        handle ->
            handle
                .createUpdate(
                    "UPDATE request_logs SET response_id = :rid, metadata = :meta WHERE id = :id")
                .bind("rid", responseId)
                .bind("meta", metadata)
                .bind("id", log.id())
                .execute());
  }
}
