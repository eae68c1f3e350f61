package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class Java17LeaksTest {
  @Test
  void theProcessReaperLetsGoOfTheGatewaysClassLoaderAndOtherThreadsKeepTheirs() throws Exception {
    try (URLClassLoader gateway = new URLClassLoader(new URL[0])) {
      CountDownLatch done = new CountDownLatch(1);
      Thread reaper = parked("process reaper", gateway, done);
      Thread other = parked("loom-other", gateway, done);
      try {
        Java17Leaks.release(gateway);

        assertThat(reaper.getContextClassLoader()).isSameAs(ClassLoader.getSystemClassLoader());
        assertThat(other.getContextClassLoader()).isSameAs(gateway);
      } finally {
        done.countDown();
        reaper.join();
        other.join();
      }
    }
  }

  @Test
  void recordsStillCompareAfterTheRecordMethodCachesAreReplaced() {
    record Pair(String left, Integer right) {}
    Java17Leaks.release(getClass().getClassLoader());

    assertThat(new Pair("a", 1)).isEqualTo(new Pair("a", 1)).isNotEqualTo(new Pair("a", 2));
    assertThat(new Pair("a", 1))
        .hasSameHashCodeAs(new Pair("a", 1))
        .hasToString("Pair[left=a, right=1]");
  }

  private static Thread parked(String name, ClassLoader contextClassLoader, CountDownLatch done) {
    Thread thread =
        new Thread(
            () -> {
              try {
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    thread.setContextClassLoader(contextClassLoader);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
