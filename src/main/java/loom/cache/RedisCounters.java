package loom.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters shared by every gateway on one Redis, in the hash {@value #KEY}. Additions collect locally;
 * {@link #flush()} adds them to the hash and reads all totals back in one atomic script, so a snapshot never
 * waits for Redis. While Redis is down (or the cache has fallen back from it) additions wait locally.
 * Thread-safe.
 */
final class RedisCounters implements CacheCounters {
  static final String KEY = "loom:cache:stats";
  private static final Logger log = LoggerFactory.getLogger(RedisCounters.class);
  private static final String PUSH_AND_READ =
      """
      for i = 1, #ARGV, 2 do
        redis.call('hincrby', KEYS[1], ARGV[i], ARGV[i + 1])
      end
      return redis.call('hgetall', KEYS[1])
      """;

  private final RedissonClient client;
  private final BooleanSupplier redisInUse;
  private final LocalCounters unflushed = new LocalCounters();

  /** Guards {@link #totals} together with the subtraction of what a flush pushed, so snapshots count it once. */
  private final Object totalsLock = new Object();

  private Map<String, Long> totals = Map.of();
  private boolean failing; // guarded by this (flush)

  /**
   * @param redisInUse whether the cache is on Redis right now; while it has fallen back, flushes wait instead of
   *     spending a timeout on a Redis known to be down
   */
  RedisCounters(RedissonClient client, BooleanSupplier redisInUse) {
    this.client = client;
    this.redisInUse = redisInUse;
  }

  @Override
  public void add(String name, long delta) {
    unflushed.add(name, delta);
  }

  @Override
  public Map<String, Long> snapshot() {
    Map<String, Long> sum = new TreeMap<>();
    synchronized (totalsLock) {
      sum.putAll(totals);
      unflushed.snapshot().forEach((name, delta) -> sum.merge(name, delta, Long::sum));
    }
    return Collections.unmodifiableMap(sum);
  }

  @Override
  public synchronized void flush() {
    if (!redisInUse.getAsBoolean()) {
      return;
    }
    Map<String, Long> pushed = new HashMap<>();
    List<Object> arguments = new ArrayList<>();
    unflushed
        .snapshot()
        .forEach(
            (name, delta) -> {
              if (delta != 0) {
                pushed.put(name, delta);
                arguments.add(name);
                arguments.add(Long.toString(delta));
              }
            });
    Map<String, Long> fresh;
    try {
      List<Object> reply =
          client
              .getScript(StringCodec.INSTANCE)
              .eval(
                  KEY,
                  RScript.Mode.READ_WRITE,
                  PUSH_AND_READ,
                  RScript.ReturnType.MULTI,
                  List.of(KEY),
                  arguments.toArray());
      fresh = pairs(reply);
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn(
            "Cache counters cannot be pushed to Redis; they are kept here until it answers ({})",
            CacheBackends.describe(e));
      }
      return;
    }
    if (failing) {
      failing = false;
      log.info("Cache counters are pushed to Redis again");
    }
    synchronized (totalsLock) {
      totals = fresh;
      pushed.forEach((name, delta) -> unflushed.add(name, -delta));
    }
  }

  private static Map<String, Long> pairs(List<Object> hash) {
    Map<String, Long> values = new HashMap<>();
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      values.put((String) hash.get(i), Long.parseLong((String) hash.get(i + 1)));
    }
    return values;
  }
}
