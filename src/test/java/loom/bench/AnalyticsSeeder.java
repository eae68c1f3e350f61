package loom.bench;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import loom.analytics.AnalyticsWriter;
import loom.analytics.PriceTable;
import loom.analytics.RequestLog;
import loom.config.AnalyticsConfig;
import loom.config.Secret;
import loom.config.StorageConfig;
import loom.proxy.CacheStatus;
import loom.proxy.Usage;
import loom.store.Store;

/**
 * Fills a store with N realistic request logs for the analytics benchmarks: 40 users of unequal appetite,
 * four providers and their models priced by the built-in price table, a daily rhythm over the last D days
 * (busy working hours, quiet nights and weekends), about 3 % errors, 15 % cache hits, a third streamed,
 * latencies with a long tail. The endpoints are mixed as clients use them: Claude models through Messages, a fifth
 * of those calls counting tokens first and a third of the rest writing the prompt cache (a third of the writes for
 * an hour); GPT models through Chat Completions and, two calls in five, the Responses API. Every request is
 * attributed as {@link SeededAttribution} draws it: 50 teams, 2,000 keys, 200 tags, 20,000 agent sessions, 500 end
 * users (on a quarter of the calls). Rows go through the gateway's own writer, so the rollups and the tag rows are
 * filled exactly as in production. Deterministic for a given seed. Not a test:
 * {@code bench/seed-analytics.sh <jdbc-url> [rows] [days] [user] [password]}.
 */
public final class AnalyticsSeeder {
  private record Model(
      String provider, String name, int typicalPrompt, int typicalCompletion, int latencyMs) {}

  private static final List<Model> MODELS =
      List.of(
          new Model("openai", "gpt-4o-mini", 600, 250, 900),
          new Model("openai", "gpt-4o", 900, 400, 2_400),
          new Model("openai", "text-embedding-3-small", 300, 0, 120),
          new Model("anthropic", "claude-3-5-haiku", 700, 300, 1_300),
          new Model("anthropic", "claude-sonnet-4", 1_500, 600, 4_200),
          new Model("mistral", "mistral-small", 500, 200, 800),
          new Model("local", "llama3.2", 400, 200, 3_000));
  private static final String[] ERRORS = {
    "Upstream openai answered HTTP 429: Rate limit reached",
    "Upstream timed out after 120s",
    "Upstream answered HTTP 500: internal error",
    "Missing or invalid API key."
  };

  private AnalyticsSeeder() {}

  public static void main(String[] args) {
    String url = args[0];
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    StorageConfig storage =
        new StorageConfig(
            url, args.length > 3 ? args[3] : "", new Secret(args.length > 4 ? args[4] : ""));
    PriceTable prices = PriceTable.load(List.of(), List.of());
    AnalyticsConfig writerConfig = new AnalyticsConfig(100_000, 2_000);
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant start = end.minus(Duration.ofDays(days));
    SplittableRandom random = new SplittableRandom(42);
    long started = System.nanoTime();
    try (Store store = Store.open(storage);
        AnalyticsWriter writer = new AnalyticsWriter(store, writerConfig, Clock.systemUTC())) {
      writer.start();
      SeededAttribution attribution =
          new SeededAttribution(random, start, end, () -> at(random, start, days));
      for (long i = 0; i < rows; i++) {
        while (writer.queueDepth() >= writerConfig.queueCapacity() - 1) {
          Thread.onSpinWait();
        }
        writer.offer(
            row(i, attribution.next(random, () -> at(random, start, days)), random, prices));
      }
      writer.flush(Duration.ofMinutes(30));
      System.out.printf(
          Locale.ROOT,
          "seeded %,d request logs over %d days into %s in %,d s (%,d dropped)%n",
          writer.writtenCount(),
          days,
          storage.describe(),
          (System.nanoTime() - started) / 1_000_000_000L,
          writer.droppedCount());
    }
  }

  /** A moment in the range, drawn so working hours on weekdays are busiest. */
  private static Instant at(SplittableRandom random, Instant start, int days) {
    while (true) {
      Instant candidate = start.plusSeconds(random.nextLong((long) days * 86_400));
      var time = candidate.atZone(ZoneOffset.UTC);
      double weight =
          (time.getHour() >= 8 && time.getHour() < 19 ? 1.0 : 0.25)
              * (time.getDayOfWeek().getValue() >= 6 ? 0.3 : 1.0);
      if (random.nextDouble() < weight) {
        return candidate;
      }
    }
  }

  private static RequestLog row(
      long i, SeededAttribution.Drawn drawn, SplittableRandom random, PriceTable prices) {
    Instant at = drawn.at();
    Model model =
        MODELS.get(
            (int) Math.min(MODELS.size() - 1, Math.floor(Math.abs(random.nextGaussian()) * 2.2)));
    boolean embedding = model.typicalCompletion() == 0;
    String path = path(model, random);
    // Counting tokens is quick, answers no completion, costs nothing and is never cached.
    boolean counting = path.endsWith("/count_tokens");
    double roll = random.nextDouble();
    boolean error = roll < 0.03;
    CacheStatus cache =
        error
            ? CacheStatus.MISS
            : roll < 0.18 && !counting
                ? CacheStatus.HIT
                : roll < 0.93 ? CacheStatus.MISS : CacheStatus.BYPASS;
    long prompt =
        Math.max(1, (long) (model.typicalPrompt() * Math.exp(random.nextGaussian() * 0.6)));
    long completion =
        error || embedding || counting
            ? 0
            : Math.max(
                1, (long) (model.typicalCompletion() * Math.exp(random.nextGaussian() * 0.5)));
    long latency =
        cache == CacheStatus.HIT
            ? 1 + random.nextInt(3)
            : Math.max(
                20,
                (long)
                    (model.latencyMs()
                        / (counting ? 10 : 1)
                        * Math.exp(random.nextGaussian() * 0.5)));
    boolean caching = path.equals("/v1/messages") && random.nextInt(3) == 0;
    long cacheWrite = caching ? prompt / 2 : 0;
    long cacheWrite1h = caching && random.nextInt(3) == 0 ? cacheWrite : 0;
    Usage usage =
        new Usage(prompt, completion, prompt + completion, 0, 0, cacheWrite, cacheWrite1h, !error);
    boolean priced = !error && !counting;
    BigDecimal price =
        priced ? prices.cost(model.provider(), model.name(), usage, at).usd() : BigDecimal.ZERO;
    boolean stream = !embedding && !counting && random.nextInt(3) == 0;
    int status = error ? new int[] {429, 504, 502, 401}[random.nextInt(4)] : 200;
    String id = String.format(Locale.ROOT, "seed%012d", i);
    return new RequestLog(
        id,
        id,
        at,
        drawn.userId(),
        drawn.apiKeyId(),
        random.nextInt(4) == 0 ? "end-user-" + random.nextInt(500) : null,
        "POST",
        path,
        null,
        model.provider(),
        model.name(),
        prompt,
        completion,
        prompt + completion,
        0,
        cacheWrite,
        cacheWrite1h,
        0,
        latency,
        cache == CacheStatus.HIT ? null : latency / 4,
        status,
        cache == CacheStatus.HIT ? BigDecimal.ZERO : price,
        cache == CacheStatus.HIT ? price : BigDecimal.ZERO,
        priced ? prices.version() : null,
        cache,
        stream,
        error ? ERRORS[random.nextInt(ERRORS.length)] : null,
        null,
        null,
        null,
        null,
        drawn.attribution(),
        BigDecimal.ZERO);
  }

  /** The path a client of this model calls. */
  private static String path(Model model, SplittableRandom random) {
    if (model.typicalCompletion() == 0) {
      return "/v1/embeddings";
    }
    if (model.provider().equals("anthropic")) {
      return random.nextInt(5) == 0 ? "/v1/messages/count_tokens" : "/v1/messages";
    }
    if (model.provider().equals("openai")) {
      return random.nextInt(5) < 2 ? "/v1/responses" : "/v1/chat/completions";
    }
    return "/v1/chat/completions";
  }
}
