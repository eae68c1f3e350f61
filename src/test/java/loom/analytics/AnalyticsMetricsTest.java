package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import loom.analytics.AnalyticsMetrics.ModelEvidence;
import loom.proxy.Attribution;
import org.junit.jupiter.api.Test;

class AnalyticsMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AnalyticsMetrics metrics = new AnalyticsMetrics(registry);

  @Test
  void junkNamesThatNoProviderAnsweredNeverTakeALabel() {
    for (int i = 0; i < AnalyticsMetrics.MAX_MODELS + 50; i++) {
      metrics.recorded(log("junk-" + i, 404), ModelEvidence.NONE, false);
    }
    metrics.recorded(log("gpt-4o-mini", 200), ModelEvidence.LISTED, false);
    metrics.recorded(log("my-vllm-model", 200), ModelEvidence.ANSWERED, false);

    assertThat(modelLabels())
        .containsExactlyInAnyOrder(AnalyticsMetrics.OTHER, "gpt-4o-mini", "my-vllm-model");
    assertThat(requests(AnalyticsMetrics.OTHER)).isEqualTo(AnalyticsMetrics.MAX_MODELS + 50);
  }

  @Test
  void answeredNamesFillTheirSlotsButListedModelsAlwaysGetTheirOwnLabel() {
    for (int i = 0; i < AnalyticsMetrics.MAX_MODELS + 1; i++) {
      metrics.recorded(log("demo-" + i, 200), ModelEvidence.ANSWERED, false);
    }
    metrics.recorded(log("gpt-4o", 200), ModelEvidence.LISTED, false);
    metrics.recorded(log("gpt-4o", 400), ModelEvidence.LISTED, false);

    assertThat(modelLabels())
        .contains(
            "demo-0", "demo-" + (AnalyticsMetrics.MAX_MODELS - 1), "gpt-4o", AnalyticsMetrics.OTHER)
        .doesNotContain("demo-" + AnalyticsMetrics.MAX_MODELS);
    assertThat(requests("gpt-4o")).isEqualTo(2);
  }

  @Test
  void aNameThatIsALabelKeepsItWhenItsCallsFail() {
    metrics.recorded(log("my-vllm-model", 200), ModelEvidence.ANSWERED, false);
    metrics.recorded(log("my-vllm-model", 503), ModelEvidence.NONE, false);

    assertThat(requests("my-vllm-model")).isEqualTo(2);
    assertThat(modelLabels()).doesNotContain(AnalyticsMetrics.OTHER);
  }

  @Test
  void noLabelNamesAKeyTeamSessionTagOrEndUserSoTheSeriesStayBoundedHoweverManyThereAre() {
    for (int i = 0; i < 2_000; i++) {
      RequestLog attributed =
          LogRowSamples.attributed(
              log("gpt-4o-mini", i % 10 == 0 ? 502 : 200),
              "key_" + i,
              "end-user-" + i,
              new Attribution(
                  "team_" + i % 50,
                  "ses_" + i,
                  i % 2 == 0 ? "claude-code" : "codex",
                  List.of("project:t" + i % 200)),
              BigDecimal.ZERO);
      metrics.recorded(attributed, ModelEvidence.LISTED, i % 7 == 0);
    }
    metrics.watch(() -> 0, () -> 0, () -> 0, () -> 0);

    Set<String> labelNames =
        registry.getMeters().stream()
            .flatMap(meter -> meter.getId().getTags().stream())
            .map(Tag::getKey)
            .collect(Collectors.toSet());
    Set<String> labelValues =
        registry.getMeters().stream()
            .flatMap(meter -> meter.getId().getTags().stream())
            .map(Tag::getValue)
            .collect(Collectors.toSet());
    // phi: the quantile of a published percentile (0.5, 0.99).
    assertThat(labelNames).isSubsetOf("provider", "model", "status", "cache_status", "type", "phi");
    assertThat(labelValues)
        .noneMatch(
            value ->
                value.startsWith("key_")
                    || value.startsWith("team_")
                    || value.startsWith("ses_")
                    || value.startsWith("project:")
                    || value.startsWith("end-user-")
                    || value.equals("claude-code")
                    || value.equals("codex"));
    // Two statuses, one model: a handful of series, not one per key, session, team or tag.
    assertThat(registry.getMeters()).hasSizeLessThan(20);
  }

  @Test
  void theWritersRunningTotalsAreCountersAndItsQueueDepthAGauge() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new AnalyticsMetrics(prometheus).watch(() -> 3, () -> 5, () -> 7, () -> 11);

    assertThat(prometheus.get("loom_log_writer_queue_depth").gauge().value()).isEqualTo(3);
    assertThat(prometheus.get("loom_log_writer_dropped_rows").functionCounter().count())
        .isEqualTo(5);
    assertThat(prometheus.get("loom_log_writer_store_errors").functionCounter().count())
        .isEqualTo(7);
    assertThat(prometheus.get("loom_analytics_record_failures").functionCounter().count())
        .isEqualTo(11);
    assertThat(prometheus.scrape())
        .contains(
            "# TYPE loom_log_writer_queue_depth gauge",
            "loom_log_writer_queue_depth 3.0",
            "# TYPE loom_log_writer_dropped_rows_total counter",
            "loom_log_writer_dropped_rows_total 5.0",
            "loom_log_writer_store_errors_total 7.0",
            "loom_analytics_record_failures_total 11.0");
  }

  private Set<String> modelLabels() {
    return registry.find("loom_requests").counters().stream()
        .map(counter -> counter.getId().getTag("model"))
        .collect(Collectors.toSet());
  }

  private double requests(String model) {
    return registry.find("loom_requests").tag("model", model).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static RequestLog log(String model, int status) {
    RequestLog sample = LogRowSamples.log(1);
    return new RequestLog(
        sample.id(),
        sample.requestId(),
        sample.timestamp(),
        sample.userId(),
        sample.apiKeyId(),
        null,
        "POST",
        "/v1/chat/completions",
        null,
        "openai",
        model,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        5,
        null,
        status,
        java.math.BigDecimal.ZERO,
        java.math.BigDecimal.ZERO,
        null,
        sample.cacheStatus(),
        false,
        null,
        null,
        null,
        null);
  }
}
