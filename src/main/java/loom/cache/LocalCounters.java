package loom.cache;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters in this JVM only: the memory backend's, and the not yet flushed part of the Redis ones. Thread-safe. */
final class LocalCounters implements CacheCounters {
  private final ConcurrentMap<String, LongAdder> counters = new ConcurrentHashMap<>();

  @Override
  public void add(String name, long delta) {
    LongAdder counter = counters.get(name);
    if (counter == null) {
      counter = counters.computeIfAbsent(name, created -> new LongAdder());
    }
    counter.add(delta);
  }

  @Override
  public Map<String, Long> snapshot() {
    Map<String, Long> totals = new TreeMap<>();
    counters.forEach((name, counter) -> totals.put(name, counter.sum()));
    return Collections.unmodifiableMap(totals);
  }

  @Override
  public void flush() {
    // Nothing to push: these counters are the totals.
  }
}
