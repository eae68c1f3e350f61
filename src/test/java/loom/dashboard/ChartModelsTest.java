package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import loom.analytics.TimeSeries;
import org.junit.jupiter.api.Test;

class ChartModelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARKUP = "</script><img src=x onerror=alert(1)>&'\u2028";

  private static TimeSeries hourly(String metric, Map<String, List<Number>> values) {
    List<TimeSeries.Series> series =
        values.entrySet().stream()
            .map(
                entry ->
                    new TimeSeries.Series(
                        entry.getKey(),
                        IntStream.range(0, entry.getValue().size())
                            .mapToObj(
                                i ->
                                    List.<Object>of(
                                        "2026-03-0"
                                            + (1 + i / 24)
                                            + "T"
                                            + String.format("%02d", i % 24)
                                            + ":00:00Z",
                                        entry.getValue().get(i)))
                            .toList()))
            .toList();
    return new TimeSeries("hour", metric, "provider", series);
  }

  private static JsonNode parse(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void costOverTimeIsABarChartStackedByProviderWithTitledAxes() throws Exception {
    Map<String, List<Number>> values = new LinkedHashMap<>();
    values.put("demo", List.of(BigDecimal.ZERO, new BigDecimal("0.25")));
    values.put("openai", List.of(new BigDecimal("1.5"), new BigDecimal("0.000000002")));

    JsonNode chart = parse(ChartModels.costOverTime(hourly("cost", values)));

    assertThat(chart.path("type").asText()).isEqualTo("bar");
    assertThat(chart.at("/data/labels"))
        .extracting(JsonNode::asText)
        .containsExactly("Mar 1 00:00", "Mar 1 01:00");
    assertThat(chart.at("/data/datasets")).hasSize(2);
    assertThat(chart.at("/data/datasets/0/label").asText()).isEqualTo("demo");
    assertThat(chart.at("/data/datasets/1/label").asText()).isEqualTo("openai");
    assertThat(chart.at("/data/datasets/1/data/0").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(chart.at("/data/datasets/0/backgroundColor").asText())
        .isNotEqualTo(chart.at("/data/datasets/1/backgroundColor").asText());
    assertThat(chart.at("/options/scales/x/stacked").asBoolean()).isTrue();
    assertThat(chart.at("/options/scales/y/stacked").asBoolean()).isTrue();
    assertThat(chart.at("/options/scales/x/title/text").asText()).isEqualTo("Time (UTC)");
    assertThat(chart.at("/options/scales/y/title/text").asText()).isEqualTo("Cost (USD)");
    assertThat(chart.at("/options/plugins/legend/display").asBoolean()).isTrue();
    assertThat(chart.at("/options/maintainAspectRatio").asBoolean()).isFalse();
  }

  @Test
  void moneyIsWrittenAsPlainDecimalsNeverInExponentNotation() {
    String json =
        ChartModels.costOverTime(
            hourly("cost", Map.of("p", List.of(new BigDecimal("0.000000002")))));

    assertThat(json).contains("0.000000002").doesNotContain("E-");
  }

  @Test
  void requestsOverTimeIsALineChartOfWholeRequestsPerProvider() throws Exception {
    Map<String, List<Number>> values = new LinkedHashMap<>();
    values.put("(none)", List.of(1L, 0L, 2L));
    values.put("mock", List.of(5L, 7L, 0L));

    JsonNode chart = parse(ChartModels.requestsOverTime(hourly("requests", values)));

    assertThat(chart.path("type").asText()).isEqualTo("line");
    assertThat(chart.at("/data/datasets/0/label").asText())
        .as("requests without a provider")
        .isEqualTo("no provider");
    assertThat(chart.at("/data/datasets/1/data"))
        .extracting(JsonNode::asLong)
        .containsExactly(5L, 7L, 0L);
    assertThat(chart.at("/data/datasets/1/fill").asBoolean()).isFalse();
    assertThat(chart.at("/options/scales/y/title/text").asText()).isEqualTo("Requests");
    assertThat(chart.at("/options/scales/y/ticks/precision").asInt()).isZero();
    assertThat(chart.at("/options/scales/y/beginAtZero").asBoolean()).isTrue();
  }

  @Test
  void latencyPercentilesAreTwoLinesInMilliseconds() throws Exception {
    JsonNode chart =
        parse(
            ChartModels.latencyPercentiles(
                hourly("latency_p50", Map.of("all", List.of(12.0, 3.5))),
                hourly("latency_p95", Map.of("all", List.of(40.0, 9.25)))));

    assertThat(chart.path("type").asText()).isEqualTo("line");
    assertThat(chart.at("/data/datasets"))
        .extracting(dataset -> dataset.path("label").asText())
        .containsExactly("p50", "p95");
    assertThat(chart.at("/data/datasets/1/data"))
        .extracting(JsonNode::asDouble)
        .containsExactly(40.0, 9.25);
    assertThat(chart.at("/options/scales/y/title/text").asText()).isEqualTo("Latency (ms)");
  }

  @Test
  void bucketsAreLabelledByTheirWidthInUtc() throws Exception {
    TimeSeries minutes =
        new TimeSeries(
            "minute",
            "requests",
            null,
            List.of(
                new TimeSeries.Series(
                    "all",
                    List.of(
                        List.of("2026-03-01T23:59:00Z", 1L),
                        List.of("2026-03-02T00:00:00Z", 2L)))));
    TimeSeries days =
        new TimeSeries(
            "day",
            "requests",
            null,
            List.of(
                new TimeSeries.Series(
                    "all",
                    List.of(
                        List.of("2026-03-01T00:00:00Z", 1L),
                        List.of("2026-03-02T00:00:00Z", 2L)))));

    assertThat(parse(ChartModels.requestsOverTime(minutes)).at("/data/labels"))
        .extracting(JsonNode::asText)
        .containsExactly("23:59", "00:00");
    assertThat(parse(ChartModels.requestsOverTime(days)).at("/data/labels"))
        .extracting(JsonNode::asText)
        .containsExactly("Mar 1", "Mar 2");
  }

  @Test
  void aSeriesWithoutDataStillMakesAValidChart() throws Exception {
    JsonNode chart =
        parse(ChartModels.costOverTime(new TimeSeries("hour", "cost", "provider", List.of())));

    assertThat(chart.at("/data/labels")).isEmpty();
    assertThat(chart.at("/data/datasets")).isEmpty();
  }

  @Test
  void costByModelShowsTheLargestModelsAndSumsTheRestAsOther() throws Exception {
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    for (int i = 1; i <= 10; i++) {
      costs.put("model-" + i, BigDecimal.valueOf(i));
    }
    costs.put("free", BigDecimal.ZERO);

    JsonNode chart = parse(ChartModels.costByModel(costs).orElseThrow());

    assertThat(chart.path("type").asText()).isEqualTo("doughnut");
    assertThat(chart.at("/data/labels"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "model-10", "model-9", "model-8", "model-7", "model-6", "model-5", "model-4", "Other");
    assertThat(chart.at("/data/datasets/0/data/7").decimalValue())
        .as("1 + 2 + 3")
        .isEqualByComparingTo("6");
    assertThat(chart.at("/data/datasets/0/backgroundColor")).hasSize(8);
    assertThat(chart.at("/options/plugins/legend/display").asBoolean()).isTrue();
  }

  @Test
  void exactlyAsManyModelsAsSlicesNeedNoOther() throws Exception {
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    for (int i = 1; i <= ChartModels.MODEL_SLICES; i++) {
      costs.put("m" + i, BigDecimal.ONE);
    }

    assertThat(parse(ChartModels.costByModel(costs).orElseThrow()).at("/data/labels"))
        .hasSize(ChartModels.MODEL_SLICES)
        .extracting(JsonNode::asText)
        .doesNotContain(ChartModels.OTHER);
  }

  @Test
  void nothingThatCostAnythingMakesNoCostCharts() {
    assertThat(ChartModels.costByModel(Map.of("local", BigDecimal.ZERO))).isEmpty();
    assertThat(ChartModels.costByModel(Map.of())).isEmpty();
    assertThat(ChartModels.topUsersByCost(Map.of("usr_1", BigDecimal.ZERO), id -> id)).isEmpty();
    assertThat(ChartModels.costByEndpoint(Map.of("models", BigDecimal.ZERO))).isEmpty();
  }

  @Test
  void endpointsAreHorizontalBarsByTheirNameCostliestFirst() throws Exception {
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    costs.put("messages", new BigDecimal("3.5"));
    costs.put("messages.count_tokens", BigDecimal.ZERO);
    costs.put("(none)", new BigDecimal("0.25"));
    costs.put("chat.completions", new BigDecimal("1.25"));

    JsonNode chart = parse(ChartModels.costByEndpoint(costs).orElseThrow());

    assertThat(chart.at("/options/indexAxis").asText()).isEqualTo("y");
    assertThat(chart.at("/data/labels"))
        .extracting(JsonNode::asText)
        .containsExactly("messages", "chat.completions", "no endpoint");
    assertThat(chart.at("/data/datasets/0/data/0").decimalValue()).isEqualByComparingTo("3.5");
    assertThat(chart.at("/options/scales/y/title/text").asText()).isEqualTo("Endpoint");
  }

  @Test
  void topUsersAreHorizontalBarsNamedByTheirUserLargestFirstAndAtMostTen() throws Exception {
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    for (int i = 1; i <= 12; i++) {
      costs.put("usr_" + i, BigDecimal.valueOf(i));
    }
    costs.put("(none)", new BigDecimal("100"));

    JsonNode chart = parse(ChartModels.topUsersByCost(costs, id -> "name of " + id).orElseThrow());

    assertThat(chart.path("type").asText()).isEqualTo("bar");
    assertThat(chart.at("/options/indexAxis").asText()).isEqualTo("y");
    assertThat(chart.at("/data/labels")).hasSize(ChartModels.TOP_USERS);
    assertThat(chart.at("/data/labels/0").asText()).isEqualTo("no user");
    assertThat(chart.at("/data/labels/1").asText()).isEqualTo("name of usr_12");
    assertThat(chart.at("/data/datasets/0/data/1").decimalValue()).isEqualByComparingTo("12");
    assertThat(chart.at("/options/scales/x/title/text").asText()).isEqualTo("Cost (USD)");
    assertThat(chart.at("/options/scales/y/title/text").asText()).isEqualTo("User");
  }

  @Test
  void labelsCannotCloseTheScriptTheJsonIsWrittenInNorStartMarkup() throws Exception {
    Map<String, List<Number>> values = Map.of(MARKUP, List.of(1L));
    List<String> charts =
        List.of(
            ChartModels.costOverTime(hourly("cost", values)),
            ChartModels.requestsOverTime(hourly("requests", values)),
            ChartModels.costByModel(Map.of(MARKUP, BigDecimal.ONE)).orElseThrow(),
            ChartModels.topUsersByCost(Map.of("usr_1", BigDecimal.ONE), id -> MARKUP)
                .orElseThrow());

    for (String json : charts) {
      assertThat(json)
          .doesNotContain("<")
          .doesNotContain(">")
          .doesNotContain("&")
          .doesNotContain("'")
          .doesNotContain("\u2028")
          .contains("\\u003C\\u002Fscript\\u003E");
      // Still the same text once parsed: escaping changes how labels are written, not what they
      // say.
      assertThat(json).contains("\\u2028");
      assertThat(parse(json).at("/data").toString()).contains(JSON.writeValueAsString(MARKUP));
    }
  }
}
