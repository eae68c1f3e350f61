package loom.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import loom.cache.semantic.SemanticEntry;
import loom.cache.semantic.SemanticIndex;
import loom.cache.semantic.Vectors;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remembered questions shared through Redis: one sorted set per partition ({@code loom:semantic:} and the
 * partition), each member a question (key, text, vector, expiry) scored by a Redis-wide sequence number, so a gateway
 * reads only what is newer than what it has seen (one round trip per lookup, nothing when nothing is new). A set keeps
 * its newest {@link #MAX_PER_PARTITION} and expires with the longest TTL after its last addition. While the cache has
 * fallen back to memory, nothing is shared. Thread-safe.
 */
final class RedisSemanticShare implements SemanticShare {
  static final String PREFIX = "loom:semantic:";
  static final String SEQUENCE = "loom:semantic-sequence";
  static final int MAX_PER_PARTITION = 100_000;
  private static final Logger log = LoggerFactory.getLogger(RedisSemanticShare.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADD =
      """
      local score = redis.call('incr', KEYS[2])
      redis.call('zadd', KEYS[1], score, ARGV[1])
      redis.call('zremrangebyrank', KEYS[1], 0, -tonumber(ARGV[2]) - 1)
      redis.call('pexpire', KEYS[1], ARGV[3])
      return score
      """;

  /** Partitions whose last seen score is remembered; beyond this, all are forgotten (and read whole again). */
  private static final int MAX_TRACKED = 100_000;

  private final RedissonClient client;
  private final BooleanSupplier redisInUse;
  private final int dimensions;
  private final Duration maxTtl;
  private final Clock clock;
  private final Map<String, Double> seen = new ConcurrentHashMap<>();

  RedisSemanticShare(
      RedissonClient client,
      BooleanSupplier redisInUse,
      int dimensions,
      Duration maxTtl,
      Clock clock) {
    this.client = client;
    this.redisInUse = redisInUse;
    this.dimensions = dimensions;
    this.maxTtl = maxTtl;
    this.clock = clock;
  }

  @Override
  public void publish(SemanticEntry entry) {
    if (!redisInUse.getAsBoolean()) {
      return;
    }
    ObjectNode member =
        JSON.createObjectNode()
            .put("key", entry.key())
            .put("text", entry.text())
            .put("vector", Vectors.encode(entry.vector()))
            .put("expires_at", entry.expiresAtMillis());
    try {
      client
          .getScript(StringCodec.INSTANCE)
          .eval(
              PREFIX + entry.partition(),
              RScript.Mode.READ_WRITE,
              ADD,
              RScript.ReturnType.INTEGER,
              List.of(PREFIX + entry.partition(), SEQUENCE),
              member.toString(),
              Integer.toString(MAX_PER_PARTITION),
              Long.toString(maxTtl.toMillis()));
    } catch (RuntimeException e) {
      log.debug(
          "A semantic cache entry was not shared through Redis: {}", CacheBackends.describe(e));
    }
  }

  @Override
  public void catchUp(String partition, SemanticIndex index) {
    if (!redisInUse.getAsBoolean()) {
      return;
    }
    double after = seen.getOrDefault(partition, Double.NEGATIVE_INFINITY);
    java.util.Collection<ScoredEntry<String>> fresh;
    try {
      fresh =
          client
              .<String>getScoredSortedSet(PREFIX + partition, StringCodec.INSTANCE)
              .entryRange(after, false, Double.POSITIVE_INFINITY, true);
    } catch (RuntimeException e) {
      log.debug(
          "Semantic cache entries could not be read from Redis: {}", CacheBackends.describe(e));
      return;
    }
    long now = clock.millis();
    double last = after;
    for (ScoredEntry<String> member : fresh) {
      last = Math.max(last, member.getScore());
      try {
        SemanticEntry entry = parse(partition, member.getValue());
        if (!(now >= entry.expiresAtMillis())) {
          index.add(entry);
        }
      } catch (IOException | IllegalArgumentException e) {
        log.debug("Skipping an unreadable shared semantic entry: {}", e.toString());
      }
    }
    if (last > after) {
      if (seen.size() >= MAX_TRACKED) {
        seen.clear();
      }
      seen.put(partition, last);
    }
  }

  @Override
  public void clear() {
    seen.clear();
    try {
      client.getKeys().deleteByPattern(PREFIX + "*");
    } catch (RuntimeException e) {
      log.warn(
          "Shared semantic cache entries could not be removed from Redis: {}",
          CacheBackends.describe(e));
    }
  }

  private SemanticEntry parse(String partition, String text) throws IOException {
    JsonNode member = JSON.readTree(text);
    if (member == null || !member.path("key").isTextual() || !member.path("text").isTextual()) {
      throw new IllegalArgumentException("not a shared semantic entry");
    }
    return new SemanticEntry(
        member.get("key").textValue(),
        partition,
        member.get("text").textValue(),
        Vectors.decode(member.path("vector").asText(), dimensions),
        member.path("expires_at").asLong());
  }
}
