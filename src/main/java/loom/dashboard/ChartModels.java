package loom.dashboard;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import loom.analytics.MonthProjection;
import loom.analytics.TimeSeries;

/**
 * The overview's charts as Chart.js configurations (JSON strings for {@code p:chart}), built from the analytics
 * records without any Faces class, so they are tested as plain code. Labels are user names, model names and
 * provider ids, which anyone may choose; PrimeFaces writes the JSON into an inline script, so besides the JSON
 * escaping Jackson does, {@code < > & '} and the JavaScript line separators are written as {@code \}u escapes:
 * no label can close the script element or start markup. Times are UTC.
 */
public final class ChartModels {
  /** Colours for series and slices, in order; they repeat after the last. */
  static final List<String> PALETTE =
      List.of(
          "#3b82f6", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899", "#84cc16",
          "#f97316", "#64748b");

  /** Slices of the cost-by-model doughnut; the rest is summed as {@link #OTHER}. */
  static final int MODEL_SLICES = 8;

  static final int TOP_USERS = 10;

  /** As many bars as the gateway has APIs of its own; pass-through paths beyond are left out of the chart. */
  static final int TOP_ENDPOINTS = 12;

  static final String OTHER = "Other";

  /** The key the analytics give requests without a provider, model or user (e.g. a 401). */
  static final String NONE = "(none)";

  private static final ObjectMapper JSON =
      new ObjectMapper(new JsonFactoryBuilder().characterEscapes(new ScriptSafeEscapes()).build())
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private ChartModels() {}

  /** Cost per time bucket, one stacked bar per provider. */
  public static String costOverTime(TimeSeries series) {
    ObjectNode chart = timeChart("bar", series, "provider");
    ObjectNode scales = scales(chart, "Time (UTC)", "Cost (USD)");
    scales.withObject("x").put("stacked", true);
    scales.withObject("y").put("stacked", true);
    return write(chart);
  }

  /** Requests per time bucket, one line per provider. */
  public static String requestsOverTime(TimeSeries series) {
    ObjectNode chart = timeChart("line", series, "provider");
    scales(chart, "Time (UTC)", "Requests");
    scalesOf(chart).withObject("y").withObject("ticks").put("precision", 0);
    return write(chart);
  }

  /** The median and 95th percentile latency per time bucket, one line each, from two ungrouped series. */
  public static String latencyPercentiles(TimeSeries p50, TimeSeries p95) {
    List<TimeSeries.Series> lines = new ArrayList<>();
    p50.series().stream()
        .findFirst()
        .ifPresent(one -> lines.add(new TimeSeries.Series("p50", one.points())));
    p95.series().stream()
        .findFirst()
        .ifPresent(one -> lines.add(new TimeSeries.Series("p95", one.points())));
    ObjectNode chart =
        timeChart("line", new TimeSeries(p50.bucket(), p50.metric(), null, lines), "percentile");
    scales(chart, "Time (UTC)", "Latency (ms)");
    return write(chart);
  }

  /** The cost of each model as a doughnut, the largest first; empty when nothing cost anything. */
  public static Optional<String> costByModel(Map<String, BigDecimal> costByModel) {
    List<Map.Entry<String, BigDecimal>> costs = positive(costByModel);
    if (costs.isEmpty()) {
      return Optional.empty();
    }
    List<String> labels = new ArrayList<>();
    List<BigDecimal> values = new ArrayList<>();
    BigDecimal other = BigDecimal.ZERO;
    for (int i = 0; i < costs.size(); i++) {
      if (i < MODEL_SLICES - 1 || costs.size() == MODEL_SLICES) {
        labels.add(named(costs.get(i).getKey(), "no model"));
        values.add(costs.get(i).getValue());
      } else {
        other = other.add(costs.get(i).getValue());
      }
    }
    if (other.signum() > 0) {
      labels.add(OTHER);
      values.add(other);
    }
    ObjectNode chart = JSON.createObjectNode().put("type", "doughnut");
    ObjectNode data = chart.putObject("data");
    labels.forEach(data.putArray("labels")::add);
    ObjectNode dataset = data.putArray("datasets").addObject().put("label", "Cost (USD)");
    values.forEach(dataset.putArray("data")::add);
    ArrayNode colours = dataset.putArray("backgroundColor");
    for (int i = 0; i < values.size(); i++) {
      colours.add(colour(i));
    }
    ObjectNode options = options(chart);
    options.withObject("plugins").withObject("legend").put("position", "right");
    return Optional.of(write(chart));
  }

  /** The users who cost most, as horizontal bars; empty when nothing cost anything. */
  public static Optional<String> topUsersByCost(
      Map<String, BigDecimal> costByUser, Function<String, String> nameOf) {
    return costBars(costByUser, nameOf, "no user", "User", TOP_USERS);
  }

  /** The cost of each endpoint as horizontal bars, the costliest first; empty when nothing cost anything. */
  public static Optional<String> costByEndpoint(Map<String, BigDecimal> costByEndpoint) {
    return costBars(costByEndpoint, Function.identity(), "no endpoint", "Endpoint", TOP_ENDPOINTS);
  }

  /**
   * The cost of each key (provider, user) as horizontal bars, the largest first, at most {@code limit}; empty
   * when nothing cost anything.
   *
   * @param none the label of the requests without the key
   * @param axis the title of the key's axis ("Provider")
   */
  public static Optional<String> costBars(
      Map<String, BigDecimal> costs,
      Function<String, String> nameOf,
      String none,
      String axis,
      int limit) {
    List<Map.Entry<String, BigDecimal>> positive = positive(costs);
    if (positive.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode chart = JSON.createObjectNode().put("type", "bar");
    ObjectNode data = chart.putObject("data");
    ArrayNode labels = data.putArray("labels");
    ObjectNode dataset =
        data.putArray("datasets")
            .addObject()
            .put("label", "Cost (USD)")
            .put("backgroundColor", colour(0));
    ArrayNode values = dataset.putArray("data");
    positive.stream()
        .limit(limit)
        .forEach(
            entry -> {
              labels.add(NONE.equals(entry.getKey()) ? none : nameOf.apply(entry.getKey()));
              values.add(entry.getValue());
            });
    ObjectNode options = options(chart).put("indexAxis", "y");
    options
        .withObject("plugins")
        .withObject("legend")
        .put("display", true)
        .put("position", "bottom");
    scales(chart, "Cost (USD)", axis);
    scalesOf(chart).withObject("x").put("beginAtZero", true);
    return Optional.of(write(chart));
  }

  /**
   * The cache's hit rate per time bucket in percent, from the logged requests: hits / (hits + misses), the rate
   * {@code /cache/stats} counts; a gap where nothing was looked up. Both series are ungrouped, over the same
   * range and bucket.
   */
  public static String hitRateOverTime(TimeSeries hits, TimeSeries misses) {
    ObjectNode chart = JSON.createObjectNode().put("type", "line");
    ObjectNode data = chart.putObject("data");
    ArrayNode labels = data.putArray("labels");
    ArrayNode values =
        data.putArray("datasets")
            .addObject()
            .put("label", "Hit rate (%)")
            .put("backgroundColor", colour(2))
            .put("borderColor", colour(2))
            .put("fill", false)
            .put("tension", 0.2)
            .put("pointRadius", 2)
            .put("borderWidth", 2)
            .put("spanGaps", false)
            .putArray("data");
    List<List<Object>> hitPoints =
        hits.series().isEmpty() ? List.of() : hits.series().get(0).points();
    List<List<Object>> missPoints =
        misses.series().isEmpty() ? List.of() : misses.series().get(0).points();
    DateTimeFormatter format = bucketFormat(hits.bucket());
    for (int i = 0; i < hitPoints.size(); i++) {
      labels.add(format.format(Instant.parse((String) hitPoints.get(i).get(0))));
      double hit = ((Number) hitPoints.get(i).get(1)).doubleValue();
      double miss = i < missPoints.size() ? ((Number) missPoints.get(i).get(1)).doubleValue() : 0;
      if (hit + miss == 0) {
        values.addNull();
      } else {
        values.add(Math.round(hit * 1000 / (hit + miss)) / 10.0);
      }
    }
    ObjectNode options = options(chart);
    options.withObject("plugins").withObject("legend").put("display", false);
    options
        .withObject("scales")
        .withObject("x")
        .putObject("ticks")
        .put("maxRotation", 0)
        .put("autoSkipPadding", 16);
    scales(chart, "Time (UTC)", "Hit rate (%)").withObject("y").put("max", 100);
    return write(chart);
  }

  /** The colour of the band around a projection: the projection's own, translucent. */
  static final String BAND = "rgba(59, 130, 246, 0.15)";

  /** The budget line's colour (the dashboard's "bad" red). */
  static final String BUDGET = "#b91c1c";

  /**
   * The month's spend added up day by day (USD): what was spent to each day's end (today: so far), then the
   * projection to each day's end from today on, dashed and joined to the spend, with its band filled between its low
   * and high ends, and the monthly budget as a flat line when there is one.
   */
  public static String monthProjection(MonthProjection projection) {
    ObjectNode chart = JSON.createObjectNode().put("type", "line");
    ObjectNode data = chart.putObject("data");
    ArrayNode labels = data.putArray("labels");
    DateTimeFormatter format = DateTimeFormatter.ofPattern("MMM d", Locale.US);
    ArrayNode datasets = data.putArray("datasets");
    ArrayNode spent = line(datasets, "Spent", colour(0)).putArray("data");
    ObjectNode projectedLine = line(datasets, "Projected", colour(0)).put("pointRadius", 0);
    projectedLine.putArray("borderDash").add(6).add(4);
    ArrayNode projected = projectedLine.putArray("data");
    ArrayNode low =
        line(datasets, "Band, low (" + confidence(projection) + ")", BAND)
            .put("pointRadius", 0)
            .put("borderWidth", 0)
            .putArray("data");
    ArrayNode high =
        line(datasets, "Band, high (" + confidence(projection) + ")", BAND)
            .put("pointRadius", 0)
            .put("borderWidth", 0)
            .put("fill", "-1")
            .put("backgroundColor", BAND)
            .putArray("data");
    List<MonthProjection.Day> days = projection.days();
    for (int i = 0; i < days.size(); i++) {
      MonthProjection.Day day = days.get(i);
      labels.add(format.format(day.date()));
      addOrNull(spent, day.cumulativeActualUsd());
      // The dashed line starts where the spend of the day before ends, so the two join.
      boolean joins =
          day.cumulativeProjectedUsd() == null
              && i + 1 < days.size()
              && days.get(i + 1).cumulativeProjectedUsd() != null
              && days.get(i + 1).cumulativeActualUsd() != null;
      addOrNull(projected, joins ? day.cumulativeActualUsd() : day.cumulativeProjectedUsd());
      addOrNull(low, day.cumulativeLowUsd());
      addOrNull(high, day.cumulativeHighUsd());
    }
    if (projection.budget() != null) {
      ObjectNode budget = line(datasets, "Monthly budget", BUDGET).put("pointRadius", 0);
      budget.putArray("borderDash").add(2).add(2);
      ArrayNode values = budget.putArray("data");
      days.forEach(day -> values.add(projection.budget().monthlyUsd()));
    }
    ObjectNode options = options(chart);
    options.putObject("interaction").put("mode", "index").put("intersect", false);
    options
        .withObject("scales")
        .withObject("x")
        .putObject("ticks")
        .put("maxRotation", 0)
        .put("autoSkipPadding", 16);
    scales(chart, "Day (UTC)", "Spent this month (USD)");
    return write(chart);
  }

  private static ObjectNode line(ArrayNode datasets, String label, String colour) {
    return datasets
        .addObject()
        .put("label", label)
        .put("borderColor", colour)
        .put("backgroundColor", colour)
        .put("fill", false)
        .put("tension", 0)
        .put("pointRadius", 2)
        .put("borderWidth", 2)
        .put("spanGaps", false);
  }

  private static void addOrNull(ArrayNode values, BigDecimal value) {
    if (value == null) {
      values.addNull();
    } else {
      values.add(value);
    }
  }

  private static String confidence(MonthProjection projection) {
    return Math.round(projection.confidence() * 100) + " %";
  }

  /** A bar or line chart over the buckets of a time series, one dataset per series. */
  private static ObjectNode timeChart(String type, TimeSeries series, String groupName) {
    ObjectNode chart = JSON.createObjectNode().put("type", type);
    ObjectNode data = chart.putObject("data");
    ArrayNode labels = data.putArray("labels");
    DateTimeFormatter format = bucketFormat(series.bucket());
    if (!series.series().isEmpty()) {
      series
          .series()
          .get(0)
          .points()
          .forEach(point -> labels.add(format.format(Instant.parse((String) point.get(0)))));
    }
    ArrayNode datasets = data.putArray("datasets");
    for (int i = 0; i < series.series().size(); i++) {
      TimeSeries.Series one = series.series().get(i);
      ObjectNode dataset =
          datasets
              .addObject()
              .put("label", named(one.key(), "no " + groupName))
              .put("backgroundColor", colour(i))
              .put("borderColor", colour(i));
      if ("line".equals(type)) {
        dataset.put("fill", false).put("tension", 0.2).put("pointRadius", 0).put("borderWidth", 2);
      }
      ArrayNode values = dataset.putArray("data");
      one.points().forEach(point -> addNumber(values, point.get(1)));
    }
    ObjectNode options = options(chart);
    options.putObject("interaction").put("mode", "index").put("intersect", false);
    options
        .withObject("scales")
        .withObject("x")
        .putObject("ticks")
        .put("maxRotation", 0)
        .put("autoSkipPadding", 16);
    return chart;
  }

  private static void addNumber(ArrayNode values, Object value) {
    if (value instanceof BigDecimal decimal) {
      values.add(decimal);
    } else if (value instanceof Double || value instanceof Float) {
      values.add(((Number) value).doubleValue());
    } else {
      values.add(((Number) value).longValue());
    }
  }

  private static ObjectNode options(ObjectNode chart) {
    ObjectNode options = chart.withObject("options");
    options.put("responsive", true).put("maintainAspectRatio", false).put("animation", false);
    options
        .withObject("plugins")
        .withObject("legend")
        .put("display", true)
        .put("position", "bottom");
    return options;
  }

  private static ObjectNode scales(ObjectNode chart, String xTitle, String yTitle) {
    ObjectNode scales = scalesOf(chart);
    title(scales.withObject("x"), xTitle);
    title(scales.withObject("y"), yTitle).put("beginAtZero", true);
    return scales;
  }

  private static ObjectNode scalesOf(ObjectNode chart) {
    return chart.withObject("options").withObject("scales");
  }

  private static ObjectNode title(ObjectNode axis, String text) {
    axis.putObject("title").put("display", true).put("text", text);
    return axis;
  }

  private static DateTimeFormatter bucketFormat(String bucket) {
    String pattern =
        switch (bucket) {
          case "minute" -> "HH:mm";
          case "hour" -> "MMM d HH:mm";
          default -> "MMM d";
        };
    return DateTimeFormatter.ofPattern(pattern, Locale.US).withZone(ZoneOffset.UTC);
  }

  private static List<Map.Entry<String, BigDecimal>> positive(Map<String, BigDecimal> costs) {
    // The analytics give the largest first already; sorting again keeps this independent of that.
    return costs.entrySet().stream()
        .filter(entry -> entry.getValue() != null && entry.getValue().signum() > 0)
        .sorted(
            Map.Entry.<String, BigDecimal>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .toList();
  }

  private static String named(String key, String none) {
    return NONE.equals(key) ? none : key;
  }

  static String colour(int index) {
    return PALETTE.get(index % PALETTE.size());
  }

  private static String write(ObjectNode chart) {
    try {
      return JSON.writeValueAsString(chart);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a chart", e);
    }
  }

  /** JSON escapes that are also safe inside an HTML script element. */
  private static final class ScriptSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    ScriptSafeEscapes() {
      ascii = CharacterEscapes.standardAsciiEscapesForJSON();
      for (char c : new char[] {'<', '>', '&', '\'', '/'}) {
        ascii[c] = CharacterEscapes.ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == 0x2028 || ch == 0x2029
          ? new SerializedString(String.format("\\u%04x", ch))
          : null;
    }
  }
}
