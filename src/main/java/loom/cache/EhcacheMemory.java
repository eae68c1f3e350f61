package loom.cache;

import java.util.EnumSet;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import loom.config.CacheConfig;
import org.ehcache.event.CacheEventListener;
import org.ehcache.event.EventFiring;
import org.ehcache.event.EventOrdering;
import org.ehcache.event.EventType;
import org.ehcache.jsr107.EhcacheCachingProvider;

/**
 * The memory backend: the {@value CacheBackends#CACHE_NAME} cache of an Ehcache cache manager of its own, whose
 * URI names the gateway instance so two deployments in one JVM never share or clash. It counts the entries
 * Ehcache evicts for lack of room. Thread-safe.
 */
final class EhcacheMemory implements AutoCloseable {
  private static final String PROVIDER = "org.ehcache.jsr107.EhcacheCachingProvider";

  private final CacheManager manager;
  private final Cache<String, String> cache;
  private final String source;
  private final LongAdder evictions = new LongAdder();

  private EhcacheMemory(CacheManager manager, Cache<String, String> cache, String source) {
    this.manager = manager;
    this.cache = cache;
    this.source = source;
  }

  /** Starts the cache from the configured ehcache.xml; a bad file throws {@link CacheSetupException}. */
  static EhcacheMemory open(CacheConfig config, ClassLoader classLoader, String instanceName) {
    EhcacheXml xml = EhcacheXml.read(config, classLoader);
    // Named explicitly: with Redisson on the class path too, the no-argument lookup finds two
    // providers and fails.
    EhcacheCachingProvider provider =
        (EhcacheCachingProvider) Caching.getCachingProvider(PROVIDER, classLoader);
    CacheManager manager;
    try {
      manager =
          provider.getCacheManager(
              CacheBackends.managerUri(instanceName, "memory"), xml.configuration());
    } catch (RuntimeException e) {
      throw new CacheSetupException(
          "Cannot start the memory cache configured by "
              + xml.source()
              + ": "
              + CacheBackends.describe(e)
              + offHeapHint(e),
          e);
    }
    try {
      EhcacheMemory memory =
          new EhcacheMemory(
              manager,
              manager.getCache(CacheBackends.CACHE_NAME, String.class, String.class),
              xml.source());
      memory.countEvictions();
      return memory;
    } catch (RuntimeException e) {
      manager.close();
      throw new CacheSetupException(
          "Cannot start the memory cache configured by "
              + xml.source()
              + ": "
              + CacheBackends.describe(e),
          e);
    }
  }

  Cache<String, String> cache() {
    return cache;
  }

  /** The ehcache.xml the cache was configured by, for logs. */
  String source() {
    return source;
  }

  /** Entries evicted for lack of room since start (expired entries are not evictions). */
  long evictions() {
    return evictions.sum();
  }

  @Override
  public void close() {
    manager.close();
  }

  @SuppressWarnings("unchecked")
  private void countEvictions() {
    CacheEventListener<String, String> listener = event -> evictions.increment();
    // JCache has no eviction event; the Ehcache cache underneath has, and Eh107Cache.unwrap hands
    // it out. Fired on the thread that stored the entry: once the cache is full every store evicts,
    // and handing each count to Ehcache's event thread cost a thread wake-up per store for an
    // increment.
    cache
        .unwrap(org.ehcache.Cache.class)
        .getRuntimeConfiguration()
        .registerCacheEventListener(
            listener,
            EventOrdering.UNORDERED,
            EventFiring.SYNCHRONOUS,
            EnumSet.of(EventType.EVICTED));
  }

  /** Off-heap that does not fit the JVM's direct memory is a sizing mistake with a known remedy: say it. */
  private static String offHeapHint(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (String.valueOf(cause.getMessage()).contains("MaxDirectMemorySize")) {
        return " (lower cache.max_memory_mb, which every deployment in this JVM reserves off-heap, or raise the"
            + " JVM's -XX:MaxDirectMemorySize, which defaults to -Xmx)";
      }
    }
    return "";
  }
}
