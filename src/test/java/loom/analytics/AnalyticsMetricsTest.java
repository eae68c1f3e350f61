package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import loom.analytics.AnalyticsMetrics.ModelEvidence;
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

    assertThat(modelLabels()).containsExactlyInAnyOrder(AnalyticsMetrics.OTHER, "gpt-4o-mini", "my-vllm-model");
    assertThat(requests(AnalyticsMetrics.OTHER)).isEqualTo(AnalyticsMetrics.MAX_MODELS + 50);
  }

  @Test
  void answeredNamesFillTheirSlotsButListedModelsAlwaysGetTheirOwnLabel() {
    for (int i = 0; i < AnalyticsMetrics.MAX_MODELS + 1; i++) {
      metrics.recorded(log("demo-" + i, 200), ModelEvidence.ANSWERED, false);
    }
    metrics.recorded(log("gpt-4o", 200), ModelEvidence.LISTED, false);
    metrics.recorded(log("gpt-4o", 400), ModelEvidence.LISTED, false);

    assertThat(modelLabels()).contains("demo-0", "demo-" + (AnalyticsMetrics.MAX_MODELS - 1), "gpt-4o",
        AnalyticsMetrics.OTHER).doesNotContain("demo-" + AnalyticsMetrics.MAX_MODELS);
    assertThat(requests("gpt-4o")).isEqualTo(2);
  }

  @Test
  void aNameThatIsALabelKeepsItWhenItsCallsFail() {
    metrics.recorded(log("my-vllm-model", 200), ModelEvidence.ANSWERED, false);
    metrics.recorded(log("my-vllm-model", 503), ModelEvidence.NONE, false);

    assertThat(requests("my-vllm-model")).isEqualTo(2);
    assertThat(modelLabels()).doesNotContain(AnalyticsMetrics.OTHER);
  }

  private Set<String> modelLabels() {
    return registry.find("loom_requests").counters().stream().map(counter -> counter.getId().getTag("model"))
        .collect(Collectors.toSet());
  }

  private double requests(String model) {
    return registry.find("loom_requests").tag("model", model).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static RequestLog log(String model, int status) {
    RequestLog sample = LogRowSamples.log(1);
    return new RequestLog(sample.id(), sample.requestId(), sample.timestamp(), sample.userId(), sample.apiKeyId(),
        null, "POST", "/v1/chat/completions", null, "openai", model, 0, 0, 0, 0, 0, 0, 0, 5, null, status,
        java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, null, sample.cacheStatus(), false, null, null, null,
        null);
  }
}
