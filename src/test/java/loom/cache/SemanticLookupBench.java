package loom.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import loom.cache.semantic.MeaningGuards;
import loom.cache.semantic.MiniLmEmbedder;
import loom.cache.semantic.SemanticEntry;
import loom.cache.semantic.SemanticIndex;
import loom.cache.semantic.Vectors;
import loom.config.SemanticCacheConfig;
import loom.proxy.Endpoint;

/**
 * What a semantic lookup adds to a request that misses (bench/semantic-lookup.sh): one partition filled with N
 * remembered questions (random unit vectors, the hardest case for a nearest-neighbour graph), then questions that find
 * nothing close enough, timed whole (split of the body, partition key, embedding by the built-in model, search,
 * guards) beside the exact key alone, which every cached request computes anyway. Also the index's memory estimate
 * and the heap it takes. Not a test.
 */
public final class SemanticLookupBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Clock clock = Clock.systemUTC();
    CacheKeys keys = new CacheKeys();
    MiniLmEmbedder embedder = MiniLmEmbedder.load();
    SemanticIndex index = new SemanticIndex(embedder.dimensions(), Long.MAX_VALUE);
    SemanticLookup lookup =
        new SemanticLookup(
            new SemanticCacheConfig(true, true, SemanticCacheConfig.DEFAULT_THRESHOLD, 1),
            embedder,
            index,
            MeaningGuards.standard(),
            SemanticShare.NONE,
            keys,
            new CacheStats(new LocalCounters(), (provider, model, usage) -> BigDecimal.ZERO),
            clock);
    String partition =
        lookup
            .probe(Endpoint.CHAT_COMPLETIONS, "openai", "gpt-4o-mini", body("x"), null, null, null)
            .orElseThrow()
            .partition();

    long heapBefore = usedHeap();
    Random random = new Random(7);
    long expires = clock.millis() + Duration.ofDays(1).toMillis();
    long fillStart = System.nanoTime();
    for (int i = 0; i < entries; i++) {
      float[] vector = new float[embedder.dimensions()];
      for (int d = 0; d < vector.length; d++) {
        vector[d] = (float) random.nextGaussian();
      }
      index.add(
          new SemanticEntry(
              "v1:openai:gpt-4o-mini:" + Integer.toHexString(i) + "0".repeat(56),
              partition,
              "A remembered question number " + i + " about something else entirely",
              Vectors.normalized(vector),
              expires));
    }
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
    long heapAfter = usedHeap();
    System.out.printf(
        Locale.ROOT,
        "%,d questions in one partition: filled in %.1f s; estimated %,d MB, heap grew %,d MB"
            + "%n",
        index.size(),
        fillSeconds,
        index.bytes() >> 20,
        (heapAfter - heapBefore) >> 20);

    String[] asked = new String[queries];
    for (int i = 0; i < queries; i++) {
      asked[i] = "How do I rotate the API key number " + i + " of my team's staging project?";
    }
    // Warm up the JIT and the model, then measure.
    for (int i = 0; i < Math.min(500, queries); i++) {
      lookup.candidates(
          lookup
              .probe(
                  Endpoint.CHAT_COMPLETIONS,
                  "openai",
                  "gpt-4o-mini",
                  body(asked[i] + " warm"),
                  null,
                  null,
                  null)
              .orElseThrow());
    }
    long[] exact = new long[queries];
    long[] semantic = new long[queries];
    long[] embedOnly = new long[queries];
    int found = 0;
    for (int i = 0; i < queries; i++) {
      ObjectNode body = body(asked[i]);
      long start = System.nanoTime();
      keys.key("openai", "gpt-4o-mini", body, null, null, null);
      exact[i] = System.nanoTime() - start;
      start = System.nanoTime();
      found +=
          lookup
              .candidates(
                  lookup
                      .probe(
                          Endpoint.CHAT_COMPLETIONS,
                          "openai",
                          "gpt-4o-mini",
                          body,
                          null,
                          null,
                          null)
                      .orElseThrow())
              .size();
      semantic[i] = System.nanoTime() - start;
      start = System.nanoTime();
      embedder.embed(asked[i]);
      embedOnly[i] = System.nanoTime() - start;
    }
    System.out.printf(
        Locale.ROOT,
        "%,d missing lookups (%d found a candidate), ms p50 / p90 / p99:%n",
        queries,
        found);
    print("exact key only (baseline)", exact);
    print("semantic lookup on a miss", semantic);
    print("  of which embedding", embedOnly);
    embedder.close();
  }

  private static ObjectNode body(String question) {
    ObjectNode body = JSON.createObjectNode().put("model", "gpt-4o-mini").put("temperature", 0);
    body.putArray("messages").addObject().put("role", "user").put("content", question);
    return body;
  }

  private static void print(String label, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "  %-28s %7.3f / %7.3f / %7.3f%n",
        label,
        at(sorted, 0.5),
        at(sorted, 0.9),
        at(sorted, 0.99));
  }

  private static double at(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))]
        / 1e6;
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
