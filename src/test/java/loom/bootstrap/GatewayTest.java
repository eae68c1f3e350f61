package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import loom.cache.CacheSetupException;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Gateway#start} and {@link Gateway#close} on their own: close ends every thread the start began, and a
 * feature that cannot start stops the start after closing every feature that had started before it. The gateway's
 * threads are told apart from the rest of the JVM's by a thread group of their own, which every thread they start
 * (and every thread those start) joins.
 */
class GatewayTest {
  private static final long GRACE_MILLIS = 10_000;

  @TempDir Path home;

  @Test
  void closeEndsEveryThreadTheGatewayStarted() throws Exception {
    ThreadGroup group = new ThreadGroup("gateway-under-test");
    Gateway gateway =
        inGroup(group, () -> Gateway.start(config(""), Clock.systemUTC(), instanceName()));
    assertThat(alive(group))
        .as("threads the started gateway runs")
        .isNotEmpty()
        .anySatisfy(name -> assertThat(name).startsWith("loom-"));

    inGroup(
        group,
        () -> {
          gateway.close();
          return null;
        });

    assertThat(awaitEnded(group)).as("threads still running after close").isEmpty();
  }

  @Test
  void aFeatureThatCannotStartStopsTheStartAfterClosingWhatStartedBeforeIt() throws Exception {
    // The response cache starts after the store, analytics, alerts and the proxy, each of which
    // runs threads.
    Files.writeString(home.resolve("ehcache.xml"), "<config");
    ThreadGroup group = new ThreadGroup("gateway-under-test");

    Throwable failed =
        catchThrowable(
            () ->
                inGroup(
                    group,
                    () ->
                        Gateway.start(
                            config("cache: { jcache_config: ehcache.xml }\n"),
                            Clock.systemUTC(),
                            instanceName())));

    assertThat(failed).isInstanceOf(CacheSetupException.class).hasMessageContaining("ehcache.xml");
    assertThat(awaitEnded(group)).as("threads still running after the failed start").isEmpty();
    // Nothing holds the store either: a gateway starts on it at once.
    Gateway again = Gateway.start(config(""), Clock.systemUTC(), instanceName());
    again.close();
  }

  private GatewayConfig config(String more) {
    return new ConfigLoader(name -> null, name -> null)
        .parse(
            "storage: { url: 'jdbc:sqlite:"
                + home.resolve("loom.db")
                + "' }\nproviders: [ { id: demo, type: demo } ]\n"
                + more,
            home,
            "GatewayTest");
  }

  /** Each gateway of the JVM names its JCache manager after its instance: this test's are never another's. */
  private static String instanceName() {
    return "gateway-test-" + UUID.randomUUID();
  }

  /** Runs {@code work} on a thread of {@code group}, so that the threads it starts are in the group too. */
  private static <T> T inGroup(ThreadGroup group, Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            group,
            () -> {
              try {
                result.set(work.call());
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "gateway-test-caller");
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  private static List<String> alive(ThreadGroup group) {
    Thread[] threads = new Thread[group.activeCount() + 16];
    int count = group.enumerate(threads, true);
    return Arrays.stream(threads, 0, count)
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .sorted()
        .toList();
  }

  /** The group's threads still alive once each has had, together, {@link #GRACE_MILLIS} to end. */
  private static List<String> awaitEnded(ThreadGroup group) throws InterruptedException {
    long deadline = System.currentTimeMillis() + GRACE_MILLIS;
    Thread[] threads = new Thread[group.activeCount() + 16];
    int count = group.enumerate(threads, true);
    for (int i = 0; i < count; i++) {
      threads[i].join(Math.max(1, deadline - System.currentTimeMillis()));
    }
    return alive(group);
  }
}
