package loom.analytics;

import static loom.analytics.ExportCsvColumn.constant;
import static loom.analytics.ExportCsvColumn.cost;
import static loom.analytics.ExportCsvColumn.number;
import static loom.analytics.ExportCsvColumn.text;
import static loom.analytics.ExportCsvColumn.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The FinOps FOCUS 1.0 cost-and-usage columns, one row per proxied request, for FinOps tools that read FOCUS.
 * The mapping:
 * <ul>
 *   <li>BilledCost, EffectiveCost, ListCost and ContractedCost are all the request's {@code cost_usd}: we
 *       price at the provider's list price and know of no discounts or commitments. A cache hit and an error
 *       cost nothing, so they are 0; what a hit saved is in {@code x_CostSavedUSD}.</li>
 *   <li>The charge period is the request itself: from its timestamp to timestamp + latency. FOCUS times
 *       are whole seconds ({@code YYYY-MM-DDTHH:mm:ssZ}), so the start is rounded down and the end up; the end
 *       is thus always after the start, as FOCUS's exclusive end demands.</li>
 *   <li>The provider (openai, demo, …) is provider, publisher and invoice issuer; the model is the resource
 *       and, with the provider, the SKU; tokens are the consumed and priced quantity. A request that was
 *       never routed has these cells empty.</li>
 *   <li>Regions do not apply to an API, so they are empty. Billing account and period columns are left
 *       out: the gateway does not know the provider's invoices.</li>
 *   <li>Gateway facts FOCUS has no column for are {@code x_} extension columns: among them the endpoint and the
 *       prompt tokens read from ({@code x_CachedTokens}) and written to ({@code x_CacheWriteTokens}, of which
 *       {@code x_CacheWrite1hTokens} kept for an hour) the provider's prompt cache, which are priced apart.</li>
 * </ul>
 */
final class ExportFocusColumns {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final List<ExportCsvColumn> COLUMNS =
      List.of(
          cost("BilledCost", RequestLog::costUsd),
          cost("EffectiveCost", RequestLog::costUsd),
          cost("ListCost", RequestLog::costUsd),
          cost("ContractedCost", RequestLog::costUsd),
          constant("BillingCurrency", "USD"),
          time("ChargePeriodStart", row -> row.timestamp().truncatedTo(ChronoUnit.SECONDS)),
          time("ChargePeriodEnd", ExportFocusColumns::chargePeriodEnd),
          constant("ChargeCategory", "Usage"),
          constant("ChargeClass", null),
          text("ChargeDescription", ExportFocusColumns::chargeDescription),
          constant("ChargeFrequency", "Usage-Based"),
          text(
              "ServiceName",
              row -> row.providerId() == null ? "LLM Gateway" : "LLM Gateway: " + row.providerId()),
          constant("ServiceCategory", "AI and Machine Learning"),
          text("ProviderName", RequestLog::providerId),
          text("PublisherName", RequestLog::providerId),
          text("InvoiceIssuerName", RequestLog::providerId),
          text("ResourceId", RequestLog::modelName),
          text("ResourceName", RequestLog::modelName),
          constant("ResourceType", "Model"),
          number("ConsumedQuantity", RequestLog::totalTokens),
          constant("ConsumedUnit", "Tokens"),
          number("PricingQuantity", RequestLog::totalTokens),
          constant("PricingUnit", "Tokens"),
          text("SkuId", ExportFocusColumns::skuId),
          constant("RegionId", null),
          constant("RegionName", null),
          constant("AvailabilityZone", null),
          text("x_UserId", RequestLog::userId),
          text("x_ApiKeyId", RequestLog::apiKeyId),
          text("x_RequestId", RequestLog::requestId),
          text("x_CacheStatus", row -> row.cacheStatus().name()),
          cost("x_CostSavedUSD", RequestLog::costSavedUsd),
          text("x_CacheHit", RequestLog::cacheHitKind),
          number("x_PromptTokens", RequestLog::promptTokens),
          number("x_CompletionTokens", RequestLog::completionTokens),
          number("x_StatusCode", RequestLog::statusCode),
          text("x_Endpoint", RequestLog::endpoint),
          number("x_CachedTokens", RequestLog::cachedTokens),
          number("x_CacheWriteTokens", RequestLog::cacheWriteTokens),
          number("x_CacheWrite1hTokens", RequestLog::cacheWrite1hTokens),
          text("Tags", row -> focusTags(row.attribution().tags())),
          text("x_TeamId", row -> row.attribution().teamId()),
          text("x_SessionId", row -> row.attribution().sessionId()),
          text("x_ClientTool", row -> row.attribution().clientTool()),
          text("x_EndUser", RequestLog::endUser),
          cost("x_PromptCacheSavedUSD", RequestLog::promptCacheSavedUsd));

  private ExportFocusColumns() {}

  /** The request's end (at least 1 ms after its start) rounded up to the next whole second. */
  static Instant chargePeriodEnd(RequestLog row) {
    Instant end = row.timestamp().plusMillis(Math.max(1, row.latencyMs()));
    Instant second = end.truncatedTo(ChronoUnit.SECONDS);
    return second.equals(end) ? end : second.plusSeconds(1);
  }

  /** What a person reads on the line: "chat completion via openai", "POST /v1/moderations via openai". */
  static String chargeDescription(RequestLog row) {
    String call = callOf(row.endpoint());
    String described = call == null ? row.method() + " " + row.path() : call;
    return row.providerId() == null
        ? described + " (not routed)"
        : described + " via " + row.providerId();
  }

  /** The calls that make tokens, by name; the others are described by method and path. */
  private static String callOf(String endpoint) {
    return switch (endpoint) {
      case EndpointNames.CHAT_COMPLETIONS -> "chat completion";
      case EndpointNames.COMPLETIONS -> "completion";
      case EndpointNames.EMBEDDINGS -> "embedding";
      case EndpointNames.RESPONSES -> "response";
      case EndpointNames.MESSAGES -> "message";
      case EndpointNames.RESPONSES_INPUT_TOKENS, EndpointNames.MESSAGES_COUNT_TOKENS ->
          "token count";
      default -> null;
    };
  }

  private static String skuId(RequestLog row) {
    return row.providerId() == null || row.modelName() == null
        ? null
        : row.providerId() + "/" + row.modelName();
  }

  /**
   * FOCUS's Tags: a JSON object of each tag's name and value, a bare tag's value null; several values of one name
   * joined by commas (no tag value holds one). Null for a request without tags.
   */
  static String focusTags(List<String> tags) {
    if (tags.isEmpty()) {
      return null;
    }
    ObjectNode object = JSON.createObjectNode();
    for (String tag : tags) {
      int colon = tag.indexOf(':');
      String name = colon < 0 ? tag : tag.substring(0, colon);
      if (colon < 0) {
        if (!object.has(name)) {
          object.putNull(name);
        }
      } else {
        String value = tag.substring(colon + 1);
        JsonNode before = object.get(name);
        object.put(name, before == null || before.isNull() ? value : before.asText() + "," + value);
      }
    }
    return object.toString();
  }
}
