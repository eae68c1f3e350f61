package loom.analytics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import loom.proxy.CacheStatus;

/**
 * The gateway's Prometheus metrics about proxied requests: counts by provider, model, status and cache
 * status; latency histogram; tokens; cost; unpriced requests; and the request-log writer's queue depth,
 * dropped rows and store errors. Model names come from clients, so a name becomes a label only on evidence
 * that it is real ({@link ModelEvidence}): any name the price table lists, and the first {@link #MAX_MODELS}
 * other names a provider answered. Everything else counts as "other", so a key holder sending junk names cannot
 * push the real models out of their labels. Thread-safe.
 */
public final class AnalyticsMetrics {
  static final int MAX_MODELS = 200;
  static final String OTHER = "other";

  /** Roughly the span the published percentiles cover: short enough to show the present load. */
  static final Duration PERCENTILE_WINDOW = Duration.ofMinutes(1);

  /** What vouches for a model name being real. */
  enum ModelEvidence {
    /** The price table names it exactly: always a label (the table bounds how many). */
    LISTED,
    /** A provider answered a call for it (now, or when a cached answer was stored): a label while there is room. */
    ANSWERED,
    /** Nothing: a failed call for a name no price lists; counted as "other" unless the name is a label already. */
    NONE
  }

  private final MeterRegistry registry;
  private final Set<String> listedModels = ConcurrentHashMap.newKeySet();
  private final Set<String> answeredModels = ConcurrentHashMap.newKeySet();
  private final Timer recording;
  private final Map<RequestLabels, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> latency = new ConcurrentHashMap<>();
  private final Map<ModelLabels, ModelMeters> perModel = new ConcurrentHashMap<>();

  public AnalyticsMetrics(MeterRegistry registry) {
    this.registry = registry;
    // The price of analytics paid on the request's own thread (DESIGN §10 budget: ≤ 20 µs at p99).
    this.recording =
        Timer.builder("loom_analytics_record")
            .description(
                "Time spent on the request thread to build, price, redact and enqueue a request log")
            .publishPercentiles(0.5, 0.99)
            .distributionStatisticExpiry(PERCENTILE_WINDOW)
            .register(registry);
  }

  /**
   * Exposes the writer's queue depth as a gauge, and the running totals of the writer and the filter as counters
   * (Prometheus adds {@code _total} to their names); all are read when Prometheus scrapes.
   */
  void watch(
      Supplier<Number> queueDepth,
      Supplier<Number> dropped,
      Supplier<Number> storeErrors,
      Supplier<Number> recordFailures) {
    Gauge.builder("loom_log_writer_queue_depth", () -> queueDepth.get().doubleValue())
        .description("Request logs waiting to be written")
        .register(registry);
    total(
        "loom_log_writer_dropped_rows", "Request logs dropped because the queue was full", dropped);
    total(
        "loom_log_writer_store_errors",
        "Failed attempts to write request logs to the store",
        storeErrors);
    total(
        "loom_analytics_record_failures",
        "Requests that could not be recorded because building their log failed",
        recordFailures);
  }

  private void total(String name, String description, Supplier<Number> total) {
    // The function reads the supplier it captured, not its argument: a function counter holds its
    // object only weakly, and nothing else holds these suppliers, so the function is what keeps
    // them alive with the meter.
    FunctionCounter.builder(name, total, ignored -> total.get().doubleValue())
        .description(description)
        .register(registry);
  }

  void recorded(RequestLog log, ModelEvidence evidence, boolean unpriced) {
    String provider = log.providerId() == null ? "none" : log.providerId();
    String model = model(log.modelName(), evidence);
    // Meters are looked up in maps of our own: building and registering them for every request (tag
    // sorting, id hashing) was most of the time analytics spent on the request thread.
    requests
        .computeIfAbsent(
            new RequestLabels(provider, model, log.statusCode(), log.cacheStatus()),
            labels ->
                Counter.builder("loom_requests")
                    .description("Proxied requests")
                    .tags(
                        "provider",
                        labels.provider(),
                        "model",
                        labels.model(),
                        "status",
                        Integer.toString(labels.status()),
                        "cache_status",
                        labels.cacheStatus().name())
                    .register(registry))
        .increment();
    latency
        .computeIfAbsent(
            provider,
            id ->
                Timer.builder("loom_request_latency")
                    .description("Latency of proxied requests, as the gateway saw it")
                    .tags("provider", id)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry))
        .record(log.latencyMs(), TimeUnit.MILLISECONDS);
    if (log.promptTokens() > 0 || log.completionTokens() > 0 || log.costUsd().signum() > 0) {
      ModelMeters meters =
          perModel.computeIfAbsent(new ModelLabels(provider, model), this::modelMeters);
      meters.prompt().increment(log.promptTokens());
      meters.completion().increment(log.completionTokens());
      if (log.costUsd().signum() > 0) {
        meters.cost().record(log.costUsd().doubleValue());
      }
    }
    if (unpriced) {
      Counter.builder("loom_unpriced_requests")
          .description("Requests for models the price table does not know")
          .tags("provider", provider, "model", model)
          .register(registry)
          .increment();
    }
  }

  private ModelMeters modelMeters(ModelLabels labels) {
    return new ModelMeters(
        tokens(labels, "prompt"),
        tokens(labels, "completion"),
        DistributionSummary.builder("loom_cost_usd")
            .description("Cost of proxied requests in USD")
            .tags("provider", labels.provider(), "model", labels.model())
            .register(registry));
  }

  private Counter tokens(ModelLabels labels, String type) {
    return Counter.builder("loom_tokens")
        .description("Tokens of proxied requests")
        .tags("provider", labels.provider(), "model", labels.model(), "type", type)
        .register(registry);
  }

  private record RequestLabels(
      String provider, String model, int status, CacheStatus cacheStatus) {}

  private record ModelLabels(String provider, String model) {}

  private record ModelMeters(Counter prompt, Counter completion, DistributionSummary cost) {}

  void recordingTook(long nanos) {
    recording.record(nanos, TimeUnit.NANOSECONDS);
  }

  private String model(String model, ModelEvidence evidence) {
    if (model == null) {
      return "none";
    }
    if (listedModels.contains(model) || answeredModels.contains(model)) {
      return model;
    }
    boolean admitted =
        switch (evidence) {
          case LISTED -> {
            listedModels.add(model);
            yield true;
          }
          case ANSWERED -> answeredModels.size() < MAX_MODELS && answeredModels.add(model);
          case NONE -> false;
        };
    return admitted ? model : OTHER;
  }
}
