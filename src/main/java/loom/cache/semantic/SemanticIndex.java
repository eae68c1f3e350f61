package loom.cache.semantic;

import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import com.github.jelmerk.hnswlib.core.hnsw.SizeLimitExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The remembered questions of this gateway, one HNSW graph per partition (so a lookup only ever compares requests
 * that agree on everything but their final text), within a memory budget: when the entries' {@link
 * SemanticEntry#bytes()} pass it, the oldest go first. Thread-safe: graphs are searched while others are added to.
 */
public final class SemanticIndex {
  /** Neighbours per node, and the breadth of a search: recall near 1 on the sizes measured in bench/. */
  private static final int M = 16;

  private static final int EF_SEARCH = 64;
  private static final int EF_CONSTRUCTION = 100;
  private static final int FIRST_CAPACITY = 8;

  private final int dimensions;
  private final long maxBytes;
  private final Map<String, HnswIndex<String, float[], SemanticEntry, Float>> partitions =
      new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<SemanticEntry> oldestFirst = new ConcurrentLinkedQueue<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong entries = new AtomicLong();
  private final AtomicLong queued = new AtomicLong();

  public SemanticIndex(int dimensions, long maxBytes) {
    this.dimensions = dimensions;
    this.maxBytes = maxBytes;
  }

  /** A remembered question and how close it is to the one asked. */
  public record Scored(SemanticEntry entry, double similarity) {}

  /**
   * Up to {@code count} remembered questions of the partition at least {@code threshold} similar to the vector, the
   * closest first; expired ones are dropped on the way.
   */
  public List<Scored> nearest(
      String partition, float[] vector, double threshold, int count, long nowMillis) {
    HnswIndex<String, float[], SemanticEntry, Float> graph = partitions.get(partition);
    if (graph == null) {
      return List.of();
    }
    List<Scored> found = new ArrayList<>(count);
    for (SearchResult<SemanticEntry, Float> result : graph.findNearest(vector, count)) {
      SemanticEntry entry = result.item();
      if (entry.isExpiredAt(nowMillis)) {
        remove(entry);
        continue;
      }
      double similarity = 1 - result.distance();
      if (similarity >= threshold) {
        found.add(new Scored(entry, similarity));
      }
    }
    return found;
  }

  /** Remembers a question (replacing one under the same key), then makes room if the budget is passed. */
  public void add(SemanticEntry entry) {
    if (entry.vector().length != dimensions) {
      throw new IllegalArgumentException(
          "the index holds vectors of " + dimensions + " floats; got " + entry.vector().length);
    }
    partitions.compute(
        entry.partition(),
        (partition, graph) -> {
          HnswIndex<String, float[], SemanticEntry, Float> target =
              graph == null ? newGraph(FIRST_CAPACITY) : graph;
          target.get(entry.key()).ifPresent(this::forget);
          try {
            target.add(entry);
            return target;
          } catch (SizeLimitExceededException full) {
            return regrown(target, entry);
          }
        });
    oldestFirst.add(entry);
    bytes.addAndGet(entry.bytes());
    entries.incrementAndGet();
    if (queued.incrementAndGet() > 2 * entries.get() + 1_024) {
      // Removed and replaced entries stay queued until polled; drop them before the queue outgrows
      // the index.
      oldestFirst.removeIf(queuedEntry -> !isHeld(queuedEntry));
      queued.set(entries.get());
    }
    while (bytes.get() > maxBytes) {
      SemanticEntry oldest = oldestFirst.poll();
      if (oldest == null) {
        break;
      }
      queued.decrementAndGet();
      remove(oldest);
    }
  }

  /** Forgets one question (e.g. its answer is no longer in the cache). */
  public void remove(SemanticEntry entry) {
    partitions.computeIfPresent(
        entry.partition(),
        (partition, graph) -> {
          graph
              .get(entry.key())
              .filter(held -> held == entry)
              .ifPresent(
                  held -> {
                    graph.remove(held.key(), held.version());
                    forget(held);
                  });
          return graph.size() == 0 ? null : graph;
        });
  }

  /** Forgets every question that matches; returns how many. */
  public long removeIf(Predicate<SemanticEntry> matches) {
    long removed = 0;
    for (HnswIndex<String, float[], SemanticEntry, Float> graph : partitions.values()) {
      for (SemanticEntry entry : List.copyOf(graph.items())) {
        if (matches.test(entry)) {
          remove(entry);
          removed++;
        }
      }
    }
    return removed;
  }

  /** Questions held now. */
  public long size() {
    return entries.get();
  }

  /** Their estimated heap size. */
  public long bytes() {
    return bytes.get();
  }

  public int partitions() {
    return partitions.size();
  }

  private void forget(SemanticEntry entry) {
    // The queue keeps its reference until it is polled; only the counts change now.
    bytes.addAndGet(-entry.bytes());
    entries.decrementAndGet();
  }

  /** One minus the cosine similarity of unit vectors (what hnswlib's inner-product distance is, computed faster). */
  private static float distance(float[] a, float[] b) {
    return (float) (1 - Vectors.dot(a, b));
  }

  private boolean isHeld(SemanticEntry entry) {
    HnswIndex<String, float[], SemanticEntry, Float> graph = partitions.get(entry.partition());
    return graph != null && graph.get(entry.key()).filter(held -> held == entry).isPresent();
  }

  /**
   * A full graph with room for one more: twice the size, or, when removed nodes (which hnswlib keeps, marked) take
   * half of it, a new graph of the live entries, so a partition's churn cannot grow it without bound.
   */
  private HnswIndex<String, float[], SemanticEntry, Float> regrown(
      HnswIndex<String, float[], SemanticEntry, Float> full, SemanticEntry entry) {
    int capacity = full.getMaxItemCount();
    if (full.size() >= capacity / 2) {
      full.resize(capacity * 2);
      full.add(entry);
      return full;
    }
    HnswIndex<String, float[], SemanticEntry, Float> rebuilt = newGraph(capacity);
    full.items().forEach(rebuilt::add);
    rebuilt.add(entry);
    return rebuilt;
  }

  private HnswIndex<String, float[], SemanticEntry, Float> newGraph(int capacity) {
    return HnswIndex.newBuilder(dimensions, SemanticIndex::distance, capacity)
        .withM(M)
        .withEf(EF_SEARCH)
        .withEfConstruction(EF_CONSTRUCTION)
        .withRemoveEnabled()
        .build();
  }
}
