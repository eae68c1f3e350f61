package loom.cache.semantic;

import com.github.jelmerk.hnswlib.core.Item;
import java.util.Objects;

/**
 * One remembered question: the final user text of a request whose answer the exact cache holds under {@code key}, its
 * vector, the partition it may be compared in, and until when that answer may be served.
 *
 * @param key the exact cache key of the stored answer (also this entry's id)
 * @param partition the key of everything but the final text ({@link FinalUserTurn#rest()})
 * @param expiresAtMillis when the stored answer expires (epoch milliseconds)
 */
public record SemanticEntry(
    String key, String partition, String text, float[] vector, long expiresAtMillis)
    implements Item<String, float[]> {
  private static final long serialVersionUID = 1L;

  public SemanticEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vector, "vector");
  }

  @Override
  public String id() {
    return key;
  }

  @Override
  public int dimensions() {
    return vector.length;
  }

  boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  /**
   * What this entry holds on the heap, roughly: the vector, the three strings and the index's links and node
   * (hnswlib keeps about 2·M neighbour ids on the base layer and an object per node).
   */
  long bytes() {
    return 4L * vector.length
        + 2L * (key.length() + partition.length() + text.length())
        + 3 * 40
        + 400;
  }
}
