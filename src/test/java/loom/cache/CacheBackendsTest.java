package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import loom.config.CacheConfig;
import loom.config.Secret;
import loom.testing.ThreadsSince;
import org.ehcache.config.ResourcePool;
import org.ehcache.config.ResourceType;
import org.ehcache.config.ResourceUnit;
import org.ehcache.config.SizedResourcePool;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory backend: Ehcache configured from loom.yaml and ehcache.xml, counters in this JVM. */
class CacheBackendsTest {
  @TempDir Path dir;
  private final List<CacheBackends> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(CacheBackends::close);
  }

  @Test
  void memoryBackendStoresAndReturnsEntries() {
    CacheBackends backends = start(CacheConfig.defaults(), "memory");

    backends.active().put("v1:openai:gpt-4o:3f2a", "{\"status\":200}");

    assertThat(backends.active().get("v1:openai:gpt-4o:3f2a")).isEqualTo("{\"status\":200}");
    assertThat(backends.state()).isEqualTo("memory");
    assertThat(backends.fallbacks()).isZero();
  }

  @Test
  void loomYamlValuesReachTheDefaultEhcacheConfiguration() {
    CacheBackends backends =
        start(memory(1234, 7, Duration.ofSeconds(90), Optional.empty()), "sized");

    var runtime = ehcache(backends.active()).getRuntimeConfiguration();

    assertPool(
        runtime.getResourcePools().getPoolForResource(ResourceType.Core.HEAP),
        1234,
        EntryUnit.ENTRIES);
    assertPool(
        runtime.getResourcePools().getPoolForResource(ResourceType.Core.OFFHEAP), 7, MemoryUnit.MB);
    assertThat(runtime.getExpiryPolicy().getExpiryForCreation("key", "value"))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void jcacheConfigFileReplacesTheDefaultAndGetsThePlaceholders() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("my-ehcache.xml"),
            ehcacheXml(
                """
        <cache alias="loom-responses">
          <key-type>java.lang.String</key-type>
          <value-type>java.lang.String</value-type>
          <resources>
            <heap unit="entries">7</heap>
            <offheap unit="MB">${loom.cache.max_memory_mb}</offheap>
          </resources>
        </cache>"""));
    CacheBackends backends =
        start(memory(1000, 3, Duration.ofHours(1), Optional.of(file)), "user-file");

    var pools = ehcache(backends.active()).getRuntimeConfiguration().getResourcePools();

    assertPool(pools.getPoolForResource(ResourceType.Core.HEAP), 7, EntryUnit.ENTRIES);
    assertPool(pools.getPoolForResource(ResourceType.Core.OFFHEAP), 3, MemoryUnit.MB);
  }

  @Test
  void jcacheConfigWithoutTheResponsesCacheFailsNamingTheFileAndTheCache() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("other.xml"),
            ehcacheXml(
                """
        <cache alias="something-else">
          <key-type>java.lang.String</key-type>
          <value-type>java.lang.String</value-type>
          <heap unit="entries">10</heap>
        </cache>"""));

    assertThatThrownBy(
            () -> start(memory(100, 1, Duration.ofHours(1), Optional.of(file)), "no-cache"))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("no cache with alias \"loom-responses\"")
        .hasMessageContaining("something-else");
  }

  @Test
  void responsesCacheWithOtherTypesFails() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("typed.xml"),
            ehcacheXml(
                """
        <cache alias="loom-responses">
          <key-type>java.lang.Long</key-type>
          <value-type>java.lang.String</value-type>
          <heap unit="entries">10</heap>
        </cache>"""));

    assertThatThrownBy(() -> start(memory(100, 1, Duration.ofHours(1), Optional.of(file)), "typed"))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("java.lang.Long");
  }

  @Test
  void malformedJcacheConfigFailsNamingTheFileAndLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("broken.xml"), "<config>\n  <cache alias=\"loom-responses\">\n</config>");

    assertThatThrownBy(
            () -> start(memory(100, 1, Duration.ofHours(1), Optional.of(file)), "broken"))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 3");
  }

  @Test
  void jcacheConfigThatBreaksTheSchemaFailsNamingTheFileAndTheValue() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("invalid.xml"),
            ehcacheXml(
                """
        <cache alias="loom-responses">
          <key-type>java.lang.String</key-type>
          <value-type>java.lang.String</value-type>
          <heap unit="entries">lots</heap>
        </cache>"""));

    assertThatThrownBy(
            () -> start(memory(100, 1, Duration.ofHours(1), Optional.of(file)), "invalid"))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("lots");
  }

  @Test
  void unknownLoomPlaceholderFailsListingTheKnownOnes() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("typo.xml"),
            ehcacheXml(
                """
        <cache alias="loom-responses">
          <key-type>java.lang.String</key-type>
          <value-type>java.lang.String</value-type>
          <heap unit="entries">${loom.cache.max_entries}</heap>
        </cache>"""));

    assertThatThrownBy(() -> start(memory(100, 1, Duration.ofHours(1), Optional.of(file)), "typo"))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("${loom.cache.max_entries}")
        .hasMessageContaining("${loom.cache.max_size}");
  }

  @Test
  void jcacheConfigWithADoctypeIsRefusedSoNoExternalEntityIsRead() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "42");
    Path file =
        Files.writeString(
            dir.resolve("doctype.xml"),
            "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE config [<!ENTITY size SYSTEM \""
                + secret.toUri()
                + "\">]>\n"
                + ehcacheXml(
                    """
        <cache alias="loom-responses">
          <key-type>java.lang.String</key-type>
          <value-type>java.lang.String</value-type>
          <heap unit="entries">&size;</heap>
        </cache>"""));

    assertThatThrownBy(
            () -> start(memory(100, 1, Duration.ofHours(1), Optional.of(file)), "doctype"))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void entriesEvictedForLackOfRoomAreCounted() {
    CacheBackends backends = start(memory(10, 1, Duration.ofHours(1), Optional.empty()), "tiny");
    String big = "x".repeat(20_000);

    for (int i = 0; i < 200; i++) {
      backends.active().put("key-" + i, big + i);
    }

    // Counted on the storing thread, so every eviction is counted by the time put returns.
    assertThat(backends.evictions()).isPositive();
    assertThat(backends.active().get("key-199")).isEqualTo(big + 199);
  }

  @Test
  void twoInstancesInOneClassLoaderKeepTheirOwnEntries() {
    CacheBackends first = start(CacheConfig.defaults(), "first");
    CacheBackends second = start(CacheConfig.defaults(), "second");

    first.active().put("key", "first's");

    assertThat(second.active().get("key")).isNull();
    second.close();
    assertThat(first.active().get("key")).isEqualTo("first's");
  }

  @Test
  void localCountersAddUp() {
    CacheBackends backends = start(CacheConfig.defaults(), "counted");

    backends.counters().add("hits", 2);
    backends.counters().add("misses", 1);
    backends.counters().add("hits", 3);
    backends.counters().flush();

    assertThat(backends.counters().snapshot())
        .containsExactly(Map.entry("hits", 5L), Map.entry("misses", 1L));
  }

  @Test
  void failuresOfTheMemoryCacheAreOnlyCounted() {
    CacheBackends backends = start(CacheConfig.defaults(), "failing");

    backends.failed(backends.active(), new CacheException("disk on fire"));

    assertThat(backends.failures()).isEqualTo(1);
    assertThat(backends.fallbacks()).isZero();
    assertThat(backends.state()).isEqualTo("memory");
  }

  @Test
  void closeLeavesNoEhcacheThreadOrMBeanBehind() throws Exception {
    ThreadsSince before = ThreadsSince.now();
    CacheBackends backends =
        CacheBackends.start(
            memory(10, 1, Duration.ofHours(1), Optional.empty()),
            getClass().getClassLoader(),
            "closing");
    for (int i = 0; i < 100; i++) {
      backends.active().put("key-" + i, "x".repeat(20_000));
    }

    backends.close();

    assertThat(threadsLeft(before, "Ehcache")).isEmpty();
    assertThat(mbeansLeft("closing")).isEmpty();
  }

  private CacheBackends start(CacheConfig config, String instanceName) {
    CacheBackends backends = CacheBackends.start(config, getClass().getClassLoader(), instanceName);
    started.add(backends);
    return backends;
  }

  static List<String> threadsLeft(ThreadsSince before, String... fragments) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> left = liveThreadsNamed(before, fragments);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      left = liveThreadsNamed(before, fragments);
    }
    return left;
  }

  /** The JCache MBeans registered for a gateway instance's cache managers. */
  static Set<ObjectName> mbeansLeft(String instanceName) throws MalformedObjectNameException {
    return ManagementFactory.getPlatformMBeanServer()
        .queryNames(new ObjectName("javax.cache:*"), null)
        .stream()
        .filter(name -> name.getKeyProperty("CacheManager").contains("loom." + instanceName + "."))
        .collect(Collectors.toSet());
  }

  static List<String> liveThreadsNamed(ThreadsSince before, String... fragments) {
    return before.started().stream()
        .map(Thread::getName)
        .filter(name -> Stream.of(fragments).anyMatch(name::contains))
        .toList();
  }

  static CacheConfig memory(
      int maxSize, int maxMemoryMb, Duration maxTtl, Optional<Path> jcacheConfig) {
    return new CacheConfig(
        true,
        CacheConfig.Backend.MEMORY,
        CacheConfig.DEFAULT_TTL,
        maxTtl,
        maxSize,
        maxMemoryMb,
        CacheConfig.DEFAULT_MAX_ENTRY_SIZE,
        CacheConfig.DEFAULT_CLEANUP_PERIOD,
        false,
        CacheConfig.Scope.SHARED,
        jcacheConfig,
        new Secret(""),
        Optional.empty(),
        CacheConfig.DEFAULT_REDIS_TIMEOUT,
        CacheConfig.DEFAULT_PROBE_PERIOD);
  }

  private static String ehcacheXml(String caches) {
    return "<config xmlns=\"http://www.ehcache.org/v3\">\n" + caches + "\n</config>\n";
  }

  @SuppressWarnings("unchecked")
  private static org.ehcache.Cache<String, String> ehcache(Cache<String, String> cache) {
    return cache.unwrap(org.ehcache.Cache.class);
  }

  private static void assertPool(ResourcePool pool, long size, ResourceUnit unit) {
    var sized = (SizedResourcePool) pool;
    assertThat(sized.getSize()).isEqualTo(size);
    assertThat(sized.getUnit()).isEqualTo(unit);
  }
}
