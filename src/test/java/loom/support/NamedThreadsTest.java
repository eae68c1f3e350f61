package loom.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class NamedThreadsTest {
  private static final Runnable NOTHING = () -> {};

  @Test
  void aSingleNameIsGivenToEveryThreadAsItIs() {
    ThreadFactory threads = NamedThreads.daemon("loom-scheduler");

    assertThat(threads.newThread(NOTHING).getName()).isEqualTo("loom-scheduler");
    assertThat(threads.newThread(NOTHING).getName()).isEqualTo("loom-scheduler");
  }

  @Test
  void numberedThreadsCountFromOneInTheOrderTheyAreMade() {
    ThreadFactory threads = NamedThreads.numberedDaemons("loom-proxy-");

    assertThat(threads.newThread(NOTHING).getName()).isEqualTo("loom-proxy-1");
    assertThat(threads.newThread(NOTHING).getName()).isEqualTo("loom-proxy-2");
    assertThat(threads.newThread(NOTHING).getName()).isEqualTo("loom-proxy-3");
  }

  @Test
  void eachFactoryCountsOnItsOwn() {
    NamedThreads.numberedDaemons("a-").newThread(NOTHING);

    assertThat(NamedThreads.numberedDaemons("a-").newThread(NOTHING).getName()).isEqualTo("a-1");
  }

  @Test
  void threadsAreDaemonsThatRunTheirTaskAndAreNotYetStarted() throws InterruptedException {
    boolean[] ran = new boolean[1];
    Thread thread = NamedThreads.daemon("t").newThread(() -> ran[0] = true);

    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
    thread.start();
    thread.join();
    assertThat(ran[0]).isTrue();
  }

  @Test
  void aNameIsRequired() {
    assertThatNullPointerException().isThrownBy(() -> NamedThreads.daemon(null));
    assertThatNullPointerException().isThrownBy(() -> NamedThreads.numberedDaemons(null));
  }
}
