package loom.analytics;

import static loom.analytics.ExportCsvWriterTest.export;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loom.proxy.CacheStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportFocusWriterTest {
  private static final String HEADER =
      "BilledCost,EffectiveCost,ListCost,ContractedCost,BillingCurrency,"
          + "ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,"
          + "ServiceName,ServiceCategory,ProviderName,PublisherName,InvoiceIssuerName,ResourceId,ResourceName,"
          + "ResourceType,ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,SkuId,RegionId,RegionName,"
          + "AvailabilityZone,x_UserId,x_ApiKeyId,x_RequestId,x_CacheStatus,x_CostSavedUSD,x_CacheHit,x_PromptTokens,"
          + "x_CompletionTokens,x_StatusCode,x_Endpoint,x_CachedTokens,x_CacheWriteTokens,x_CacheWrite1hTokens,"
          + "Tags,x_TeamId,x_SessionId,x_ClientTool,x_EndUser,x_PromptCacheSavedUSD\r\n";

  /** The single row of a FOCUS export of {@code row}, by column name. */
  private static Map<String, String> focusRow(RequestLog row) {
    List<List<String>> records = ExportCsvReader.read(export(ExportFormat.FOCUS, row));
    assertThat(records).hasSize(2);
    Map<String, String> cells = new LinkedHashMap<>();
    for (int i = 0; i < records.get(0).size(); i++) {
      cells.put(records.get(0).get(i), records.get(1).get(i));
    }
    return cells;
  }

  @Test
  void noRowsIsTheFocusHeader() {
    assertThat(export(ExportFormat.FOCUS)).isEqualTo(HEADER);
  }

  @Test
  void aPricedRequestIsOneUsageRow() {
    RequestLog row =
        ExportRowBuilder.sample(1).timestamp(Instant.parse("2026-03-01T10:17:00.250Z")).build();

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("BilledCost", "0.000002468");
    expected.put("EffectiveCost", "0.000002468");
    expected.put("ListCost", "0.000002468");
    expected.put("ContractedCost", "0.000002468");
    expected.put("BillingCurrency", "USD");
    expected.put("ChargePeriodStart", "2026-03-01T10:17:00Z");
    expected.put("ChargePeriodEnd", "2026-03-01T10:17:01Z");
    expected.put("ChargeCategory", "Usage");
    expected.put("ChargeClass", "");
    expected.put("ChargeDescription", "chat completion via demo");
    expected.put("ChargeFrequency", "Usage-Based");
    expected.put("ServiceName", "LLM Gateway: demo");
    expected.put("ServiceCategory", "AI and Machine Learning");
    expected.put("ProviderName", "demo");
    expected.put("PublisherName", "demo");
    expected.put("InvoiceIssuerName", "demo");
    expected.put("ResourceId", "gpt-4o");
    expected.put("ResourceName", "gpt-4o");
    expected.put("ResourceType", "Model");
    expected.put("ConsumedQuantity", "17");
    expected.put("ConsumedUnit", "Tokens");
    expected.put("PricingQuantity", "17");
    expected.put("PricingUnit", "Tokens");
    expected.put("SkuId", "demo/gpt-4o");
    expected.put("RegionId", "");
    expected.put("RegionName", "");
    expected.put("AvailabilityZone", "");
    expected.put("x_UserId", "usr_bob");
    expected.put("x_ApiKeyId", "key_1");
    expected.put("x_RequestId", "req_1");
    expected.put("x_CacheStatus", "MISS");
    expected.put("x_CostSavedUSD", "0");
    expected.put("x_CacheHit", "");
    expected.put("x_PromptTokens", "11");
    expected.put("x_CompletionTokens", "6");
    expected.put("x_StatusCode", "200");
    expected.put("x_Endpoint", "chat.completions");
    expected.put("x_CachedTokens", "1");
    expected.put("x_CacheWriteTokens", "0");
    expected.put("x_CacheWrite1hTokens", "0");
    expected.put("Tags", "");
    expected.put("x_TeamId", "");
    expected.put("x_SessionId", "");
    expected.put("x_ClientTool", "");
    expected.put("x_EndUser", row.endUser() == null ? "" : row.endUser());
    expected.put("x_PromptCacheSavedUSD", "0");
    assertThat(focusRow(row)).containsExactlyEntriesOf(expected);
  }

  @Test
  void tagsAreAFocusKeyValueObjectWithBareTagsNullAndRepeatedNamesJoined() {
    assertThat(
            ExportFocusColumns.focusTags(
                List.of("env:prod", "billing", "feature:search", "feature:chat")))
        .isEqualTo("{\"env\":\"prod\",\"billing\":null,\"feature\":\"search,chat\"}");
    assertThat(ExportFocusColumns.focusTags(List.of())).isNull();
  }

  @Test
  void aCacheHitIsBilledNothingAndShowsWhatItSaved() {
    Map<String, String> cells =
        focusRow(
            ExportRowBuilder.sample(1)
                .cacheStatus(CacheStatus.HIT)
                .costUsd("0")
                .costSavedUsd("0.000987000")
                .build());

    assertThat(cells)
        .containsEntry("BilledCost", "0")
        .containsEntry("EffectiveCost", "0")
        .containsEntry("x_CacheStatus", "HIT")
        .containsEntry("x_CostSavedUSD", "0.000987")
        .containsEntry("x_CacheHit", "exact");
    assertThat(
            focusRow(
                ExportRowBuilder.sample(1)
                    .cacheStatus(CacheStatus.HIT)
                    .costUsd("0")
                    .costSavedUsd("0.0005")
                    .metadata(
                        "{\"semantic_similarity\":0.9312,\"semantic_match\":\"v1:demo:m:ab\"}")
                    .build()))
        .containsEntry("x_CacheHit", "semantic");
  }

  @Test
  void anErrorIsBilledNothing() {
    Map<String, String> cells = focusRow(LogRowSamples.log(3));

    assertThat(cells).containsEntry("BilledCost", "0").containsEntry("x_StatusCode", "502");
  }

  @Test
  void anUnroutedRequestHasNoProviderOrModel() {
    Map<String, String> cells = focusRow(LogRowSamples.log(10));

    assertThat(cells)
        .containsEntry("ChargeDescription", "chat completion (not routed)")
        .containsEntry("ServiceName", "LLM Gateway")
        .containsEntry("ProviderName", "")
        .containsEntry("ResourceId", "")
        .containsEntry("SkuId", "");
  }

  @ParameterizedTest(name = "{0} + {1} ms → {2}")
  @CsvSource({
    "2026-03-01T10:00:00Z,      0,    2026-03-01T10:00:01Z",
    "2026-03-01T10:00:00Z,      1000, 2026-03-01T10:00:01Z",
    "2026-03-01T10:00:00Z,      1001, 2026-03-01T10:00:02Z",
    "2026-03-01T10:00:00.999Z,  0,    2026-03-01T10:00:01Z",
    "2026-03-01T10:00:59.500Z,  600,  2026-03-01T10:01:01Z"
  })
  void theChargePeriodCoversTheRequestInWholeSeconds(Instant at, long latencyMs, String end) {
    Map<String, String> cells =
        focusRow(ExportRowBuilder.sample(1).timestamp(at).latencyMs(latencyMs).build());

    assertThat(cells.get("ChargePeriodStart"))
        .isEqualTo(at.truncatedTo(ChronoUnit.SECONDS).toString());
    assertThat(cells.get("ChargePeriodEnd")).isEqualTo(end);
  }

  @Test
  void textCellsAreGuardedAsInTheCsvExport() {
    Map<String, String> cells =
        focusRow(ExportRowBuilder.sample(1).providerId("=cmd").modelName("@x").build());

    assertThat(cells)
        .containsEntry("ProviderName", "'=cmd")
        .containsEntry("ResourceId", "'@x")
        .containsEntry("SkuId", "'=cmd/@x")
        .containsEntry("ServiceName", "LLM Gateway: =cmd");
  }

  @Test
  void descriptionsNameTheKindOfCall() {
    assertThat(ExportFocusColumns.chargeDescription(LogRowSamples.log(0)))
        .isEqualTo("chat completion via openai");
    assertThat(ExportFocusColumns.chargeDescription(LogRowSamples.log(2)))
        .isEqualTo("message via openai");
    assertThat(ExportFocusColumns.chargeDescription(LogRowSamples.log(3)))
        .isEqualTo("response via demo");
    assertThat(ExportFocusColumns.chargeDescription(LogRowSamples.log(4)))
        .isEqualTo("embedding via openai");
    RequestLog moderation = LogRowSamples.log(5);
    RequestLog passedThrough =
        new RequestLog(
            moderation.id(),
            moderation.requestId(),
            moderation.timestamp(),
            moderation.userId(),
            null,
            null,
            "POST",
            "/v1/moderations",
            null,
            "openai",
            "omni-moderation-latest",
            5,
            0,
            5,
            0,
            0,
            0,
            0,
            120,
            null,
            200,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null);
    assertThat(ExportFocusColumns.chargeDescription(passedThrough))
        .isEqualTo("POST /v1/moderations via openai");
  }

  @Test
  void theEndpointAndThePromptCacheTokensAreExtensionColumns() {
    RequestLog messages = LogRowSamples.log(2);

    assertThat(focusRow(messages))
        .containsEntry("x_Endpoint", "messages")
        .containsEntry("x_CachedTokens", Long.toString(messages.cachedTokens()))
        .containsEntry("x_CacheWriteTokens", "4")
        .containsEntry("x_CacheWrite1hTokens", "2");
  }
}
